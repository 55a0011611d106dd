// paddock's own output for people: colour only where a person reads it.
// Colour is used on a terminal, never when NO_COLOR is set (no-color.org)
// or TERM is "dumb", so logs and pipes get plain text.
#pragma once

#include <string>
#include <string_view>

namespace paddock::cli {

// Whether output on `fd` may be coloured.
bool ColorWanted(int fd);

enum class Tone { kPlain, kGood, kBad, kWarn, kDim, kBold };

// `text` in `tone` when `color`, else unchanged.
std::string Paint(std::string_view text, Tone tone, bool color);

}  // namespace paddock::cli
