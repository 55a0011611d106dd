// `paddock hook [--ask-as-deny] [--emit-allow] [--jail-commands]
// [--audit-log FILE] [--managed-dir DIR] [--claude-config-dir DIR]
// [--deadline-ms N]`: the Claude Code PreToolUse hook.
//
// Trusted inputs are the command line (it comes from the settings file that
// registered the hook) and the passwd entry. The environment is not: an agent
// can set it for later sessions through the `env` key of a settings file it
// can write. So environment values may only tighten: PADDOCK_ASK_AS_DENY=1,
// a shorter PADDOCK_HOOK_DEADLINE_MS, extra deny/ask rules from
// PADDOCK_CLAUDE_MANAGED_DIR, CLAUDE_CONFIG_DIR, CLAUDE_PROJECT_DIR and
// $HOME/.claude, and $HOME as a second reading of `~` (see hook.h).
// PADDOCK_AUDIT_LOG names the audit file when --audit-log does not; the
// default is <state dir>/audit.log.
#include "hook/hook.h"

#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "cli/command.h"
#include "cli/host_paths.h"
#include "cli/self_path.h"
#include "cli/settings_files.h"
#include "cli/settings_inputs.h"
#include "jail/audit_file.h"

namespace paddock::cli {
namespace {

// Deadline: a hook that times out does not block in Claude Code, so the
// engine must answer "deny" itself well before the configured timeout.
void OnDeadline(int) {
  static const char kMsg[] = "paddock hook: blocked (fail closed): internal deadline exceeded\n";
  ssize_t ignored = ::write(STDERR_FILENO, kMsg, sizeof kMsg - 1);
  (void)ignored;
  _exit(2);
}

// The project directory as `paddock run --project` will mount it: canonical
// and a directory, else "" (the hook then fails closed).
std::string ProjectDirectory(const std::string& dir) {
  std::error_code ec;
  if (dir.empty() || !std::filesystem::is_directory(dir, ec)) return "";
  auto real = std::filesystem::canonical(dir, ec);
  return ec ? std::string() : real.string();
}

bool EnvFlag(const char* name) {
  const char* v = std::getenv(name);
  return v && (std::strcmp(v, "1") == 0 || std::strcmp(v, "true") == 0);
}

// The hook's log: as asked, else paddock's own in the state dir. Not
// skipped on PADDOCK_JAIL: the environment may only tighten, and inside a
// jail the default resolves to the jail home's state dir anyway (the jail's
// own file, never the host's log; docs/audit.md).
std::string HookAuditLog(const std::string& asked) {
  if (asked == "none") return "";
  if (!asked.empty()) return asked;
  auto log = jail::DefaultAuditLog();
  return log ? *log : "";
}

// The hook's options. `paddock init` registers the hook without any, so the
// parser is only built when there is something to parse: building CLI11's
// parser took about 5% of a decision's instructions.
struct HookOptions {
  long deadline_ms = 10000;
  bool jail_commands = false;
};

std::optional<int> ParseHookOptions(int argc, char** argv, hook::HookConfig& config, std::string& audit_log,
                                    HookOptions& options) {
  if (argc <= 1) return std::nullopt;
  CLI::App app{
      "Claude Code PreToolUse hook: reads one event on stdin and answers it. deny: exit 2, reason on\n"
      "stderr; ask: JSON on stdout (deny in bypassPermissions or with --ask-as-deny); errors and the\n"
      "internal deadline fail closed. The environment may only tighten: PADDOCK_ASK_AS_DENY=1, a\n"
      "shorter PADDOCK_HOOK_DEADLINE_MS, and extra deny/ask rules from PADDOCK_CLAUDE_MANAGED_DIR,\n"
      "CLAUDE_CONFIG_DIR, CLAUDE_PROJECT_DIR and $HOME.",
      "paddock hook"};
  app.add_flag("--ask-as-deny", config.ask_as_deny, "Enforce ask as deny (no prompt is possible)");
  app.add_flag("--emit-allow", config.emit_allow, "Answer allow explicitly (an auto-approver outside bypass mode)");
  app.add_flag("--jail-commands", options.jail_commands,
               "Run each Bash call the policy lets through inside `paddock run` of the project (updatedInput)");
  app.add_option("--audit-log", audit_log,
                 "Append one audit event per decision to FILE (default outside a jail: <state dir>/audit.log; "
                 "\"none\": no log)");
  app.add_option("--managed-dir", config.settings.managed_dir, "Directory of the managed settings");
  app.add_option("--claude-config-dir", config.settings.config_dir, "Claude Code's user configuration directory");
  app.add_option("--deadline-ms", options.deadline_ms,
                 "Deny when no answer is ready after N milliseconds (default 10000)");
  app.footer(
      "Examples:\n"
      "  paddock init    # registers `paddock hook` in .claude/settings.json, with a deny list\n"
      "  echo '{\"hook_event_name\":\"PreToolUse\",\"tool_name\":\"Bash\","
      "\"tool_input\":{\"command\":\"echo x | sudo rm -rf /\"},\"cwd\":\"'\"$PWD\"'\"}' | paddock hook    # exit 2: "
      "deny\n"
      "  paddock hook --ask-as-deny --audit-log ~/.local/state/paddock/hook.log");
  // A usage error exits 2, which is also the hook's deny: it fails closed.
  return ParseCommandLine(app, "hook", argc, argv);
}

// Standard input to its end, read in large blocks.
std::string ReadStdin() {
  std::string input;
  char buf[65536];
  while (true) {
    ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
    if (n > 0) input.append(buf, static_cast<size_t>(n));
    else if (n == 0 || errno != EINTR) break;
  }
  return input;
}

int HookMain(int argc, char** argv) {
  hook::HookConfig config;
  config.ask_as_deny = EnvFlag("PADDOCK_ASK_AS_DENY");
  std::string audit_log;
  if (const char* log = std::getenv("PADDOCK_AUDIT_LOG")) audit_log = log;
  config.settings = SettingsInputsFromProcess();
  // One decision may resolve a word several times (for each rule kind);
  // the answer cannot change within it.
  config.realpath = [cache = std::map<std::string, std::string>()](const std::string& path) mutable {
    auto [it, added] = cache.try_emplace(path);
    if (added) it->second = HostRealpath(path);
    return it->second;
  };
  config.expand_glob = [](const std::string& pattern) { return HostGlob(pattern); };
  HookOptions options;
  if (auto code = ParseHookOptions(argc, argv, config, audit_log, options)) return *code;
  long deadline_ms = std::max(1L, options.deadline_ms);
  audit_log = HookAuditLog(audit_log);
  // A longer deadline could let Claude Code's own hook timeout (which does not block) fire first.
  if (const char* d = std::getenv("PADDOCK_HOOK_DEADLINE_MS"))
    deadline_ms = std::min(deadline_ms, std::max(1L, std::atol(d)));
  std::signal(SIGALRM, OnDeadline);
  itimerval timer{};
  timer.it_value.tv_sec = deadline_ms / 1000;
  timer.it_value.tv_usec = (deadline_ms % 1000) * 1000;
  setitimer(ITIMER_REAL, &timer, nullptr);

  // Nothing below throws on purpose: malformed input and unreadable settings
  // are answers (fail closed); main() catches what the library may still throw.
  std::string input = ReadStdin();
  // The event names its cwd, which says where the project's settings are.
  hook::HookEvent event = hook::ReadEvent(input, config);
  // The jail's project is the one the event names (its cwd), as canonical as
  // the mount `paddock run` makes of it; the binary is this one.
  if (options.jail_commands)
    config.jail_commands = hook::JailCommands{PaddockPath(), ProjectDirectory(event.settings.project_dir)};
  hook::HookAnswer answer = event.answer ? *event.answer : hook::Decide(event, ReadSettings(event.settings), config);
  // The audit log must never change the decision; a failure is not reported
  // (stderr is the deny reason Claude Code shows).
  if (!audit_log.empty() && !answer.audit.is_null()) (void)jail::AppendAuditEvent(audit_log, answer.audit);
  timer = {};
  setitimer(ITIMER_REAL, &timer, nullptr);
  std::fwrite(answer.out.data(), 1, answer.out.size(), stdout);
  std::fwrite(answer.err.data(), 1, answer.err.size(), stderr);
  std::fflush(stdout);
  return answer.exit_code;
}

CommandRegistrar reg({"hook", "Claude Code PreToolUse hook: policy decision for one tool call (stdin JSON)",
                      &HookMain});

}  // namespace
}  // namespace paddock::cli
