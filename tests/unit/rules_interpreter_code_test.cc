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

TEST(InterpreterCode, RunnersWithCodeOptions) {
  EXPECT_EQ(Use({"rake", "-qE", "puts 1", "test"}).codes, V{"puts 1"});
  EXPECT_EQ(Use({"rake", "test", "--execute=a", "-p", "b"}).codes, (V{"a", "b"}));
  EXPECT_EQ(Use({"rake", "-Tpattern"}).kind, CodeUse::kNone);  // -T's optional value
  // A value that looks like an option is taken for one: the code is read.
  EXPECT_EQ(Use({"rake", "-f", "-e", "x"}).codes, V{"x"});
  EXPECT_EQ(Use({"rake", "-r", "lib", "-e", "x"}).codes, V{"x"});
  EXPECT_EQ(Use({"deno", "eval", "--ext=ts", "console.log(1)"}).codes, V{"console.log(1)"});
  EXPECT_EQ(Use({"tsx", "-e", "x()"}).codes, V{"x()"});
  EXPECT_EQ(Use({"bun", "-e", "x()"}).codes, V{"x()"});
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

namespace paddock::rules {
namespace {

// Code run before the program: perl -M with something that is not a module
// name (perl compiles `use VALUE;`), node --import of a data: URL.
TEST(InterpreterCode, PreambleBeforeTheProgram) {
  EXPECT_EQ(Use({"perl", "-Mstrict;system('id')", "-e", "1"}).preamble, V{"use strict;system('id');"});
  EXPECT_EQ(Use({"perl", "-d:Peek;system('id')", "x.pl"}).preamble, V{"use Devel::Peek;system('id');"});
  EXPECT_TRUE(Use({"perl", "-MList::Util=sum,max", "-e", "1"}).preamble.empty());  // perl quotes =ARGS
  EXPECT_TRUE(Use({"perl", "-M-warnings", "-e", "1"}).preamble.empty());
  EXPECT_EQ(Use({"node", "--import", "data:text/javascript,a%3Bb", "x.js"}).preamble, V{"a;b"});
  EXPECT_EQ(Use({"node", "--loader=data:text/javascript,x", "x.js"}).preamble, V{"x"});
  EXPECT_FALSE(Use({"node", "--import", "data:text/javascript;base64,eA==", "x.js"}).opaque_what.empty());
  EXPECT_TRUE(Use({"node", "--import", "./setup.mjs", "x.js"}).preamble.empty());
  EXPECT_TRUE(IsPerlModuleSpec("Foo::Bar=x;y"));
  EXPECT_FALSE(IsPerlModuleSpec("Foo;system(1)"));
  EXPECT_FALSE(IsPerlModuleSpec(""));
}

}  // namespace
}  // namespace paddock::rules
