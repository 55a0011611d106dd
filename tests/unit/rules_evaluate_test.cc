// Evaluation: units, opaque handling, explanations, Read/Edit cross-tool,
// and the no-cap / limit behaviour of spec §9.6-9.7.
#include <gtest/gtest.h>

#include "rules/evaluate.h"
#include "rules/units.h"

namespace paddock::rules {
namespace {

RuleSet Rules(std::vector<std::string> deny, std::vector<std::string> allow = {}, std::vector<std::string> ask = {}) {
  RuleSet s;
  for (auto& r : deny) s.deny.push_back(ParseRule(r, RuleKind::kDeny));
  for (auto& r : allow) s.allow.push_back(ParseRule(r, RuleKind::kAllow));
  for (auto& r : ask) s.ask.push_back(ParseRule(r, RuleKind::kAsk));
  return s;
}
const EvalContext kCtx{"/p", "/home/u", nullptr};

TEST(Evaluate, ExplanationNamesRuleAndUnit) {
  auto d = EvaluateBash("echo x | sudo rm -rf /tmp/x", Rules({"Bash(sudo:*)"}), kCtx);
  EXPECT_EQ(d.verdict, Verdict::kDeny);
  EXPECT_EQ(d.reason, "deny: Bash(sudo:*) matched 'sudo rm -rf /tmp/x' (pipeline segment 2)");
}

TEST(Evaluate, EveryLayerIsMatched) {
  auto ex = Extract("sudo -u root timeout 5 rm -rf x", {});
  ASSERT_EQ(ex.units.size(), 1u);
  ASSERT_EQ(ex.units[0].layers.size(), 3u);
  EXPECT_EQ(ex.units[0].layers[1][0], "timeout");
  EXPECT_EQ(ex.units[0].layers[2][0], "rm");
}

TEST(Evaluate, OpaqueOnlyMattersWithRestrictions) {
  EXPECT_EQ(EvaluateBash("eval \"$X\"", Rules({}), kCtx).verdict, Verdict::kPassthrough);
  EXPECT_EQ(EvaluateBash("eval \"$X\"", Rules({"Bash(rm:*)"}), kCtx).verdict, Verdict::kAsk);
  EXPECT_EQ(EvaluateBash("eval \"$X\"", Rules({}, {}, {"Bash(git push:*)"}), kCtx).verdict, Verdict::kAsk);
  // Only Read rules: not a Bash restriction.
  EXPECT_EQ(EvaluateBash("eval \"$X\"", Rules({"Read(./.env)"}), kCtx).verdict, Verdict::kPassthrough);
}

TEST(Evaluate, NoCapOnSubcommands) {
  std::string s;
  for (int i = 0; i < 10000; ++i) s += "true; ";
  s += "sudo id";
  EXPECT_EQ(EvaluateBash(s, Rules({"Bash(sudo:*)"}), kCtx).verdict, Verdict::kDeny);
}

TEST(Evaluate, DeepNestingEscalates) {
  std::string s;
  for (int i = 0; i < 10000; ++i) s += "$(";
  for (int i = 0; i < 10000; ++i) s += ")";
  EXPECT_EQ(EvaluateBash("echo " + s, Rules({"Bash(sudo:*)"}), kCtx).verdict, Verdict::kAsk);
  std::string nested = "sudo id";
  for (int i = 0; i < 100; ++i) nested = "eval " + nested;  // each eval re-parses its arguments
  auto d = EvaluateBash(nested, Rules({"Bash(sudo:*)"}), kCtx);
  EXPECT_EQ(d.verdict, Verdict::kAsk);  // past the code-depth limit: opaque
}

TEST(Evaluate, MegabyteCommand) {
  std::string s = "echo " + std::string(1 << 20, 'a') + " && sudo id";
  EXPECT_EQ(EvaluateBash(s, Rules({"Bash(sudo:*)"}), kCtx).verdict, Verdict::kDeny);
}

TEST(Evaluate, ReadRulesOnReaders) {
  EXPECT_EQ(EvaluateBash("cat /p/.env", Rules({"Read(./.env)"}), kCtx).verdict, Verdict::kDeny);
  EXPECT_EQ(EvaluateBash("tail -n 5 secrets/a/b", Rules({"Read(./secrets/**)"}), kCtx).verdict, Verdict::kDeny);
  EXPECT_EQ(EvaluateBash("cat //etc/x", Rules({"Read(//etc/shadow)"}), kCtx).verdict, Verdict::kPassthrough);
  EXPECT_EQ(EvaluateBash("cat /etc/shadow", Rules({"Read(//etc/shadow)"}), kCtx).verdict, Verdict::kDeny);
  EXPECT_EQ(EvaluateBash("cat ~/.ssh/id_rsa", Rules({"Read(~/.ssh/**)"}), kCtx).verdict, Verdict::kDeny);
  EXPECT_EQ(EvaluateBash("cat $F", Rules({"Read(./.env)"}), kCtx).verdict, Verdict::kAsk);
  EXPECT_EQ(EvaluateBash("cat README.md", Rules({"Read(./.env)"}), kCtx).verdict, Verdict::kPassthrough);
}

TEST(Evaluate, EditRulesOnWriters) {
  EXPECT_EQ(EvaluateBash("echo x > .git/hooks/pre-commit", Rules({"Edit(./.git/hooks/**)"}), kCtx).verdict, Verdict::kDeny);
  EXPECT_EQ(EvaluateBash("cp a .git/config", Rules({"Edit(./.git/config)"}), kCtx).verdict, Verdict::kDeny);
  EXPECT_EQ(EvaluateBash("touch src/x", Rules({"Edit(src/**)"}), kCtx).verdict, Verdict::kDeny);
  EXPECT_EQ(EvaluateBash("echo x > /dev/null", Rules({"Edit(//dev/**)"}), kCtx).verdict, Verdict::kPassthrough);
}

TEST(Evaluate, AllowNeedsAllUnitsAndNoOpaque) {
  EXPECT_EQ(EvaluateBash("git status && npm test", Rules({}, {"Bash(git status)", "Bash(npm test *)"}), kCtx).verdict, Verdict::kAllow);
  EXPECT_EQ(EvaluateBash("# only a comment", Rules({}, {"Bash(*)"}), kCtx).verdict, Verdict::kPassthrough);
  EXPECT_EQ(EvaluateBash("bash -c 'ls'", Rules({}, {"Bash(ls)"}), kCtx).verdict, Verdict::kPassthrough);
  EXPECT_EQ(EvaluateBash("bash -c 'ls'", Rules({}, {"Bash(ls)", "Bash(bash -c *)"}), kCtx).verdict, Verdict::kAllow);
}

}  // namespace
}  // namespace paddock::rules
