// Glob matching between a rule pattern and a subject that may itself contain
// holes (unknown text). Two questions: does the rule match under *every*
// expansion of the holes (definite), or under *some* (possible)?
#pragma once

#include <string>
#include <string_view>

namespace paddock::rules {

// Pattern tokens (in a std::string): ordinary bytes are literals, plus:
inline constexpr char kStar = '\x01';     // any sequence, spaces and '/' included
inline constexpr char kSegStar = '\x03';  // any sequence without '/'
inline constexpr char kAnyChar = '\x04';  // one character other than '/'
// A bracket expression ([a-z], [!0-9]): kClass, a 256-bit set of the bytes
// it matches ('/' never), kClassEnd. Fixed length, so the matcher steps over
// it without parsing, and a scan back from the end stops at kClassEnd.
inline constexpr char kClass = '\x05';
inline constexpr char kClassEnd = '\x06';
inline constexpr size_t kClassSetBytes = 32;
inline constexpr size_t kClassBytes = kClassSetBytes + 2;

enum class MatchMode {
  kDefinite,  // holes may only be absorbed by kStar
  kPossible,  // holes stand for any text
};

bool GlobMatch(std::string_view pattern, std::string_view subject, MatchMode mode);

}  // namespace paddock::rules

namespace paddock::rules {
// A plain '*'-glob (tool names, parameter values) as pattern text.
std::string SimpleGlob(std::string_view glob);
}  // namespace paddock::rules
