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

}  // namespace paddock
