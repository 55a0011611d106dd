// `paddock hook --jail-commands` (docs/jail-commands.md): a Bash call the
// policy lets through is rewritten to run inside a fresh `paddock run` of the
// project, while Claude Code itself stays on the host.
#pragma once

#include <string>
#include <string_view>

namespace paddock::hook {

// What the rewrite needs, from trusted inputs only: the CLI reads its own
// /proc/self/exe and resolves the event's project directory.
struct JailCommands {
  std::string paddock;      // absolute path of the paddock binary
  std::string project_dir;  // canonical project directory; "" when it did not resolve
};

// One shell word holding `s` byte for byte: single-quoted, each ' as '\''.
// Words of safe characters only (no `=`: a first word would assign) are left bare.
std::string ShellWord(std::string_view s);

// The command line that runs `command` inside `paddock run` of the project:
// its bash starts where the calling shell is ($PWD, read when the line runs)
// when that is inside the project, else at the project root, and evaluates
// `command` exactly as written. Its exit status is the command's.
std::string JailedCommand(const JailCommands& jail, std::string_view command);

}  // namespace paddock::hook
