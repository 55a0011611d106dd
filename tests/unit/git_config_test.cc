#include <gtest/gtest.h>

#include "git/config.h"
#include "git/config_commands.h"

namespace paddock::git {
namespace {

std::string Value(const ParsedConfig& c, const std::string& key) {
  std::string v = "<unset>";
  for (const auto& e : c.entries)
    if (e.Key() == key) v = e.value;
  return v;
}

TEST(GitConfig, SectionsSubsectionsAndCaseRules) {
  auto c = ParseConfig(
      "# comment\n[Core]\n\tHooksPath = .githooks\n  bare\n[remote \"Origin\"]\n  url = x\n[Branch.Main]\nremote=o\n");
  EXPECT_TRUE(c.error.empty()) << c.error;
  EXPECT_EQ(Value(c, "core.hookspath"), ".githooks");
  EXPECT_EQ(Value(c, "remote.Origin.url"), "x");   // subsection keeps its case
  EXPECT_EQ(Value(c, "branch.main.remote"), "o");  // the old dotted form is lower-cased
  ASSERT_GE(c.entries.size(), 2u);
  EXPECT_FALSE(c.entries[1].has_value);  // "bare": a boolean
}

TEST(GitConfig, ValuesQuotesEscapesCommentsContinuations) {
  auto c = ParseConfig(
      "[alias]\n"
      "  a = \"!sh -c 'echo # not a comment'\"   ; a comment\n"
      "  b = one two   # trailing blanks go\n"
      "  c = \"  kept  \"\n"
      "  d = x\\\n y\n"
      "  e = tab\\tnl\\nq\\\"bs\\\\\n"
      "[core] pager = less\n");
  EXPECT_TRUE(c.error.empty()) << c.error;
  EXPECT_EQ(Value(c, "alias.a"), "!sh -c 'echo # not a comment'");
  EXPECT_EQ(Value(c, "alias.b"), "one two");
  EXPECT_EQ(Value(c, "alias.c"), "  kept  ");
  EXPECT_EQ(Value(c, "alias.d"), "x y");
  EXPECT_EQ(Value(c, "alias.e"), "tab\tnl\nq\"bs\\");
  EXPECT_EQ(Value(c, "core.pager"), "less");  // a variable on the header's line
}

TEST(GitConfig, ErrorsStopParsingButKeepWhatCameBefore) {
  auto c = ParseConfig("[core]\n  editor = vi\nnot valid\n  pager = less\n");
  EXPECT_EQ(Value(c, "core.editor"), "vi");
  EXPECT_EQ(Value(c, "core.pager"), "<unset>");
  EXPECT_NE(c.error.find("line 3"), std::string::npos) << c.error;
  EXPECT_FALSE(ParseConfig("x = 1\n").error.empty());             // outside a section
  EXPECT_FALSE(ParseConfig("[a]\n b = \"open\n").error.empty());  // unterminated quote
  EXPECT_FALSE(ParseConfig("[a \"sub]\n").error.empty());
  EXPECT_FALSE(ParseConfig("[a]\n b = \\q\n").error.empty());
}

ConfigEntry Entry(const std::string& text) { return ParseConfig(text).entries.at(0); }

TEST(GitConfigCommands, WhichValuesRunSomething) {
  EXPECT_EQ(UseOf(Entry("[core]\nfsmonitor = ./x")), ValueUse::kCommand);
  EXPECT_EQ(UseOf(Entry("[core]\nfsmonitor = true")), ValueUse::kNone);  // the built-in daemon
  EXPECT_EQ(UseOf(Entry("[core]\nhooksPath = h")), ValueUse::kHooksDir);
  EXPECT_EQ(UseOf(Entry("[include]\npath = x")), ValueUse::kInclude);
  EXPECT_EQ(UseOf(Entry("[includeIf \"gitdir:~/w/\"]\npath = x")), ValueUse::kInclude);
  EXPECT_EQ(UseOf(Entry("[alias]\nx = !make")), ValueUse::kCommand);
  EXPECT_EQ(UseOf(Entry("[alias]\nst = status")), ValueUse::kNone);
  EXPECT_EQ(UseOf(Entry("[diff \"pdf\"]\ntextconv = pdftotext")), ValueUse::kCommand);
  EXPECT_EQ(UseOf(Entry("[diff]\ntextconv = x")), ValueUse::kNone);  // needs a driver name
  EXPECT_EQ(UseOf(Entry("[filter \"lfs\"]\nsmudge = git-lfs smudge -- %f")), ValueUse::kCommand);
  EXPECT_EQ(UseOf(Entry("[pager]\nlog = false")), ValueUse::kNone);
  EXPECT_EQ(UseOf(Entry("[pager]\nlog = delta")), ValueUse::kCommand);
  EXPECT_EQ(UseOf(Entry("[submodule \"x\"]\nupdate = !./x.sh")), ValueUse::kCommand);
  EXPECT_EQ(UseOf(Entry("[submodule \"x\"]\nupdate = rebase")), ValueUse::kNone);
  EXPECT_EQ(UseOf(Entry("[credential \"https://x\"]\nhelper = ./h")), ValueUse::kCommand);
  EXPECT_EQ(UseOf(Entry("[user]\nname = x/y")), ValueUse::kNone);
}

TEST(GitConfigCommands, PathWordsOfACommand) {
  using V = std::vector<std::string>;
  EXPECT_EQ(PathWords("./tools/fsmon.sh --flag"), V{"./tools/fsmon.sh"});
  EXPECT_EQ(PathWords("!scripts/up.sh a && ~/bin/x | cat"), (V{"scripts/up.sh", "~/bin/x"}));
  EXPECT_EQ(PathWords("less -R"), V{});
  EXPECT_EQ(PathWords("sh -c 'tools/a b' \"c/d\""), (V{"tools/a b", "c/d"}));
  EXPECT_EQ(PathWords("curl https://x/y --data=@a/b $(x/y)"), V{"x/y"});  // $(...) runs x/y
}

TEST(GitConfigCommands, CommandWordsSplitLikeAShell) {
  using V = std::vector<std::string>;
  EXPECT_EQ(CommandWords("bash ~/.claude/s.sh"), (V{"bash", "~/.claude/s.sh"}));
  EXPECT_EQ(CommandWords("a 'b c'|d&&e;f"), (V{"a", "b c", "d", "e", "f"}));
  EXPECT_EQ(CommandWords("x \"a\\\"b\" '' y\\ z"), (V{"x", "a\"b", "", "y z"}));
  EXPECT_EQ(CommandWords("\"$P\"/h.sh"), V{"$P/h.sh"});
  EXPECT_EQ(CommandWords("  "), V{});
}

TEST(GitConfigCommands, Gitfile) {
  EXPECT_EQ(GitfileTarget("gitdir: ../.git/modules/x\n"), "../.git/modules/x");
  EXPECT_EQ(GitfileTarget("gitdir:/abs\r\n"), "/abs");
  EXPECT_EQ(GitfileTarget("ref: HEAD\n"), "");
}

}  // namespace
}  // namespace paddock::git
