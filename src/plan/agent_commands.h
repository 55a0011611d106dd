// Files an agent's settings name as commands: Claude Code runs hooks, the
// status line and credential helpers from its settings, and MCP servers from
// .mcp.json, on the host, without asking again. The settings themselves are
// protected; a script they name that the jail can write would still let a
// run leave code for the host's next session (a status-line script in a
// shared ~/.claude, a hook in the project's scripts/), so the planner
// protects those scripts too.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace paddock::plan {

// The settings files to read for protected path `path`: a .claude
// directory's settings.json and settings.local.json, a protected file of
// either name, or a .mcp.json. Empty for anything else.
std::vector<std::string> AgentSettingsFilesOf(const std::string& path);

// The absolute, normalised paths of the files the settings text `json`
// names as programs or scripts to run: path words of every "command" (hooks,
// statusLine, MCP servers with their "args"), of the credential helpers, and
// the script an interpreter is given (`bash check.sh`). $CLAUDE_PROJECT_DIR
// and relative paths are the project (the directory the agent starts in),
// ~ and $HOME the home. Text that does not parse names nothing (the agent
// does not run it either).
//
// Also the paths in the values of its "env" (PATH entries, NODE_OPTIONS=
// --require FILE, BASH_ENV): what the agent's own commands then load.
//
// And the files of a module Python runs (`python3 -m tools.lint`: the
// packages' __init__.py, tools/lint.py or tools/lint/__main__.py), where
// present: which of them Python takes depends on what exists.
struct NamedPath {
  std::string path;
  bool from_env = false;    // may be a directory (a PATH entry) that is meant whole
  bool if_present = false;  // protected while it exists, no placeholder
};
std::vector<NamedPath> AgentCommandFiles(std::string_view json, const std::string& project, const std::string& home);

}  // namespace paddock::plan
