#include <gtest/gtest.h>

#include "rules/normalize.h"
#include "shell/ast.h"

namespace paddock::rules {
namespace {

std::vector<std::string> Norm(const std::string& cmd, VarEnv env = {}) {
  auto r = shell::Parse(cmd);
  EXPECT_TRUE(r.ok) << r.error;
  return ExpandWords(r.script->pipelines.at(0).commands.at(0).words, env);
}

TEST(Normalize, QuoteAndEscapeRemoval) {
  EXPECT_EQ(Norm("s'u'do su\"\"do \\sudo s\\udo"), (std::vector<std::string>{"sudo", "sudo", "sudo", "sudo"}));
}

TEST(Normalize, AnsiC) {
  EXPECT_EQ(Norm("$'\\x73udo' $'\\163udo' $'\\u0073udo'"), (std::vector<std::string>{"sudo", "sudo", "sudo"}));
}

TEST(Normalize, BraceExpansion) {
  EXPECT_EQ(Norm("{sudo,id}"), (std::vector<std::string>{"sudo", "id"}));
  EXPECT_EQ(Norm("a{1..3}"), (std::vector<std::string>{"a1", "a2", "a3"}));
  EXPECT_EQ(Norm("x{a,b{c,d}}"), (std::vector<std::string>{"xa", "xbc", "xbd"}));
  EXPECT_EQ(Norm("'{a,b}' {} {x}"), (std::vector<std::string>{"{a,b}", "{}", "{x}"}));
  EXPECT_EQ(Norm("{1..100000}"), (std::vector<std::string>{std::string(1, kHole)}));
}

TEST(Normalize, IfsSplits) {
  EXPECT_EQ(Norm("sudo${IFS}id"), (std::vector<std::string>{"sudo", "id"}));
  // bash sets IFS itself at start-up: quoted, it is its default value.
  EXPECT_EQ(Norm("\"a$IFS\""), (std::vector<std::string>{"a \t\n"}));
}

TEST(Normalize, ChangedIfsSplitsValuesNotLiterals) {
  VarEnv env;
  env.vars["IFS"] = ",";
  env.vars["y"] = "sudo,id";
  EXPECT_EQ(Norm("$y", env), (std::vector<std::string>{"sudo", "id"}));
  EXPECT_EQ(Norm("sudo${IFS}id", env), (std::vector<std::string>{"sudo", "id"}));
  EXPECT_EQ(Norm("sudo,id \"$y\"", env), (std::vector<std::string>{"sudo,id", "sudo,id"}));
  // Non-blank IFS characters delimit empty fields, except at the end (bash 5.2).
  env.vars["y"] = ",a,,b,";
  EXPECT_EQ(Norm("$y", env), (std::vector<std::string>{"", "a", "", "b"}));
  env.vars["IFS"] = " ,";
  env.vars["y"] = " ,a , b";
  EXPECT_EQ(Norm("$y", env), (std::vector<std::string>{"", "a", "b"}));
  env.vars["IFS"] = "";
  env.vars["y"] = "sudo id";
  EXPECT_EQ(Norm("$y sudo${IFS}id", env), (std::vector<std::string>{"sudo id", "sudoid"}));
}

TEST(Normalize, UnknownIfsMakesSplitValuesUnknown) {
  VarEnv env;
  env.ifs_unknown = true;
  env.vars["y"] = "sudo";
  auto w = Norm("$y \"$y\" lit", env);
  ASSERT_EQ(w.size(), 3u);
  EXPECT_TRUE(IsDynamic(w[0]));  // IFS may hold 'u'
  EXPECT_EQ(w[1], "sudo");
  EXPECT_EQ(w[2], "lit");
}

TEST(Normalize, StarJoinsWithTheFirstIfsCharacter) {
  VarEnv env;
  env.positional = std::vector<std::string>{"zero", "a", "b"};
  env.vars["IFS"] = ",";
  EXPECT_EQ(Norm("\"$*\"", env), (std::vector<std::string>{"a,b"}));
  env.vars["IFS"] = "";
  EXPECT_EQ(Norm("\"$*\"", env), (std::vector<std::string>{"ab"}));
}

TEST(Normalize, UnquotedValuesAreGlobbed) {
  VarEnv env;
  env.vars["x"] = "/usr/bin/sud?";
  auto w = Norm("$x \"$x\"", env);
  EXPECT_TRUE(IsDynamic(w[0]));  // bash globs it: it may run /usr/bin/sudo
  EXPECT_EQ(w[1], "/usr/bin/sud?");
}

// What an unquoted glob matches is one name's text (no '/'): a glob hole,
// unless it could be ".." or cross directories (globstar, extglob).
TEST(Normalize, GlobsAreHolesWithinOneName) {
  const std::string h(1, kHole), any = h + kGlobMark, one = h + kGlobOneMark;
  EXPECT_EQ(
      Norm("*.md src/*.py .env.* .env? x[ab]y"),
      (std::vector<std::string>{any + ".md", "src/" + any + ".py", ".env." + any, ".env" + one, "x" + one + "y"}));
  // Runs merge and keep the first one's mark; '**' may cross directories.
  EXPECT_EQ(Norm("a*?b a?*b **/x.md"), (std::vector<std::string>{"a" + any + "b", "a" + one + "b", h + "/x.md"}));
  // A name of only dots and globs may be "..", and after a ".." the glob's
  // directory is unknown.
  EXPECT_EQ(Norm("* .* src/?? a*/../x.md x.md/.."),
            (std::vector<std::string>{h, "." + h, "src/" + h, "a" + h + "/../x.md", "x.md/.."}));
  // Bracket expressions: a plain one is one character; one not modelled
  // ([[:alpha:]]) is a full hole up to its last ']'; an unclosed '[' is text.
  EXPECT_EQ(Norm(".en[v] .e[[:alpha:]]v [abc '*'.md \\*.md"),
            (std::vector<std::string>{".en" + one, ".e" + h + "v", "[abc", "*.md", "*.md"}));
  EXPECT_EQ(FullHoles(any + ".md/" + one), h + ".md/" + h);
  EXPECT_EQ(Display(any + ".md" + one), "*.md?");
}

TEST(Normalize, IntegerText) {
  for (const char* yes : {"0", "12", "-3", " 7 ", "0x1f", "16#ff", "64#@_", ""}) EXPECT_TRUE(IsIntegerText(yes)) << yes;
  for (const char* no : {"x", "a[$(id)]", "1+x", "-", "$(id)", "1 2"}) EXPECT_FALSE(IsIntegerText(no)) << no;
}

TEST(Normalize, DynamicWords) {
  auto w = Norm("$X \"$HOME/bin/sudo\" *.txt $(date) '*'");
  ASSERT_EQ(w.size(), 5u);
  EXPECT_TRUE(IsDynamic(w[0]));
  EXPECT_EQ(w[1], std::string(1, kHole) + "/bin/sudo");
  EXPECT_EQ(w[2], std::string(1, kHole) + kGlobMark + ".txt");
  EXPECT_TRUE(IsDynamic(w[3]));
  EXPECT_EQ(w[4], "*");
}

TEST(Normalize, LiteralVariablesAndPositionals) {
  VarEnv env;
  env.vars["X"] = "sudo";
  env.positional = std::vector<std::string>{"zero", "one", "two"};
  EXPECT_EQ(Norm("$X $0 \"$@\" ${1}", env), (std::vector<std::string>{"sudo", "zero", "one", "two", "one"}));
}

}  // namespace
}  // namespace paddock::rules
