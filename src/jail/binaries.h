// paddock's binaries. `paddock` does everything; `paddock-hook`, built
// and installed beside it, is the `paddock hook` command alone: Claude Code
// starts the hook once per tool call, and the small binary answers in about
// 70% of the time (fewer pages to fault in and relocate, no OpenSSL set-up).
// `paddock-init` is what the jail's pid 1 becomes once the command runs
// (jail/child.cc). They are found by name in one directory, so binaries built
// or installed together are used together.
#pragma once

#include <string>

namespace paddock::jail {

inline constexpr const char* kHookBinaryName = "paddock-hook";
inline constexpr const char* kInitBinaryName = "paddock-init";

// This process's binary, canonical (realpath of /proc/self/exe); "" when it
// cannot be resolved.
std::string OwnExecutable();

// Where the paddock-hook of `paddock_exe` would be: `<its dir>/paddock-hook`
// ("" for an empty or relative paddock_exe).
std::string HookBinaryPathFor(const std::string& paddock_exe);

// HookBinaryPathFor(paddock_exe) when that is a regular, executable file;
// "" otherwise.
std::string HookBinaryBeside(const std::string& paddock_exe);

// `<dir of paddock_exe>/paddock-init` when that is a regular, executable
// file; "" otherwise.
std::string InitBinaryBeside(const std::string& paddock_exe);

// The paddock binary for the running one (`self`, its /proc/self/exe):
// `self` itself, or the `paddock` beside it when `self` is paddock-hook.
std::string PaddockBinaryFor(const std::string& self);

}  // namespace paddock::jail
