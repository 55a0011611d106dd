// GNU make's command line read as make reads it (rules/make_line.h). The
// forms were checked against GNU make 4.3 (Debian 12).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "rules/make_line.h"
#include "rules/plain_words.h"

namespace paddock::rules {
namespace {

using Strings = std::vector<std::string>;

TEST(MakeLine, FilesInClustersAbbreviationsAndAfterTargets) {
  EXPECT_EQ(ParseMakeLine({"make", "-sf", "x.mk"}).files, Strings{"x.mk"});
  EXPECT_EQ(ParseMakeLine({"make", "-kf/dev/stdin"}).files, Strings{"/dev/stdin"});
  EXPECT_EQ(ParseMakeLine({"make", "-sif-"}).files, Strings{"-"});
  EXPECT_EQ(ParseMakeLine({"make", "--fi=-"}).files, Strings{"-"});
  EXPECT_EQ(ParseMakeLine({"make", "--makef", "m.mk"}).files, Strings{"m.mk"});
  EXPECT_EQ(ParseMakeLine({"make", "all", "-f", "late.mk", "test"}).files, Strings{"late.mk"});
  // -s takes no value, -j's is attached or absent: neither swallows -f.
  EXPECT_EQ(ParseMakeLine({"make", "-j", "-f", "a.mk"}).files, Strings{"a.mk"});
  EXPECT_EQ(ParseMakeLine({"make", "-j4", "-fa.mk"}).files, Strings{"a.mk"});
  // A value is a value: `-C -f` changes into a directory named -f.
  MakeLine dir = ParseMakeLine({"make", "-C", "-f", "x"});
  EXPECT_TRUE(dir.files.empty());
  EXPECT_EQ(dir.dir, "-f");
  // Ambiguous abbreviations (--ma: makefile or max-load) stop make: nothing read.
  EXPECT_TRUE(ParseMakeLine({"make", "--ma=x.mk"}).files.empty());
  // After "--" only targets and definitions.
  MakeLine end = ParseMakeLine({"make", "--", "-f", "CC=cc"});
  EXPECT_TRUE(end.files.empty());
  ASSERT_EQ(end.assignments.size(), 1u);
  EXPECT_EQ(end.assignments[0].name, "CC");
}

TEST(MakeLine, EvalsAndDirectories) {
  EXPECT_EQ(ParseMakeLine({"make", "--ev=$(shell id)"}).evals, Strings{"$(shell id)"});
  EXPECT_EQ(ParseMakeLine({"make", "-sE", "x:;true"}).evals, Strings{"x:;true"});
  EXPECT_EQ(ParseMakeLine({"make", "-C", "a", "--dir=b", "-f", "m.mk"}).dir, "a/b");
  EXPECT_EQ(ParseMakeLine({"make", "-C", "a", "-C", "/abs"}).dir, "/abs");
  EXPECT_EQ(MakeInputFiles(ParseMakeLine({"make", "-C", "sub"})),
            (Strings{"sub/GNUmakefile", "sub/makefile", "sub/Makefile"}));
  EXPECT_EQ(MakeInputFiles(ParseMakeLine({"make", "-C", "sub", "-f", "/x.mk", "-f", "-", "-f", "y.mk"})),
            (Strings{"/x.mk", "-", "sub/y.mk"}));
}

TEST(MakeLine, DefinitionsAndTheFlagsTheyCarry) {
  MakeLine line = ParseMakeLine({"make", "CC=sudo id;", "X!=date", "Y::=1", "Z += -O2", "all", "W?=", "a:b"});
  ASSERT_EQ(line.assignments.size(), 5u);
  EXPECT_EQ(line.assignments[0].value, "sudo id;");
  EXPECT_EQ(line.assignments[1].op, "!=");
  EXPECT_EQ(line.assignments[1].name, "X");
  EXPECT_EQ(line.assignments[2].op, "::=");
  EXPECT_EQ(line.assignments[3].name, "Z");
  EXPECT_EQ(line.assignments[3].op, "+=");
  EXPECT_EQ(line.assignments[3].value, "-O2");
  EXPECT_EQ(line.assignments[4].value, "");
  // MAKEFLAGS on the command line is decoded as switches (a leading word
  // without '-' is a cluster of letters): its definitions after -- apply
  // (`make 'MAKEFLAGS=s -- CC=INNER'` builds with CC = INNER), its --eval is
  // kept (make 4.3 decodes it too late to run it; the environment's runs),
  // and -f or -C never come from there.
  MakeLine flags = ParseMakeLine({"make", "MAKEFLAGS=ks --eval=x:;true -f- -C d -- CC=sudo"});
  EXPECT_EQ(flags.evals, Strings{"x:;true"});
  EXPECT_TRUE(flags.files.empty());
  EXPECT_EQ(flags.dir, "");
  ASSERT_EQ(flags.assignments.size(), 2u);
  EXPECT_EQ(flags.assignments[0].name, "CC");
  EXPECT_EQ(flags.assignments[0].value, "sudo");
  EXPECT_EQ(ParseMakeLine({"make", "GNUMAKEFLAGS=E x:"}).evals, Strings{"x:"});
  // MFLAGS is only passed on, not decoded.
  EXPECT_TRUE(ParseMakeLine({"make", "MFLAGS=-f x.mk"}).files.empty());
  // MAKEFILES' files are read first, in -C's directory, and do not replace the default ones.
  EXPECT_EQ(MakeInputFiles(ParseMakeLine({"make", "MAKEFILES=a.mk  b.mk", "-C", "d"})),
            (Strings{"d/a.mk", "d/b.mk", "d/GNUmakefile", "d/makefile", "d/Makefile"}));
}

TEST(PlainShellWords, AreTheWordsTheShellSees) {
  EXPECT_EQ(PlainShellWords("clang"), Strings{"clang"});
  EXPECT_EQ(PlainShellWords(" ccache  gcc "), (Strings{"ccache", "gcc"}));
  EXPECT_EQ(PlainShellWords("-O2 -DV=\"1.2\" -DN='a b'"), (Strings{"-O2", "-DV=1.2", "-DN=a b"}));
  EXPECT_EQ(PlainShellWords("'sud'o id"), (Strings{"sudo", "id"}));
  EXPECT_EQ(PlainShellWords(""), Strings{});
  // Shell syntax, expansions, globs, escapes and unclosed quotes are not plain.
  for (const char* v : {"sudo id;", "a|b", "x>f", "$(id)", "`id`", "a*", "-DV=\"$X\"", "a\\ b", "'open", "~/bin/cc"})
    EXPECT_EQ(PlainShellWords(v), Strings{}) << v;
}

}  // namespace
}  // namespace paddock::rules
