// The shell commands tools run from their options and meta-commands
// (src/rules/tool_commands.cc): what counts as the command, and the
// look-alikes that are data.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "rules/tool_commands.h"

namespace paddock::rules {
namespace {

using V = std::vector<std::string>;

V Codes(const Words& w) {
  CodeUse use = AnalyzeLayer(w);
  if (use.kind == CodeUse::kNone) return {};
  EXPECT_EQ(use.kind, CodeUse::kShellString);
  return use.codes;
}

TEST(ToolCommands, OptionsThatNameACommand) {
  EXPECT_EQ(Codes({"split", "--filter=gzip > $FILE", "x"}), (V{"gzip > $FILE"}));
  EXPECT_EQ(Codes({"split", "--fi", "cmd", "x"}), (V{"cmd"}));
  EXPECT_EQ(Codes({"split", "-l", "5", "x", "--filter-me"}), V{});                // an operand, not the option
  EXPECT_EQ(Codes({"sort", "--compress-program=lz4 -1", "x"}), (V{"'lz4 -1'"}));  // one program name
  EXPECT_EQ(Codes({"sort", "-u", "x"}), V{});
  EXPECT_EQ(Codes({"zip", "-T", "-TT", "unzip -t", "a.zip", "x"}), (V{"unzip -t"}));
  EXPECT_EQ(Codes({"zip", "-TTmy-test", "a.zip", "x"}), (V{"my-test"}));
}

TEST(ToolCommands, GdbShellEscapesAndTheProgramItRuns) {
  EXPECT_EQ(Codes({"gdb", "-ex", "shell make", "-ex", "!ls", "--ex=| bt | grep x"}), (V{"make", "ls", " grep x"}));
  EXPECT_EQ(Codes({"gdb", "-batch", "-ex", "run", "--args", "./app", "a b"}), (V{"./app 'a b'"}));
  EXPECT_EQ(Codes({"gdb", "-batch", "-ex", "r", "./app"}), (V{"./app"}));
  EXPECT_EQ(Codes({"gdb", "-batch", "-ex", "bt", "./app", "core"}), V{});
  EXPECT_EQ(Codes({"gdb", "-x", "cmds.gdb", "./app"}), V{});  // a command file is not analysed
  EXPECT_EQ(Codes({"gdb", "-ex", "print shell_var"}), V{});
}

TEST(ToolCommands, DatabaseClientEscapes) {
  EXPECT_EQ(Codes({"mysql", "-e", "select 1; system ls -l; select 2"}), (V{"ls -l"}));
  EXPECT_EQ(Codes({"mysql", "--execute", "\\! id"}), (V{" id"}));
  EXPECT_EQ(Codes({"mysql", "-e", "select * from system_users"}), V{});
  EXPECT_EQ(Codes({"mysql", "-e", "System id"}), (V{"id"}));
  EXPECT_EQ(Codes({"psql", "-c", "\\! id", "-c", "\\g |wc -l"}), (V{" id", "wc -l"}));
  EXPECT_EQ(Codes({"psql", "-c", "select '\\\\o'"}), V{});
  EXPECT_EQ(Codes({"sqlite3", "a.db", ".sys id", ".output '|gzip > x' trailing"}), (V{"id", "gzip > x"}));
  EXPECT_EQ(Codes({"sqlite3", "-cmd", ".shell id", "a.db"}), (V{"id"}));
  EXPECT_EQ(Codes({"sqlite3", "-init", ".shell", "a.db", "select 'a|b'"}), V{});
  EXPECT_EQ(Codes({"sqlite3", ".shell id"}), V{});  // the database's name
}

}  // namespace
}  // namespace paddock::rules
