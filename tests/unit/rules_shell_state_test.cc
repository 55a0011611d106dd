// What the walker knows where control flow joins, and what loops forget.
#include <gtest/gtest.h>

#include "rules/shell_state.h"

namespace paddock::rules {
namespace {

TEST(ShellState, MeetKeepsOnlyWhatHoldsOnBothPaths) {
  ShellState a = FreshShell("/p"), b = FreshShell("/p");
  a.env.vars = {{"same", "x"}, {"diff", "sudo"}, {"n", "1"}, {"only_a", "y"}};
  b.env.vars = {{"same", "x"}, {"diff", "ls"}, {"n", "2"}};
  b.cwd = "/p/sub";
  ShellState m = Meet(a, b);
  EXPECT_EQ(m.env.vars, (std::map<std::string, std::string>{{"same", "x"}}));
  EXPECT_TRUE(m.env.ints.count("n"));  // an integer either way
  EXPECT_TRUE(m.env.ints.count("RANDOM"));
  EXPECT_EQ(m.cwd, "");
}

TEST(ShellState, MeetOfIfsAndDescriptors) {
  ShellState a = FreshShell("/"), b = FreshShell("/");
  a.env.vars["IFS"] = ",";
  ShellState m = Meet(a, b);
  EXPECT_TRUE(m.env.ifs_unknown);
  EXPECT_FALSE(m.env.Ifs());
  ShellState unknown = FreshShell("/");
  unknown.env.ifs_unknown = true;
  EXPECT_TRUE(Meet(unknown, unknown).env.ifs_unknown);  // stays unknown, not the default
  EXPECT_TRUE(Meet(b, unknown).env.ifs_unknown);
  a.fds.fds[0] = {Source::kLiteral, "x"};
  m = Meet(a, b);
  EXPECT_EQ(m.fds.Get(0).kind, Source::kDynamic);
  EXPECT_EQ(Meet(b, b).fds.Get(0).kind, Source::kTerminal);
}

TEST(ShellState, ForgetKeepsIntegerCounters) {
  ShellState s = FreshShell("/p");
  s.env.vars = {{"i", "0"}, {"x", "ls"}, {"keep", "k"}};
  WriteLog log;
  log.Note("i", true);
  log.Note("x", true);  // x held no integer: unknown
  Forget(s, log);
  EXPECT_TRUE(s.env.ints.count("i"));
  EXPECT_FALSE(s.env.vars.count("x"));
  EXPECT_FALSE(s.env.ints.count("x"));
  EXPECT_EQ(s.env.vars.at("keep"), "k");
  log.Note("i", false);  // one non-integer write is enough
  Forget(s, log);
  EXPECT_FALSE(s.env.ints.count("i"));
}

TEST(ShellState, ForgetEverything) {
  ShellState s = FreshShell("/p");
  s.env.vars = {{"x", "ls"}};
  s.env.positional = std::vector<std::string>{"a"};
  s.env.assoc.insert("m");
  WriteLog log;
  log.all_vars = log.positional = log.cwd = log.fds = true;
  log.unset.insert("m");
  Forget(s, log);
  EXPECT_TRUE(s.env.vars.empty());
  EXPECT_TRUE(s.env.ifs_unknown);
  EXPECT_FALSE(s.env.positional);
  EXPECT_EQ(s.cwd, "");
  EXPECT_EQ(s.fds.Get(0).kind, Source::kDynamic);
  EXPECT_FALSE(s.env.assoc.count("m"));
}

TEST(ShellState, WriteLogCovers) {
  WriteLog a, b;
  a.Note("x", false);
  b.Note("x", true);
  EXPECT_TRUE(a.Covers(b));
  EXPECT_FALSE(b.Covers(a));  // a non-integer write b did not expect
  b.Note("y", true);
  EXPECT_FALSE(a.Covers(b));
  a.all_vars = true;
  EXPECT_TRUE(a.Covers(b));
  b.cwd = true;
  EXPECT_FALSE(a.Covers(b));
}

}  // namespace
}  // namespace paddock::rules
