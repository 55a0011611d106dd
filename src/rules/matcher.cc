#include "rules/matcher.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "rules/normalize.h"

namespace paddock::rules {

namespace {

bool IsWild(char p) { return p == kStar || p == kSegStar || p == kAnyChar || p == kClass || p == kClassEnd; }

// A whole bracket expression starts at pat[at]. A kClass byte without one
// (rule text may hold any byte) is a literal.
bool ClassAt(std::string_view pat, size_t at) {
  return at + kClassBytes <= pat.size() && pat[at] == kClass && pat[at + kClassBytes - 1] == kClassEnd;
}

// The set of the bracket expression whose kClass is at pat[at].
bool InClass(std::string_view pat, size_t at, char c) {
  auto b = static_cast<unsigned char>(c);
  return c != '/' && (static_cast<unsigned char>(pat[at + 1 + b / 8]) >> (b % 8) & 1) != 0;
}

// Most rule/subject pairs differ within the literal prefix.
bool PrefixDiffers(std::string_view pat, std::string_view subj) {
  for (size_t i = 0; i < pat.size() && i < subj.size(); ++i) {
    char p = pat[i], c = subj[i];
    if (IsWild(p) || c == kHole) return false;
    if (p != c) return true;
  }
  return false;
}

// The subject's last characters must be the pattern's last literal
// characters, unless one of them is a hole.
bool TailDiffers(std::string_view pat, std::string_view subj) {
  size_t k = pat.size();
  while (k > 0 && !IsWild(pat[k - 1])) --k;
  size_t tail = pat.size() - k;
  if (tail == 0) return false;
  if (subj.size() < tail) return subj.find(kHole) == std::string_view::npos;
  std::string_view end = subj.substr(subj.size() - tail);
  return end.find_first_of(kHoleBytes) == std::string_view::npos && end != pat.substr(k);
}

// Without holes, every literal run of the pattern appears in the subject,
// in order.
bool LiteralRunMissing(std::string_view pat, std::string_view subj) {
  if (subj.find(kHole) != std::string_view::npos) return false;
  size_t pos = 0, i = 0;
  while (i < pat.size()) {
    while (i < pat.size() && IsWild(pat[i])) i += ClassAt(pat, i) ? kClassBytes : 1;
    size_t j = i;
    while (j < pat.size() && !IsWild(pat[j])) ++j;
    if (j > i) {
      size_t at = subj.find(pat.substr(i, j - i), pos);
      if (at == std::string_view::npos) return true;
      pos = at + (j - i);
    }
    i = j;
  }
  return false;
}

// One row of the programme: nxt[i] says whether pattern[0..i) matches the
// subject up to and including c, given cur for the subject before c. A glob
// hole (`glob`) stands for text without '/': it absorbs no literal '/' of the
// pattern, and in definite mode a '*' of one segment absorbs all of it.
// `glob` is the hole's mark (kGlobOneMark: at least one character) or 0.
void NextRow(std::string_view pat, char c, char glob, MatchMode mode, const char* cur, char* nxt) {
  const size_t m = pat.size();
  const bool hole = c == kHole;
  const bool nonempty = glob == kGlobOneMark;
  nxt[0] = hole && mode == MatchMode::kPossible && !nonempty ? cur[0] : 0;
  char any_before = cur[0];  // OR of cur[0..i]
  for (size_t i = 1; i <= m; ++i) {
    const char p = pat[i - 1];
    bool v;
    if (p == kClass && ClassAt(pat, i - 1)) {
      // One character; the positions inside the expression carry the same value.
      if (hole) {
        any_before = any_before || cur[i];
        v = mode == MatchMode::kPossible && any_before;
      } else {
        v = cur[i - 1] && InClass(pat, i - 1, c);
      }
      for (size_t k = 0; k < kClassBytes; ++k) nxt[i + k] = v;
      i += kClassBytes - 1;
      continue;
    }
    if (hole) {
      if (mode == MatchMode::kPossible) {
        // The hole absorbs pattern[k..i) for some k (k < i when nonempty),
        // and a glob hole no literal '/'.
        bool before = any_before && !(glob && p == '/');
        any_before = before || cur[i];
        v = nonempty ? before : any_before;
      } else {
        v = (p == kStar || (glob && p == kSegStar)) && (cur[i] || nxt[i - 1]);
      }
    } else if (p == kStar) {
      v = nxt[i - 1] || cur[i];
    } else if (p == kSegStar) {
      v = nxt[i - 1] || (cur[i] && c != '/');
    } else if (p == kAnyChar) {
      v = cur[i - 1] && c != '/';
    } else {
      v = cur[i - 1] && p == c;
    }
    if (!v && (p == kStar || p == kSegStar)) v = nxt[i - 1];
    nxt[i] = v;
  }
}

}  // namespace

// Row-by-row dynamic programme over the subject: O(|pattern| * |subject|)
// time and O(|pattern|) memory, no recursion, so a 1 MB command is fine.
bool GlobMatch(std::string_view pat, std::string_view subj, MatchMode mode) {
  if (PrefixDiffers(pat, subj) || TailDiffers(pat, subj) || LiteralRunMissing(pat, subj)) return false;
  const size_t m = pat.size();
  // Rule patterns are short: keep the two rows on the stack when they fit.
  char small[2][130];
  std::vector<char> big;
  char* cur = small[0];
  char* nxt = small[1];
  if (m + 1 > sizeof small[0]) {
    big.assign(2 * (m + 1), 0);
    cur = big.data();
    nxt = big.data() + m + 1;
  }
  cur[0] = 1;
  for (size_t i = 0; i < m; ++i) cur[i + 1] = cur[i] && (pat[i] == kStar || pat[i] == kSegStar);
  for (size_t s = 0; s < subj.size(); ++s) {
    char glob = GlobHoleAt(subj, s) ? subj[s + 1] : 0;
    NextRow(pat, subj[s], glob, mode, cur, nxt);
    std::swap(cur, nxt);
    if (glob) ++s;
  }
  return cur[m];
}

}  // namespace paddock::rules

namespace paddock::rules {
std::string SimpleGlob(std::string_view glob) {
  std::string out(glob);
  for (char& c : out)
    if (c == '*') c = kStar;
  return out;
}
}  // namespace paddock::rules
