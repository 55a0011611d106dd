// What bash 5.2's printf and echo builtins write, computed from their words:
// the text a shell reads when they feed it (docs/policy-semantics.md
// §Pipeline, "static literal source"). An output that depends on something
// the engine does not know (floating point, the clock, the locale) is
// unknown, never approximated: a wrong text would hide or invent commands.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "rules/words.h"

namespace paddock::rules {

struct PrintfRun {
  bool known = true;                                   // false: the output cannot be computed here
  std::string out;                                     // the bytes on stdout (NULs included); nothing with -v
  std::vector<std::pair<std::string, size_t>> counts;  // %n: each name and the bytes written before it
};

// `printf ARGS...`; `args` are the static words after the command name.
PrintfRun RunPrintf(const Words& args);

// `echo ARGS...`. `xpg_echo`: bash's shopt of that name (escapes are decoded
// by default); nullopt when not known.
std::optional<std::string> RunEcho(const Words& args, std::optional<bool> xpg_echo);

}  // namespace paddock::rules
