// `paddock hook`: one Claude Code PreToolUse event in, one answer out
// (spec §6.5). Pure apart from reading settings files; the CLI adds the
// deadline, the process plumbing and what it learns from the environment.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "rules/evaluate.h"
#include "rules/settings.h"

namespace paddock::hook {

struct HookConfig {
  bool ask_as_deny = false;  // the jail default: a headless run cannot prompt
  bool emit_allow = false;   // act as an auto-approver outside bypass mode
  std::string audit_log;     // JSON-lines file; empty = none
  // Where settings live and where home is, as the CLI found out (command
  // line, passwd entry, environment). The project directory is the event's
  // cwd. Nothing here is read from the environment by the hook itself.
  rules::SettingsInputs settings;
};

struct HookAnswer {
  int exit_code = 0;
  std::string out;  // stdout
  std::string err;  // stderr (one line for deny)
  rules::Decision decision;
  bool failed_closed = false;  // malformed input or internal error
};

// Evaluates one event. Never throws: failures are answers with exit code 2.
HookAnswer HandleEvent(std::string_view input, const HookConfig& config);

// The answer for an internal error or an expired deadline.
HookAnswer FailClosed(const std::string& why);

}  // namespace paddock::hook
