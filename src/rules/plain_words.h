// The words the shell makes of a value that uses no shell syntax but blanks
// and quotes: a program a tool puts into a command line it runs (make's
// `CC=clang`, `CFLAGS='-O2 -DV="1"'`, cmake's `..._LAUNCHER=ccache`).
#pragma once

#include <string>

#include "rules/words.h"

namespace paddock::rules {

// Empty when the value has other characters (`;`, `|`, `$`, backquotes,
// globs, backslashes, `~`, an unclosed quote) or no words.
Words PlainShellWords(const std::string& value);

}  // namespace paddock::rules
