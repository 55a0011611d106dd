#include "rules/matcher.h"

#include <vector>

#include "rules/normalize.h"

namespace paddock::rules {

// Row-by-row dynamic programme over the subject: O(|pattern| * |subject|)
// time and O(|pattern|) memory, no recursion, so a 1 MB command is fine.
bool GlobMatch(std::string_view pat, std::string_view subj, MatchMode mode) {
  const size_t m = pat.size();
  std::vector<char> cur(m + 1, 0), nxt(m + 1, 0);
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
    cur.swap(nxt);
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
