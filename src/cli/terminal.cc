#include "cli/terminal.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace paddock::cli {

bool ColorWanted(int fd) {
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && no_color[0]) return false;  // no-color.org: set and not empty
  const char* term = std::getenv("TERM");
  if (term && std::strcmp(term, "dumb") == 0) return false;
  return isatty(fd) == 1;
}

std::string Paint(std::string_view text, Tone tone, bool color) {
  const char* code = nullptr;
  switch (tone) {
    case Tone::kPlain: break;
    case Tone::kGood: code = "32"; break;
    case Tone::kBad: code = "1;31"; break;
    case Tone::kWarn: code = "33"; break;
    case Tone::kDim: code = "2"; break;
    case Tone::kBold: code = "1"; break;
  }
  if (!color || !code) return std::string(text);
  return std::string("\033[") + code + "m" + std::string(text) + "\033[0m";
}

}  // namespace paddock::cli
