// `env -S STRING` / `--split-string=STRING` (coreutils): how env turns one
// argument into the words that take its place.
#pragma once

#include <optional>
#include <string>

#include "rules/words.h"

namespace paddock::rules {

// Splits on blanks; '…' is literal except \\ and \'; "…" and bare text take
// \" \\ \$ \# \_ \t \n \v \f \r and \c (stop); ${NAME} is replaced by the
// variable (a hole here: it never splits); '#' at the start of a word comments
// out the rest. nullopt where env itself rejects the string (nothing runs).
std::optional<Words> EnvSplitString(const std::string& s);

}  // namespace paddock::rules
