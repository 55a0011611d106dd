// The absolute paths of paddock's binaries, for command lines that must find
// them again whatever PATH they run with (the hook registrations, the
// `paddock run` of --jail-commands).
#pragma once

#include <string>
#include <vector>

namespace paddock::cli {

// /proc/self/exe, read; "" when it cannot be read.
std::string SelfPath();

// paddock itself: SelfPath(), or the `paddock` beside it when this process
// is paddock-hook (jail/binaries.h).
std::string PaddockPath();

// The shell command that registers paddock's hook: `paddock-hook` when it
// sits beside this paddock, else `paddock hook`; " --jail-commands" added
// when asked. "" when /proc/self/exe cannot be read.
std::string HookCommandLine(bool jail_commands);

// The other registrations of the same hook by this install (the other
// binary's form, and with --jail-commands both plain forms): `paddock init`
// replaces them with HookCommandLine() instead of registering a second hook.
std::vector<std::string> OtherHookCommandLines(bool jail_commands);

}  // namespace paddock::cli
