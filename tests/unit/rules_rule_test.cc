// One test per rule form of docs/policy-semantics.md §Rule grammar.
#include "rules/rule.h"

#include <gtest/gtest.h>

#include "rules/evaluate.h"

namespace paddock::rules {
namespace {

Verdict Bash(const std::string& command, std::vector<std::string> deny, std::vector<std::string> allow = {},
             std::vector<std::string> ask = {}) {
  RuleSet s;
  for (auto& r : deny) s.deny.push_back(ParseRule(r, RuleKind::kDeny));
  for (auto& r : allow) s.allow.push_back(ParseRule(r, RuleKind::kAllow));
  for (auto& r : ask) s.ask.push_back(ParseRule(r, RuleKind::kAsk));
  return EvaluateBash(command, s, EvalContext{"/p", "/home/u", nullptr}).verdict;
}

TEST(RuleForms, BareAndStar) {
  EXPECT_TRUE(ParseRule("Bash", RuleKind::kDeny).matches_all);
  EXPECT_TRUE(ParseRule("Bash(*)", RuleKind::kDeny).matches_all);
  EXPECT_EQ(Bash("anything at all", {"Bash(*)"}), Verdict::kDeny);
}

// A typo in a rule names no tool: it matches nothing (as in Claude Code), and
// the warning that doctor shows says so instead of passing it as fine.
TEST(RuleForms, MalformedRulesMatchNothingAndSaySo) {
  for (const char* text : {"Bash(sudo:*", "Bash(foo)bar", "Read(//etc/**", "Bash sudo"}) {
    Rule r = ParseRule(text, RuleKind::kDeny);
    EXPECT_TRUE(r.ignored) << text;
    EXPECT_NE(r.warning.find("malformed rule"), std::string::npos) << text;
  }
  EXPECT_NE(ParseRule("Bash(sudo:*", RuleKind::kDeny).warning.find("closing parenthesis is missing"),
            std::string::npos);
  EXPECT_NE(ParseRule("Bash(foo)bar", RuleKind::kDeny).warning.find("after the closing"), std::string::npos);
  for (const char* fine : {"Bash(sudo:*)", "mcp__my-server__tool", "mcp__srv__*", "WebFetch", "Read(./x)"})
    EXPECT_TRUE(ParseRule(fine, RuleKind::kDeny).warning.empty()) << fine;
}

TEST(RuleForms, LegacyPrefix) {
  EXPECT_EQ(Bash("git", {"Bash(git:*)"}), Verdict::kDeny);
  EXPECT_EQ(Bash("git status", {"Bash(git:*)"}), Verdict::kDeny);
  EXPECT_EQ(Bash("gitk", {"Bash(git:*)"}), Verdict::kPassthrough);
  EXPECT_EQ(Bash("git-lfs", {"Bash(git:*)"}), Verdict::kPassthrough);
}

TEST(RuleForms, ColonMidPatternIsLiteral) {
  EXPECT_EQ(Bash("git:x push", {"Bash(git:* push)"}), Verdict::kDeny);
  EXPECT_EQ(Bash("git push", {"Bash(git:* push)"}), Verdict::kPassthrough);
}

TEST(RuleForms, Wildcards) {
  EXPECT_EQ(Bash("ls", {}, {"Bash(ls *)"}), Verdict::kAllow);
  EXPECT_EQ(Bash("lsof", {}, {"Bash(ls *)"}), Verdict::kPassthrough);
  EXPECT_EQ(Bash("lsof", {}, {"Bash(ls*)"}), Verdict::kAllow);
  EXPECT_EQ(Bash("npm install", {}, {}, {"Bash(* install)"}), Verdict::kAsk);
  EXPECT_EQ(Bash("git push origin main", {"Bash(git * main)"}), Verdict::kDeny);
  EXPECT_EQ(Bash("echo *", {}, {"Bash(echo \\*)"}), Verdict::kPassthrough);  // '*' unquoted is a glob
  EXPECT_EQ(Bash("echo '*'", {}, {"Bash(echo \\*)"}), Verdict::kAllow);
}

TEST(RuleForms, ExactDenyIsWordBoundaryPrefix) {
  EXPECT_EQ(Bash("git push origin", {"Bash(git push)"}), Verdict::kDeny);
  EXPECT_EQ(Bash("git push origin", {}, {"Bash(git push)"}), Verdict::kPassthrough);
  EXPECT_EQ(Bash("git push", {}, {"Bash(git push)"}), Verdict::kAllow);
}

TEST(RuleForms, FirstWordFoldedForDeny) {
  EXPECT_EQ(Bash("sudo id", {"Bash(/usr/bin/sudo:*)"}), Verdict::kDeny);
  EXPECT_EQ(Bash("SUDO id", {"Bash(sudo:*)"}), Verdict::kDeny);
}

// Claude Code matches rules against the command's text: quotes in a rule
// mean what they mean in the command, and a path glob in the first word is
// compared with the first word as written.
TEST(RuleForms, QuotesAndPathGlobsInRules) {
  EXPECT_EQ(Bash("git commit -m \"wip\"", {"Bash(git commit -m \"wip\")"}), Verdict::kDeny);
  EXPECT_EQ(Bash("rm -rf my\\ dir", {"Bash(rm -rf 'my dir')"}), Verdict::kDeny);
  EXPECT_EQ(Bash("git commit -m wip", {}, {"Bash(git commit -m 'wip')"}), Verdict::kAllow);
  EXPECT_EQ(Bash("echo '*'", {}, {"Bash(echo '*')"}), Verdict::kAllow);  // a quoted star is a star
  EXPECT_EQ(Bash("echo x", {}, {"Bash(echo '*')"}), Verdict::kPassthrough);
  EXPECT_EQ(Bash("/usr/bin/curl https://x", {"Bash(/usr/bin/*)"}), Verdict::kDeny);
  EXPECT_EQ(Bash("curl https://x", {"Bash(/usr/bin/*)"}), Verdict::kPassthrough);
  EXPECT_EQ(Bash("./scripts/deploy.sh prod", {"Bash(./scripts/*)"}), Verdict::kDeny);
}

// A rule that names a stripped wrapper layer exactly approves it; with a
// wildcard it would approve whatever the wrapper runs.
TEST(RuleForms, AllowRulesNamingAStrippedWrapper) {
  EXPECT_EQ(Bash("timeout 5 make", {}, {"Bash(timeout 5 make)"}), Verdict::kAllow);
  EXPECT_EQ(Bash("git -C sub status", {}, {"Bash(git -C sub status)"}), Verdict::kAllow);
  EXPECT_EQ(Bash("timeout 5 rm -rf x", {}, {"Bash(timeout *)"}), Verdict::kPassthrough);
}

TEST(RuleForms, ParameterRules) {
  Rule r = ParseRule("Bash(run_in_background:true)", RuleKind::kDeny);
  EXPECT_TRUE(r.is_param_rule);
  EXPECT_EQ(r.param, "run_in_background");
  EXPECT_TRUE(ParseRule("Bash(command:rm *)", RuleKind::kDeny).ignored);
  EXPECT_TRUE(ParseRule("Agent(model:opus)", RuleKind::kAllow).ignored);
  EXPECT_TRUE(ParseRule("Agent(model:opus)", RuleKind::kDeny).is_param_rule);
  EXPECT_FALSE(ParseRule("Bash(sudo:*)", RuleKind::kDeny).is_param_rule);
}

TEST(RuleForms, ToolGlobs) {
  EXPECT_TRUE(ParseRule("mcp__*", RuleKind::kDeny).tool_is_glob);
  EXPECT_TRUE(ParseRule("mcp__*", RuleKind::kAllow).ignored);
  EXPECT_FALSE(ParseRule("mcp__github__get_*", RuleKind::kAllow).ignored);
  EXPECT_TRUE(ParseRule("*", RuleKind::kAllow).ignored);
}

TEST(RuleForms, NeverConsultedPathRules) {
  EXPECT_TRUE(ParseRule("Write(./x)", RuleKind::kDeny).ignored);
  EXPECT_TRUE(ParseRule("Glob(./x)", RuleKind::kDeny).ignored);
  EXPECT_FALSE(ParseRule("Read(./x)", RuleKind::kDeny).ignored);
}

TEST(RuleForms, TaskIsAgent) { EXPECT_EQ(ParseRule("Task(Explore)", RuleKind::kDeny).tool, "Agent"); }

}  // namespace
}  // namespace paddock::rules
