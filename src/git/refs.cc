#include "git/refs.h"

#include <algorithm>
#include <cctype>

namespace paddock::git {
namespace {

bool IsHex(std::string_view s) {
  if (s.size() != 40 && s.size() != 64) return false;
  for (char c : s)
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view TrimLine(std::string_view s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.remove_suffix(1);
  return s;
}

}  // namespace

RefValues RefStore::Effective() const {
  RefValues out = packed;
  for (const auto& [ref, oid] : loose) out[ref] = oid;
  return out;
}

std::string LooseRefValue(std::string_view text) {
  std::string_view v = TrimLine(text);
  return IsHex(v) ? Lower(v) : "";
}

RefValues ParsePackedRefs(std::string_view text) {
  RefValues out;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = TrimLine(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (line.empty() || line[0] == '#' || line[0] == '^') continue;
    size_t space = line.find(' ');
    if (space == std::string_view::npos) continue;
    std::string_view oid = line.substr(0, space), ref = line.substr(space + 1);
    if (IsHex(oid) && ref.substr(0, 5) == "refs/") out[std::string(ref)] = Lower(oid);
  }
  return out;
}

std::string HeadBranch(std::string_view head_text) {
  std::string_view v = TrimLine(head_text);
  constexpr std::string_view kPrefix = "ref: refs/heads/";
  if (v.substr(0, kPrefix.size()) != kPrefix || v.size() == kPrefix.size()) return "";
  return std::string(v.substr(kPrefix.size()));
}

std::vector<std::string> TrackedBranches(const ParsedConfig& config) {
  std::vector<std::string> out;
  for (const auto& e : config.entries)
    if (e.section == "branch" && !e.subsection.empty() && e.name == "merge" && e.has_value && !e.value.empty())
      out.push_back(e.subsection);
  return out;
}

bool BranchPatternMatches(std::string_view pattern, std::string_view name) {
  // Iterative `*` matching with one backtrack point: linear enough for
  // branch names, and no recursion on hostile patterns.
  size_t p = 0, n = 0, star = std::string_view::npos, mark = 0;
  while (n < name.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = n;
    } else if (p < pattern.size() && pattern[p] == name[n]) {
      ++p;
      ++n;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      n = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::vector<RefUpdate> RefUpdates(const RefValues& before, const RefValues& after) {
  std::vector<RefUpdate> out;
  for (const auto& [ref, oid] : before) {
    auto it = after.find(ref);
    std::string now = it == after.end() ? "" : it->second;
    if (now != oid) out.push_back({ref, oid, now});
  }
  for (const auto& [ref, oid] : after)
    if (!before.count(ref)) out.push_back({ref, "", oid});
  std::sort(out.begin(), out.end(), [](const RefUpdate& a, const RefUpdate& b) { return a.ref < b.ref; });
  return out;
}

}  // namespace paddock::git
