// Which words of an interpreter's command line are its program
// (src/rules/interpreter_code.cc): options that take a value are skipped the
// way each interpreter reads them, so a value is never taken for the
// program and the program never for a value.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "rules/interpreter_code.h"

namespace paddock::rules {
namespace {

using V = std::vector<std::string>;

CodeUse Use(const Words& w) {
  std::string name = w[0];
  return InterpreterLayer(w, InterpreterLanguage(name), name);
}

TEST(InterpreterCode, OptionValuesAreNotThePrograms) {
  EXPECT_EQ(Use({"node", "-r", "fs", "-e", "CODE"}).codes, V{"CODE"});
  EXPECT_EQ(Use({"node", "--input-type", "module", "-e", "CODE"}).codes, V{"CODE"});
  EXPECT_EQ(Use({"node", "-pe", "CODE"}).codes, V{"CODE"});  // node's short options take no attached value
  EXPECT_EQ(Use({"node", "--eval=CODE"}).codes, V{"CODE"});
  EXPECT_EQ(Use({"perl", "-I", "lib", "-e", "CODE"}).codes, V{"CODE"});
  EXPECT_EQ(Use({"perl", "-i.bake", "-pe", "CODE", "f"}).codes, V{"CODE"});  // -i's suffix is no -e
  EXPECT_EQ(Use({"python3", "--check-hash-based-pycs", "default", "-c", "CODE"}).codes, V{"CODE"});
  EXPECT_EQ(Use({"python3", "-W", "ignore", "-c", "CODE"}).codes, V{"CODE"});
  EXPECT_EQ(Use({"ruby", "-r", "json", "-e", "CODE"}).codes, V{"CODE"});
  EXPECT_EQ(Use({"php", "-d", "x=1", "-r", "CODE"}).codes, V{"CODE"});
  EXPECT_EQ(Use({"php", "-B", "BEGIN", "-R", "LINE"}).codes, (V{"BEGIN", "LINE"}));
  EXPECT_EQ(Use({"lua", "-l", "string", "-e", "CODE"}).codes, V{"CODE"});
  // An option the table does not know takes the next word when code follows.
  EXPECT_EQ(Use({"node", "--new-flag", "x", "-e", "CODE"}).codes, V{"CODE"});
}

TEST(InterpreterCode, AwkProgramAndFiles) {
  EXPECT_EQ(Use({"gawk", "--assign", "x=1", "PROG", "f"}).codes, V{"PROG"});
  EXPECT_EQ(Use({"mawk", "-W", "interactive", "PROG"}).codes, V{"PROG"});
  EXPECT_EQ(Use({"awk", "-F:", "-v", "a=1", "PROG"}).codes, V{"PROG"});
  CodeUse f = Use({"awk", "-f", "-", "data"});
  EXPECT_EQ(f.kind, CodeUse::kInterpreterFile);
  EXPECT_EQ(f.files, V{"-"});
  EXPECT_EQ(Use({"gawk", "--file=lib.awk", "-e", "PROG"}).codes, V{"PROG"});
}

TEST(InterpreterCode, ProgramFileOrStdin) {
  CodeUse file = Use({"python3", "-u", "/dev/stdin", "arg"});
  EXPECT_EQ(file.kind, CodeUse::kInterpreterFile);
  EXPECT_EQ(file.files, V{"/dev/stdin"});
  EXPECT_EQ(Use({"perl"}).kind, CodeUse::kInterpreterStdin);
  EXPECT_EQ(Use({"node", "-"}).kind, CodeUse::kInterpreterStdin);
  EXPECT_EQ(Use({"python3", "-m", "pytest"}).kind, CodeUse::kNone);
  EXPECT_EQ(Use({"tclsh", "-encoding", "utf-8", "x.tcl"}).files, V{"x.tcl"});
}

}  // namespace
}  // namespace paddock::rules
