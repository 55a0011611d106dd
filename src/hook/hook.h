// `paddock hook`: one Claude Code PreToolUse event in, one answer out
// (docs/policy-semantics.md §Hook input, §Hook output). Pure: the CLI reads
// stdin, the settings files and the clock, resolves paths, writes the audit
// log and keeps the deadline; this code parses the event and decides from what
// it is handed.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "hook/jail_command.h"
#include "rules/evaluate.h"
#include "rules/settings.h"

namespace paddock::hook {

struct HookConfig {
  bool ask_as_deny = false;  // the jail default: a headless run cannot prompt
  bool emit_allow = false;   // act as an auto-approver outside bypass mode
  // Where settings live and where home is, as the CLI found out (command
  // line, passwd entry, environment). The project directory is the event's
  // cwd. Nothing here is read from the environment by the hook itself.
  rules::SettingsInputs settings;
  // The canonical path of a file a tool call names ("" when it does not
  // resolve): the one question about the host that only evaluation knows to
  // ask, so the CLI hands in the function that answers it. Null: paths are
  // matched as written.
  std::function<std::string(const std::string&)> realpath;
  // The files a glob(3) pattern names, with realpath (rules::EvalContext).
  std::function<std::optional<std::vector<std::string>>(const std::string&)> expand_glob;
  // Set: Bash calls that would run (allow, passthrough, ask) are answered with
  // an updatedInput that runs them inside `paddock run` (jail_command.h).
  // The CLI fills project_dir after ReadEvent, from the project it names.
  std::optional<JailCommands> jail_commands;
};

struct HookAnswer {
  int exit_code = 0;
  std::string out;  // stdout
  std::string err;  // stderr (one line for deny)
  rules::Decision decision;
  bool failed_closed = false;  // malformed input or internal error
  bool jailed = false;         // `out` rewrites the Bash command to run in `paddock run`
  // The audit record of this answer (null: nothing to record); the CLI
  // stamps and appends it to the audit log when one is configured.
  nlohmann::json audit;
};

// The event, read: its JSON and where the settings that decide it live, or
// its answer already (malformed input fails closed; an event that is not a
// permission question passes).
struct HookEvent {
  nlohmann::json json = nlohmann::json::object();
  std::optional<HookAnswer> answer;
  rules::SettingsLocations settings;
};
HookEvent ReadEvent(std::string_view input, const HookConfig& config);

// The answer to an event ReadEvent left open, from the settings loaded at
// event.settings. Never throws: failures are answers with exit code 2.
HookAnswer Decide(const HookEvent& event, const rules::LoadedSettings& settings, const HookConfig& config);

// ReadEvent, then Decide with the settings `facts` hold (what they do not
// hold counts as absent): for callers that hold every answer already.
HookAnswer HandleEvent(std::string_view input, const HookConfig& config, const rules::SettingsFacts& facts = {});

// The answer for an internal error or an expired deadline.
HookAnswer FailClosed(const std::string& why);

}  // namespace paddock::hook
