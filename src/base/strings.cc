#include "base/strings.h"

namespace paddock {

std::vector<std::string> Split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t pos = s.find(sep, start);
    out.emplace_back(s.substr(start, pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return out;
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

bool PathIsWithin(std::string_view path, std::string_view dir) {
  if (dir == "/") return StartsWith(path, "/");
  if (!StartsWith(path, dir)) return false;
  return path.size() == dir.size() || path[dir.size()] == '/';
}

uint64_t StableHash(std::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

// Already normal: absolute, no empty, "." or ".." component, no trailing '/'.
bool IsNormalPath(std::string_view path) {
  if (path.empty() || path[0] != '/') return false;
  if (path.size() == 1) return true;
  if (path.back() == '/') return false;
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] != '/') continue;
    std::string_view next = path.substr(i + 1, 3);
    if (next.empty() || next[0] == '/' || next == "." || next == ".." || next.substr(0, 2) == "./" || next == "../")
      return false;
  }
  return true;
}

std::string NormalizePath(std::string_view path) {
  if (IsNormalPath(path)) return std::string(path);  // the common case, without splitting
  std::vector<std::string> parts;
  for (auto& p : Split(path, '/')) {
    if (p.empty() || p == ".") continue;
    if (p == "..") {
      if (!parts.empty()) parts.pop_back();
      continue;
    }
    parts.push_back(p);
  }
  return "/" + Join(parts, "/");
}

size_t PathDepth(std::string_view path) { return static_cast<size_t>(std::count(path.begin(), path.end(), '/')); }

namespace {

// The code point of the valid UTF-8 sequence of 2 to 4 bytes at s[i] and its
// length, or 0 when none starts there (overlong forms and surrogates too).
size_t Utf8Sequence(std::string_view s, size_t i, uint32_t& cp) {
  auto c = static_cast<unsigned char>(s[i]);
  size_t n = c >= 0xc2 && c <= 0xdf ? 2 : (c & 0xf0) == 0xe0 ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  cp = c & (0x7f >> n);
  for (size_t k = 1; k < n; ++k) {
    auto t = static_cast<unsigned char>(s[i + k]);
    if ((t & 0xc0) != 0x80) return 0;
    cp = cp << 6 | (t & 0x3f);
  }
  static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return n;
}

// C1 controls, line and paragraph separators, bidirectional controls.
bool HiddenCodePoint(uint32_t cp) {
  return (cp >= 0x80 && cp <= 0x9f) || cp == 0x061c || cp == 0x200e || cp == 0x200f || (cp >= 0x2028 && cp <= 0x202e) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

void AppendEscapedByte(std::string& out, unsigned char c) {
  static constexpr char kDigits[] = "0123456789abcdef";
  out += "\\x";
  out += kDigits[c >> 4];
  out += kDigits[c & 15];
}

}  // namespace

std::string TerminalSafe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7f) {
      if (c == '\\') out += '\\';
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    if (c == '\n' || c == '\r' || c == '\t') {
      out += c == '\n' ? "\\n" : c == '\r' ? "\\r" : "\\t";
      ++i;
      continue;
    }
    uint32_t cp = 0;
    size_t n = c >= 0x80 ? Utf8Sequence(text, i, cp) : 0;
    if (n != 0 && !HiddenCodePoint(cp)) {
      out.append(text.substr(i, n));
      i += n;
      continue;
    }
    for (size_t k = 0; k < std::max<size_t>(n, 1); ++k) AppendEscapedByte(out, static_cast<unsigned char>(text[i + k]));
    i += std::max<size_t>(n, 1);
  }
  return out;
}

std::string HexEncode(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * bytes.size());
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

std::vector<std::string> QuotedSpans(std::string_view text, std::string_view quotes) {
  std::vector<std::string> out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (!OneOf(quotes, text[i])) continue;
    size_t end = text.find(text[i], i + 1);
    if (end == std::string_view::npos) break;
    out.emplace_back(text.substr(i + 1, end - i - 1));
    i = end;
  }
  return out;
}

}  // namespace paddock
