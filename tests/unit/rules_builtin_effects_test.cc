// What bash builtins do to the shell running them, from their words.
#include <gtest/gtest.h>

#include "rules/builtin_effects.h"
#include "rules/normalize.h"

namespace paddock::rules {
namespace {

std::vector<std::string> Names(const BuiltinEffects& e) {
  std::vector<std::string> out;
  for (const auto& w : e.writes) out.push_back(w.name + (w.has_subscript ? "[" + w.subscript + "]" : ""));
  return out;
}

TEST(BuiltinEffects, VariableWriters) {
  EXPECT_EQ(Names(AnalyzeBuiltin({"read", "-r", "-p", "prompt", "a", "b"})), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(Names(AnalyzeBuiltin({"read", "-r"})), std::vector<std::string>{"REPLY"});
  EXPECT_EQ(Names(AnalyzeBuiltin({"read", "-ra", "arr"})), std::vector<std::string>{"arr"});
  EXPECT_EQ(Names(AnalyzeBuiltin({"mapfile", "-t", "lines"})), std::vector<std::string>{"lines"});
  EXPECT_EQ(Names(AnalyzeBuiltin({"readarray"})), std::vector<std::string>{"MAPFILE"});
  EXPECT_EQ(Names(AnalyzeBuiltin({"printf", "-v", "x", "%s", "y"})), std::vector<std::string>{"x"});
  EXPECT_EQ(Names(AnalyzeBuiltin({"printf", "%s", "y"})), std::vector<std::string>{});
  EXPECT_EQ(Names(AnalyzeBuiltin({"getopts", "ab:", "opt"})), (std::vector<std::string>{"opt", "OPTARG", "OPTIND"}));
  EXPECT_EQ(Names(AnalyzeBuiltin({"wait", "-n", "-p", "pid"})), std::vector<std::string>{"pid"});
  EXPECT_EQ(Names(AnalyzeBuiltin({"unset", "-v", "a[1]"})), std::vector<std::string>{"a[1]"});
  EXPECT_EQ(Names(AnalyzeBuiltin({"unset", "-f", "fn"})), std::vector<std::string>{});
  // A path is not the builtin.
  EXPECT_EQ(Names(AnalyzeBuiltin({"/usr/bin/printf", "-v", "x"})), std::vector<std::string>{});
}

TEST(BuiltinEffects, NameOperandsCarrySubscripts) {
  auto e = AnalyzeBuiltin({"read", "a[$(sudo id)]"});
  EXPECT_EQ(e.name_operands, std::vector<std::string>{"a[$(sudo id)]"});
  EXPECT_EQ(AnalyzeBuiltin({"test", "-v", "a[x]"}).name_operands, std::vector<std::string>{"a[x]"});
  EXPECT_EQ(AnalyzeBuiltin({"[", "-v", "a[x]", "]"}).name_operands, std::vector<std::string>{"a[x]"});
  EXPECT_EQ(AnalyzeBuiltin({"let", "i++", "x=a[1]"}).arith_texts, (std::vector<std::string>{"i++", "x=a[1]"}));
}

TEST(BuiltinEffects, Declarations) {
  auto e = AnalyzeBuiltin({"declare", "-i", "n=x", "m"});
  ASSERT_EQ(e.writes.size(), 2u);
  EXPECT_EQ(e.writes[0].kind, VarWrite::kLiteral);
  EXPECT_EQ(e.writes[0].value, "x");
  EXPECT_TRUE(e.writes[0].declaration);
  EXPECT_EQ(e.int_names, (std::vector<std::string>{"n", "m"}));
  auto c = AnalyzeBuiltin({"local", "a=(1 $(sudo id))", "b+=x"});
  ASSERT_EQ(c.now_code.size(), 1u);  // re-parsed as an assignment
  EXPECT_EQ(c.now_code[0].text, "a=(1 $(sudo id))");
  ASSERT_EQ(c.writes.size(), 1u);
  EXPECT_TRUE(c.writes[0].append);
  auto n = AnalyzeBuiltin({"declare", "-n", "r=BASH_CMDS"});
  EXPECT_TRUE(n.writes.empty());
  ASSERT_EQ(n.namerefs.size(), 1u);
  EXPECT_EQ(n.namerefs[0].value, "BASH_CMDS");
  EXPECT_TRUE(AnalyzeBuiltin({"export", "-n", "x"}).namerefs.empty());  // export -n un-exports
  EXPECT_TRUE(AnalyzeBuiltin({"declare", "-f", "x=y"}).writes.empty());
  EXPECT_EQ(AnalyzeBuiltin({"typeset", "-l", "x"}).transform_names, std::vector<std::string>{"x"});
  EXPECT_EQ(AnalyzeBuiltin({"declare", "-A", "m"}).assoc_names, std::vector<std::string>{"m"});
}

TEST(BuiltinEffects, CommandTables) {
  auto h = AnalyzeBuiltin({"hash", "-p/usr/bin/sudo", "x", "y"});
  ASSERT_EQ(h.hashes.size(), 2u);
  EXPECT_EQ(h.hashes[1].name, "y");
  EXPECT_EQ(h.hashes[1].value, "/usr/bin/sudo");
  EXPECT_EQ(AnalyzeBuiltin({"hash", "-rp", "/bin/sh", "z"}).hashes.size(), 1u);
  EXPECT_TRUE(AnalyzeBuiltin({"hash", "ls"}).hashes.empty());
  EXPECT_FALSE(AnalyzeBuiltin({"hash", "-p", "/usr/bin/sudo", std::string(1, kHole)}).opaque.empty());
  auto a = AnalyzeBuiltin({"alias", "ll=ls -l", "-p"});
  ASSERT_EQ(a.aliases.size(), 1u);
  EXPECT_EQ(a.aliases[0].value, "ls -l");
  EXPECT_FALSE(AnalyzeBuiltin({"alias", std::string(1, kHole) + "=eval"}).opaque.empty());
}

TEST(BuiltinEffects, Callbacks) {
  auto m = AnalyzeBuiltin({"mapfile", "-tCsudo", "-c1", "a"});
  ASSERT_EQ(m.later_code.size(), 1u);
  EXPECT_EQ(m.later_code[0].text, "sudo");
  EXPECT_EQ(m.later_code[0].appended, 2);  // index and line
  EXPECT_EQ(AnalyzeBuiltin({"complete", "-C", "sudo id", "x"}).later_code.size(), 1u);
  EXPECT_EQ(AnalyzeBuiltin({"compgen", "-F", "fn", "x"}).later_code[0].text, "fn");
  EXPECT_EQ(AnalyzeBuiltin({"compgen", "-W", "$(sudo id)", "x"}).expanded_texts,
            std::vector<std::string>{"$(sudo id)"});
  EXPECT_EQ(AnalyzeBuiltin({"bind", "-x", "\"\\C-x\": sudo id"}).later_code.at(0).text, "sudo id");
  EXPECT_EQ(AnalyzeBuiltin({"bind", "-x", "\"\\C-x\":\"sudo id\""}).later_code.at(0).text, "sudo id");
  EXPECT_EQ(AnalyzeBuiltin({"bind", "-x", "C-x: sudo"}).later_code.at(0).text, "sudo");
  EXPECT_FALSE(AnalyzeBuiltin({"bind", "-x", "nothing"}).opaque.empty());
  EXPECT_EQ(AnalyzeBuiltin({"history", "-s", "sudo", "id"}).later_code.at(0).text, "sudo id");
}

TEST(BuiltinEffects, FcRunsHistory) {
  auto e = AnalyzeBuiltin({"fc", "-e", "sudo id;:", "-1"});
  ASSERT_EQ(e.later_code.size(), 1u);
  EXPECT_FALSE(e.opaque.empty());  // and runs what the editor left
  EXPECT_FALSE(AnalyzeBuiltin({"fc"}).opaque.empty());
  EXPECT_FALSE(AnalyzeBuiltin({"fc", "-s", "echo=sudo"}).opaque.empty());
  EXPECT_TRUE(AnalyzeBuiltin({"fc", "-s"}).opaque.empty());  // re-runs an entry already checked
  EXPECT_TRUE(AnalyzeBuiltin({"fc", "-l"}).opaque.empty());
}

TEST(BuiltinEffects, PositionalParameters) {
  auto s = AnalyzeBuiltin({"set", "-e", "--", "sudo", "id"});
  EXPECT_TRUE(s.sets_positional);
  EXPECT_EQ(s.positional, (Words{"sudo", "id"}));
  EXPECT_EQ(AnalyzeBuiltin({"set", "a", "b"}).positional, (Words{"a", "b"}));
  EXPECT_FALSE(AnalyzeBuiltin({"set", "-euo", "pipefail"}).sets_positional);
  EXPECT_FALSE(AnalyzeBuiltin({"set", "-o", "pipefail"}).sets_positional);
  EXPECT_TRUE(AnalyzeBuiltin({"set", std::string(1, kHole)}).positional_unknown);
  EXPECT_EQ(AnalyzeBuiltin({"shift"}).shift, 1);
  EXPECT_EQ(AnalyzeBuiltin({"shift", "2"}).shift, 2);
  EXPECT_TRUE(AnalyzeBuiltin({"shift", std::string(1, kHole)}).positional_unknown);
}

}  // namespace
}  // namespace paddock::rules
