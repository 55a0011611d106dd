// How a Claude Code settings file registers paddock's hook, and how to tell
// our registration apart from a user's own hooks whichever form it is in.
//
// Claude Code runs a command handler's `command` through `/bin/sh -c` (shell
// form) unless the handler has `args` (exec form, v2.1.139 and later): then it
// spawns `command` itself with `args` as its arguments. The shell is a second
// process start on every tool call, about as long as the hook itself. Older
// clients ignore `args` and run `command` through the shell, so exec form is
// safe for them only when `args` is empty: a hook line that is one word.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace paddock::rules {

// A PreToolUse command handler running `command_line` (a shell command line,
// paths quoted as the shell needs): exec form with empty `args` when the line
// is a single unquoted word, shell form otherwise. Timeout 30 s.
nlohmann::json HookHandler(const std::string& command_line);

// The command line `handler` runs: shell form's `command`; exec form's
// `command` and `args` joined by spaces when each is a plain word (an exec
// handler needing quotes is never ours). "" when it is not a command handler.
std::string HandlerCommandLine(const nlohmann::json& handler);

// Makes `handler` run `command_line` in the form HookHandler() gives it,
// keeping its other keys (timeout, statusMessage, ...).
void SetHandlerCommandLine(nlohmann::json& handler, const std::string& command_line);

// A shell-form handler whose line is one word becomes exec form (the same
// program, one process start fewer); true when it changed. Any other form is
// left as the user wrote it.
bool MoveToExecForm(nlohmann::json& handler);

}  // namespace paddock::rules
