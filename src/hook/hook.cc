#include "hook/hook.h"

#include <algorithm>
#include <vector>

#include "rules/json_text.h"

namespace paddock::hook {
namespace {

using rules::Verdict;

// deny > ask > passthrough > allow: passthrough is stricter than allow (the
// permission mode decides instead of an automatic yes).
bool Stricter(Verdict a, Verdict b) {
  auto rank = [](Verdict v) {
    switch (v) {
      case Verdict::kDeny: return 3;
      case Verdict::kAsk: return 2;
      case Verdict::kPassthrough: return 1;
      case Verdict::kAllow: return 0;
    }
    return 3;
  };
  return rank(a) > rank(b);
}

std::string OneLine(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  return s;
}

// `updated` (not null): the whole tool input Claude Code runs instead.
std::string DecisionJson(const char* decision, const std::string& reason, const nlohmann::json& updated = nullptr) {
  nlohmann::json j = {
      {"hookSpecificOutput",
       {{"hookEventName", "PreToolUse"}, {"permissionDecision", decision}, {"permissionDecisionReason", reason}}}};
  if (!updated.is_null()) j["hookSpecificOutput"]["updatedInput"] = updated;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

// What the audit log records of one answer (the CLI writes it).
nlohmann::json AuditRecord(const nlohmann::json& event, const HookAnswer& answer) {
  nlohmann::json rec = {{"event", "policy_decision"},
                        {"decision", rules::VerdictName(answer.decision.verdict)},
                        {"reason", answer.decision.reason},
                        {"exit_code", answer.exit_code}};
  if (answer.failed_closed) rec["decision"] = "error";
  if (answer.jailed) rec["jailed"] = true;
  for (const char* k : {"session_id", "tool_name", "tool_use_id", "cwd", "permission_mode", "agent_id"})
    if (event.is_object() && event.contains(k) && event[k].is_string()) rec[k] = event[k];
  if (event.is_object() && event.contains("tool_input") && event["tool_input"].is_object()) {
    const auto& in = event["tool_input"];
    for (const char* k : {"command", "file_path", "url", "path"}) {
      if (in.contains(k) && in[k].is_string()) {
        std::string v = in[k].get<std::string>();
        if (v.size() > 4096) v = v.substr(0, 4096) + "...[truncated]";
        rec[k] = v;
      }
    }
  }
  return rec;
}

// A string field of the event, `fallback` when absent. Any other type is
// malformed input (the hook fails closed on it).
Result<std::string> StringField(const nlohmann::json& event, const char* key, const char* fallback) {
  if (!event.contains(key)) return std::string(fallback);
  if (!event[key].is_string()) return Error{std::string("hook input: ") + key + " is not a string"};
  return event[key].get<std::string>();
}

std::string Cwd(const nlohmann::json& event) {
  return event.contains("cwd") && event["cwd"].is_string() ? event["cwd"].get<std::string>() : "";
}

}  // namespace

HookAnswer FailClosed(const std::string& why) {
  HookAnswer a;
  a.exit_code = 2;
  a.err = "paddock hook: blocked (fail closed): " + OneLine(why) + "\n";
  a.decision = {Verdict::kDeny, "error: " + why};
  a.failed_closed = true;
  return a;
}

namespace {

void DenyAnswer(HookAnswer& answer, const std::string& suffix = "") {
  answer.exit_code = 2;
  answer.err = "paddock: " + OneLine(answer.decision.reason) + suffix + "\n";
}

// Ask cannot be put to anyone: headless, or the mode would skip the prompt.
bool AskIsDeny(const std::string& mode, const HookConfig& config) {
  return config.ask_as_deny || mode == "bypassPermissions";
}
constexpr const char* kAskAsDeny = " (ask is enforced as deny: no prompt is possible here)";

// The answer to a decision, as the protocol carries it.
void PlainAnswer(HookAnswer& answer, const std::string& mode, const HookConfig& config) {
  switch (answer.decision.verdict) {
    case Verdict::kDeny: DenyAnswer(answer); break;
    case Verdict::kAsk:
      if (AskIsDeny(mode, config)) DenyAnswer(answer, kAskAsDeny);
      else answer.out = DecisionJson("ask", answer.decision.reason);
      break;
    case Verdict::kAllow:
      if (config.emit_allow && mode != "bypassPermissions") answer.out = DecisionJson("allow", answer.decision.reason);
      break;
    case Verdict::kPassthrough: break;
  }
}

// --jail-commands: a Bash call that would run runs inside `paddock run`. It is
// allowed outright (the jail is the sandbox) and, when the policy asks, put to
// the user already rewritten, so an approval cannot run it on the host.
// Denials stay exactly as without the option.
void JailAnswer(HookAnswer& answer, const std::string& mode, const HookConfig& config,
                const nlohmann::json& tool_input) {
  Verdict v = answer.decision.verdict;
  if (v == Verdict::kDeny || (v == Verdict::kAsk && AskIsDeny(mode, config))) return PlainAnswer(answer, mode, config);
  const JailCommands& jail = *config.jail_commands;
  if (jail.paddock.empty() || jail.project_dir.empty()) {
    answer = FailClosed("--jail-commands: the project directory or paddock's own path did not resolve");
    return;
  }
  nlohmann::json updated = tool_input;  // every other field (description, timeout, ...) as it was
  updated["command"] = JailedCommand(jail, tool_input["command"].get<std::string>());
  answer.jailed = true;
  if (v == Verdict::kAsk) {
    answer.out = DecisionJson("ask", answer.decision.reason, updated);
    return;
  }
  std::string why = answer.decision.reason.empty() ? "" : " (" + answer.decision.reason + ")";
  answer.out = DecisionJson("allow", "paddock: runs jailed in " + jail.project_dir + why, updated);
}

}  // namespace

HookEvent ReadEvent(std::string_view input, const HookConfig& config) {
  HookEvent read;
  auto fail = [&](const std::string& why) {
    read.answer = FailClosed(why);
    read.answer->audit = AuditRecord(read.json, *read.answer);
    return read;
  };
  auto parsed = rules::ParseJson(input);
  if (!parsed) return fail("malformed hook input: " + parsed.error().message);
  read.json = std::move(*parsed);
  const nlohmann::json& event = read.json;
  if (!event.is_object()) return fail("hook input is not a JSON object");
  auto name = StringField(event, "hook_event_name", "PreToolUse");
  if (!name) return fail(name.error().message);
  if (*name != "PreToolUse") {  // not a permission question
    read.answer = HookAnswer{};
    return read;
  }
  if (!event.contains("tool_name") || !event["tool_name"].is_string()) return fail("hook input has no tool_name");
  const nlohmann::json* tool_input = event.contains("tool_input") ? &event["tool_input"] : nullptr;
  if (event["tool_name"] == "Bash" && !(tool_input && tool_input->is_object() && tool_input->contains("command") &&
                                        (*tool_input)["command"].is_string()))
    return fail("Bash call without a command string");
  read.settings = rules::ResolveLocations(config.settings, Cwd(event));
  return read;
}

HookAnswer Decide(const HookEvent& read, const rules::LoadedSettings& loaded, const HookConfig& config) {
  if (read.answer) return *read.answer;
  const nlohmann::json& event = read.json;
  auto fail = [&](const std::string& why) {
    HookAnswer failed = FailClosed(why);
    failed.audit = AuditRecord(event, failed);
    return failed;
  };
  // A settings file we cannot parse might hold deny rules: fail closed.
  if (!loaded.errors.empty()) return fail("unreadable settings: " + loaded.errors.front());
  if (!event.is_object() || !event.contains("tool_name") || !event["tool_name"].is_string())
    return fail("hook input has no tool_name");
  auto mode_value = StringField(event, "permission_mode", "");
  if (!mode_value) return fail(mode_value.error().message);
  HookAnswer answer;
  std::string tool = event["tool_name"].get<std::string>();
  nlohmann::json tool_input = event.contains("tool_input") ? event["tool_input"] : nlohmann::json::object();
  std::string cwd = Cwd(event);

  rules::EvalContext ctx;
  ctx.cwd = cwd.empty() ? read.settings.project_dir : cwd;
  ctx.realpath = config.realpath;
  ctx.expand_glob = config.expand_glob;
  // `~` is the passwd home. $HOME may name another directory (Claude Code
  // reads ~ from it): its reading may only add restrictions, so both are
  // evaluated and the stricter answer wins.
  std::vector<std::string> homes;
  for (const std::string& h : {config.settings.home, config.settings.env_home})
    if (!h.empty() && std::find(homes.begin(), homes.end(), h) == homes.end()) homes.push_back(h);
  if (homes.empty()) homes.push_back("/");
  for (size_t i = 0; i < homes.size(); ++i) {
    ctx.home = homes[i];
    rules::Decision d = rules::EvaluateToolCall(tool, tool_input, loaded.rules, ctx);
    if (i == 0 || Stricter(d.verdict, answer.decision.verdict)) answer.decision = d;
  }
  if (config.jail_commands && tool == "Bash") {
    JailAnswer(answer, *mode_value, config, tool_input);
  } else {
    PlainAnswer(answer, *mode_value, config);
  }
  answer.audit = AuditRecord(event, answer);
  return answer;
}

HookAnswer HandleEvent(std::string_view input, const HookConfig& config, const rules::SettingsFacts& facts) {
  HookEvent read = ReadEvent(input, config);
  if (read.answer) return *read.answer;
  return Decide(read, rules::LoadSettings(read.settings, facts), config);
}

}  // namespace paddock::hook
