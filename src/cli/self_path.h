// paddock's own binary, as hooks and rewritten commands must name it: the
// absolute path from /proc/self/exe, so it works whatever PATH they run with.
#pragma once

#include <string>

namespace paddock::cli {

std::string SelfPath();

// `word` as one shell word: itself when it holds only safe characters,
// else single-quoted.
std::string ShellWord(const std::string& word);

}  // namespace paddock::cli
