// Small string helpers shared by the pure core.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace paddock {

// Is `c` one of the characters of `set`? Never for '\0', which std::strchr
// finds as the set's terminator: a NUL byte in a command matched every set.
constexpr bool OneOf(std::string_view set, char c) { return set.find(c) != std::string_view::npos; }
std::vector<std::string> Split(std::string_view s, char sep);
std::string Join(const std::vector<std::string>& parts, std::string_view sep);
bool StartsWith(std::string_view s, std::string_view prefix);
// Is `path` equal to `dir` or below it? Both absolute, normalised.
bool PathIsWithin(std::string_view path, std::string_view dir);
// The texts between a quote character of `quotes` and the next same one, in
// order, without escapes: a quote inside another quote's text is text.
std::vector<std::string> QuotedSpans(std::string_view text, std::string_view quotes);
// FNV-1a: a stable short name for a path (not a security boundary).
uint64_t StableHash(std::string_view s);
// Lower-case hex of every byte of `bytes` ("" for none).
std::string HexEncode(std::string_view bytes);
// Lexical normalisation of an absolute path: collapses "//", "/./" and "/x/../".
std::string NormalizePath(std::string_view path);
// How deep a normalised path is: the number of '/' in it.
size_t PathDepth(std::string_view path);

// `text` (a path, a name, a line from a run) made safe for one line of a
// terminal or a log: every control character (C0, DEL, C1 as UTF-8), the
// Unicode line separators and bidirectional controls, and every byte that is
// not valid UTF-8 becomes "\xHH" per byte ("\n", "\r", "\t" for those),
// and a backslash becomes "\\", so the result is unambiguous. Other UTF-8
// ("é", "日本") stays as it is.
std::string TerminalSafe(std::string_view text);

// Orders `items` parents first (by the depth of `path(item)`), keeping the
// given order among equally deep ones: mounts must cover their parents'.
template <typename T, typename Path>
void SortByPathDepth(std::vector<T>& items, Path path) {
  std::stable_sort(items.begin(), items.end(),
                   [&](const T& a, const T& b) { return PathDepth(path(a)) < PathDepth(path(b)); });
}

}  // namespace paddock
