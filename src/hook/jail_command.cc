#include "hook/jail_command.h"

namespace paddock::hook {
namespace {

// Runs in the jail as `bash -c SCRIPT paddock-jail CWD PROJECT COMMAND`. The
// command arrives as one argument (a single-quoted word on the host, so its
// bytes reach this bash unchanged) and `eval` reads it as Claude Code's own
// shell does. `set --` first, so it sees no positional parameters of ours. A cwd outside the project does not exist in
// the jail (or is the jail's own /tmp): those start at the project root, where `paddock run` puts them. A cwd inside
// that cannot be entered fails rather than running the command somewhere else.
constexpr std::string_view kJailScript = R"(case $1 in "$2" | "$2"/*) cd -- "$1" || exit 1 ;; esac; eval "set --; $3")";

}  // namespace

std::string ShellWord(std::string_view s) {
  bool safe =
      !s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+:,@%") ==
                        std::string_view::npos;
  if (safe) return std::string(s);
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string JailedCommand(const JailCommands& jail, std::string_view command) {
  // `pwd -P`: the project is mounted at its canonical path, so compare and
  // enter the canonical form of where the shell is.
  return ShellWord(jail.paddock) + " run --project " + ShellWord(jail.project_dir) + " -- /bin/bash -c " +
         ShellWord(kJailScript) + " paddock-jail \"$(pwd -P)\" " + ShellWord(jail.project_dir) + " " +
         ShellWord(command);
}

}  // namespace paddock::hook
