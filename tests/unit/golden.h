// Golden files for unit tests: compare a test's text output with a file under
// tests/unit/golden/, showing a line diff when they differ.
//
// After an intended change, regenerate the files and review them with git:
//   PADDOCK_UPDATE_GOLDEN=1 build/tests/paddock_unit_tests --gtest_filter='PlanGolden.*'
//   git diff tests/unit/golden/
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "base/strings.h"

namespace paddock::golden {

inline std::string GoldenPath(const std::string& name) {
  return std::string(PADDOCK_SOURCE_DIR) + "/tests/unit/golden/" + name;
}

// A unified-style diff (expected = golden "-", actual "+") with `context`
// lines around each change: the longest common subsequence of lines, which is
// fine for files of a few thousand lines.
inline std::string LineDiff(const std::string& expected, const std::string& actual, size_t context = 3) {
  std::vector<std::string> a = Split(expected, '\n'), b = Split(actual, '\n');
  std::vector<std::vector<unsigned>> lcs(a.size() + 1, std::vector<unsigned>(b.size() + 1, 0));
  for (size_t i = a.size(); i-- > 0;)
    for (size_t j = b.size(); j-- > 0;)
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  struct Line {
    char op;             // ' ' same, '-' only in the golden file, '+' only in the output
    size_t golden_line;  // 1-based position in the golden file
    std::string text;
  };
  std::vector<Line> script;
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (i < a.size() && j < b.size() && a[i] == b[j]) {
      script.push_back({' ', i + 1, a[i]});
      ++i, ++j;
    } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
      script.push_back({'-', i + 1, a[i]});  // removals before additions, as diff -u shows them
      ++i;
    } else {
      script.push_back({'+', i + 1, b[j]});
      ++j;
    }
  }
  std::vector<bool> show(script.size(), false);
  for (size_t k = 0; k < script.size(); ++k)
    if (script[k].op != ' ')
      for (size_t m = k > context ? k - context : 0; m < script.size() && m <= k + context; ++m) show[m] = true;
  std::ostringstream out;
  for (size_t k = 0; k < script.size(); ++k) {
    if (!show[k]) continue;
    if (k == 0 || !show[k - 1]) out << "@@ golden line " << script[k].golden_line << " @@\n";
    out << script[k].op << script[k].text << "\n";
  }
  return out.str();
}

// Compares `actual` with the golden file `name`; with PADDOCK_UPDATE_GOLDEN
// set, writes it instead.
inline void ExpectGolden(const std::string& name, const std::string& actual) {
  const std::string path = GoldenPath(name);
  if (const char* update = std::getenv("PADDOCK_UPDATE_GOLDEN"); update && *update) {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f << actual;
    ASSERT_TRUE(f.good()) << "cannot write " << path;
    std::printf("updated %s\n", path.c_str());
    return;
  }
  std::ifstream f(path, std::ios::binary);
  ASSERT_TRUE(f.good()) << path << " is missing; create it with PADDOCK_UPDATE_GOLDEN=1 (see tests/unit/golden.h)";
  std::stringstream expected;
  expected << f.rdbuf();
  if (expected.str() == actual) return;
  ADD_FAILURE() << name << " differs from the output (- golden, + now):\n"
                << LineDiff(expected.str(), actual)
                << "If the change is intended: PADDOCK_UPDATE_GOLDEN=1 build/tests/paddock_unit_tests "
                   "--gtest_filter='"
                << ::testing::UnitTest::GetInstance()->current_test_info()->test_suite_name()
                << ".*' and review git diff tests/unit/golden/";
}

}  // namespace paddock::golden
