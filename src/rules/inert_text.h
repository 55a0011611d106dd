// Text inside interpreter inline code that the program can never run:
// comments, and string and regex literals where nothing in the language
// turns text into code. The spawn scan (spawn_scan.cc) skips API names found
// there (`awk '/system/'`, `perl -pe 's/system/sys/g'`, a Python comment).
//
// A lexer that takes code for text would let that code past the policy, so
// each language's reading is narrow and gives up (no inert text at all, the
// scan reads everything as before) on whatever it does not model exactly:
// Python f-strings, awk after ++/--, gawk's @ (indirect calls), a Perl
// program that is anything but s///, tr///, y/// and m// without /e or
// interpolated code. Python's strings are never text (inert_text.cc says
// why); other languages have none.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace paddock::rules {

class InertText {
 public:
  // `language` as the spawn scan names it ("python", "awk", "perl", ...).
  InertText(const std::string& code, const std::string& language);
  // Position `at` of the code lies in text the program cannot run.
  bool Contains(size_t at) const;

 private:
  std::vector<std::pair<size_t, size_t>> spans_;  // [begin, end), sorted, disjoint
};

}  // namespace paddock::rules
