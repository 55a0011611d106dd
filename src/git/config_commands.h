// Which git config values make host git run something later: a command
// (core.fsmonitor, core.pager, alias.x=!..., filter drivers, credential
// helpers, ...), a hooks directory (core.hooksPath) or another config file
// (include.path). A value naming a file inside the project turns that file
// into code git runs on the host, so the planner protects it like a hook.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "git/config.h"

namespace paddock::git {

enum class ValueUse {
  kNone,
  kCommand,   // a shell command line or a program path
  kHooksDir,  // core.hooksPath
  kInclude,   // include.path / includeIf.<cond>.path
};

ValueUse UseOf(const ConfigEntry& entry);

// The words of a command line as a shell would split them at blanks and
// operators, quotes and backslashes removed (no expansion: "$X" stays).
std::vector<std::string> CommandWords(std::string_view command);

// The words of a command value that name files by path (contain a '/' or
// start with "~/"): what git would execute or hand to the shell as a
// script. A bare program name is looked up in PATH, not in the project.
std::vector<std::string> PathWords(std::string_view command);

// "gitdir: <path>" (a .git file, git's "gitfile") -> the path; "" otherwise.
std::string GitfileTarget(std::string_view text);

}  // namespace paddock::git
