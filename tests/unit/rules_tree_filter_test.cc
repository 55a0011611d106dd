#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "rules/tree_filter.h"

namespace paddock::rules {
namespace {

TreeFilter Scan(std::string_view tool, std::vector<std::string> words) {
  TreeFilterScan scan(tool);
  for (size_t i = 0; i < words.size(); ++i) {
    if (words[i] == "-g") scan.TakeRgGlob(words[++i], false);
    else EXPECT_TRUE(scan.TakeLong(words, i)) << words[i];
  }
  return scan.Result();
}

// Checked against GNU grep 3.8: the last glob matching a name decides; a
// name no glob matches is read unless the first was --include.
TEST(TreeFilter, GrepLastMatchDecides) {
  EXPECT_TRUE(TreeFilterSkips(Scan("grep", {"--exclude=.env"}), ".env", false));
  EXPECT_FALSE(TreeFilterSkips(Scan("grep", {"--exclude=.e*", "--include=.env"}), ".env", false));
  EXPECT_TRUE(TreeFilterSkips(Scan("grep", {"--include=.env", "--exclude=.e*"}), ".env", false));
  EXPECT_TRUE(TreeFilterSkips(Scan("grep", {"--include=*.py"}), ".env", false));
  EXPECT_FALSE(TreeFilterSkips(Scan("grep", {"--exclude=x", "--include=*.py"}), ".env", false));
  EXPECT_TRUE(TreeFilterSkips(Scan("grep", {"--exclude", "*"}), "a/.env", false));  // no FNM_PERIOD
}

TEST(TreeFilter, GrepDirectories) {
  TreeFilter f = Scan("grep", {"--exclude-dir=secrets"});
  EXPECT_TRUE(TreeFilterSkips(f, "secrets", true));
  EXPECT_TRUE(TreeFilterSkips(f, "a/secrets/key", false));
  EXPECT_FALSE(TreeFilterSkips(f, "secrets", false));  // a file named so is read
  EXPECT_FALSE(TreeFilterSkips(Scan("grep", {"--exclude=secrets"}), "secrets", true));
}

// What the scan cannot follow leaves no filter: everything is read.
TEST(TreeFilter, GrepUnknownOptionsLeaveNoFilter) {
  EXPECT_TRUE(Scan("grep", {"--exclude=.env", "--incl=.env"}).Empty());  // getopt abbreviation
  EXPECT_TRUE(Scan("grep", {"--exclude-from=list", "--include=*.py"}).Empty());
  EXPECT_TRUE(Scan("grep", {"--exclude=.env", std::string("--include=") + '\0'}).Empty());
  TreeFilterScan scan("grep");
  std::vector<std::string> w = {"--color=auto"};
  size_t i = 0;
  EXPECT_FALSE(scan.TakeLong(w, i));
}

TEST(TreeFilter, RipgrepGlobs) {
  EXPECT_TRUE(TreeFilterSkips(Scan("rg", {"-g", "!.env"}), ".env", false));
  EXPECT_TRUE(TreeFilterSkips(Scan("rg", {"-g", "!secrets"}), "secrets", true));
  EXPECT_TRUE(TreeFilterSkips(Scan("rg", {"-g", "*.py"}), ".env", false));
  EXPECT_FALSE(TreeFilterSkips(Scan("rg", {"-g", "*.py"}), "secrets", true));  // includes never skip a directory
  EXPECT_FALSE(TreeFilterSkips(Scan("rg", {"-g", "!.env", "-g", ".env"}), ".env", false));
  EXPECT_TRUE(TreeFilterSkips(Scan("rg", {"-g", "!.env", "--iglob", ".ENV", "-g", "!.env"}), ".env", false));
  EXPECT_FALSE(TreeFilterSkips(Scan("rg", {"-g", "!.env", "--iglob=.ENV"}), ".env", false));
  EXPECT_FALSE(TreeFilterSkips(Scan("rg", {"--glob-case-insensitive", "-g", "!.env", "-g", ".ENV"}), ".env", false));
  // An include in rg's own syntax (alternation, `**`, a path) may be the one that decides.
  EXPECT_TRUE(Scan("rg", {"-g", "!.env", "-g", "{.env,x}"}).Empty());
  EXPECT_TRUE(Scan("rg", {"-g", "!.env", "-g", "src/**"}).Empty());
  // An exclusion it cannot read is dropped: more is taken as read.
  EXPECT_FALSE(TreeFilterSkips(Scan("rg", {"-g", "!{.env,x}"}), ".env", false));
}

}  // namespace
}  // namespace paddock::rules
