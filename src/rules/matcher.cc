#include "rules/matcher.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "rules/normalize.h"

namespace paddock::rules {

// Row-by-row dynamic programme over the subject: O(|pattern| * |subject|)
// time and O(|pattern|) memory, no recursion, so a 1 MB command is fine.
bool GlobMatch(std::string_view pat, std::string_view subj, MatchMode mode) {
  // Fast reject: most rule/subject pairs differ within the literal prefix.
  for (size_t i = 0; i < pat.size() && i < subj.size(); ++i) {
    char p = pat[i], c = subj[i];
    if (p == kStar || p == kSegStar || p == kAnyChar || c == kHole) break;
    if (p != c) return false;
  }
  // Fast reject on the literal tail: the subject's last characters must be
  // the pattern's last literal characters, unless one of them is a hole.
  {
    size_t k = pat.size();
    while (k > 0 && pat[k - 1] != kStar && pat[k - 1] != kSegStar && pat[k - 1] != kAnyChar) --k;
    size_t tail = pat.size() - k;
    if (tail > 0) {
      if (subj.size() < tail) {
        if (subj.find(kHole) == std::string_view::npos) return false;
      } else {
        std::string_view end = subj.substr(subj.size() - tail);
        if (end.find(kHole) == std::string_view::npos && end != pat.substr(k)) return false;
      }
    }
  }
  // Fast reject: without holes, every literal run of the pattern appears in
  // the subject, in order.
  if (subj.find(kHole) == std::string_view::npos) {
    size_t pos = 0, i = 0;
    while (i < pat.size()) {
      while (i < pat.size() && (pat[i] == kStar || pat[i] == kSegStar || pat[i] == kAnyChar)) ++i;
      size_t j = i;
      while (j < pat.size() && pat[j] != kStar && pat[j] != kSegStar && pat[j] != kAnyChar) ++j;
      if (j > i) {
        size_t at = subj.find(pat.substr(i, j - i), pos);
        if (at == std::string_view::npos) return false;
        pos = at + (j - i);
      }
      i = j;
    }
  }
  const size_t m = pat.size();
  // Rule patterns are short: keep the two DP rows on the stack when they fit.
  char small[2][130];
  std::vector<char> big_cur, big_nxt;
  char* cur_p;
  char* nxt_p;
  if (m + 1 <= sizeof small[0]) {
    cur_p = small[0];
    nxt_p = small[1];
    std::fill(cur_p, cur_p + m + 1, 0);
  } else {
    big_cur.assign(m + 1, 0);
    big_nxt.assign(m + 1, 0);
    cur_p = big_cur.data();
    nxt_p = big_nxt.data();
  }
  struct Row {
    char* p;
    char& operator[](size_t i) { return p[i]; }
  } cur{cur_p}, nxt{nxt_p};
  cur[0] = 1;
  for (size_t i = 0; i < m; ++i) cur[i + 1] = cur[i] && (pat[i] == kStar || pat[i] == kSegStar);
  for (char c : subj) {
    const bool hole = c == kHole;
    nxt[0] = 0;
    char any_before = cur[0];  // OR of cur[0..i]
    if (hole && mode == MatchMode::kPossible) nxt[0] = cur[0];
    for (size_t i = 1; i <= m; ++i) {
      const char p = pat[i - 1];
      bool v;
      if (hole) {
        if (mode == MatchMode::kPossible) {
          any_before = any_before || cur[i];
          v = any_before;  // the hole absorbs pattern[k..i) for some k
        } else {
          v = p == kStar && (cur[i] || nxt[i - 1]);
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
    std::swap(cur.p, nxt.p);
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
