// The getopt-like option parser wrappers are unwrapped with
// (docs/policy-semantics.md §Unwrapping).
#include <gtest/gtest.h>

#include "rules/normalize.h"
#include "rules/options.h"

namespace paddock::rules {
namespace {

const OptionTable kEnv{"iv0",
                       "uCS",
                       "",
                       {"ignore-environment", "null", "debug"},
                       {"unset", "chdir", "split-string"},
                       {"block-signal", "default-signal", "ignore-signal"}};

TEST(Options, CombinedFlagsAndAttachedArguments) {
  auto p = ParseOptions({"env", "-vS'sudo id'", "x"}, 1, kEnv);
  EXPECT_EQ(p.operand, 2u);
  ASSERT_EQ(p.options.size(), 2u);
  EXPECT_EQ(p.options[0].name, "-v");
  EXPECT_EQ(p.options[1].name, "-S");
  EXPECT_EQ(*p.options[1].value, "'sudo id'");
  EXPECT_EQ(p.options[1].offset, 2u);
  EXPECT_EQ(p.options[1].end, 2u);
  EXPECT_TRUE(p.uncertain.empty());

  p = ParseOptions({"env", "-iu", "X", "-C/tmp", "sudo"}, 1, kEnv);
  EXPECT_EQ(p.operand, 4u);
  EXPECT_EQ(*p.Last("-u")->value, "X");
  EXPECT_EQ(p.Last("-u")->end, 3u);
  EXPECT_EQ(*p.Last("-C")->value, "/tmp");
}

TEST(Options, LongOptionsValuesAndAbbreviations) {
  auto p = ParseOptions({"env", "--split-string=sudo id"}, 1, kEnv);
  EXPECT_EQ(*p.Last("--split-string")->value, "sudo id");
  p = ParseOptions({"env", "--spl", "sudo id", "cmd"}, 1, kEnv);  // unique prefix, value in the next word
  EXPECT_EQ(*p.Last("--split-string")->value, "sudo id");
  EXPECT_EQ(p.operand, 3u);
  p = ParseOptions({"env", "--block-signal", "sudo"}, 1, kEnv);  // optional argument: only with '='
  EXPECT_FALSE(p.Last("--block-signal")->value.has_value());
  EXPECT_EQ(p.operand, 2u);
  p = ParseOptions({"env", "--i", "sudo"}, 1, kEnv);  // --ignore-environment / --ignore-signal: ambiguous
  EXPECT_FALSE(p.uncertain.empty());
}

TEST(Options, DoubleDashAndOperands) {
  auto p = ParseOptions({"nohup", "--", "sudo", "id"}, 1, {});
  EXPECT_TRUE(p.end_marker);
  EXPECT_EQ(p.operand, 2u);
  p = ParseOptions({"timeout", "5", "-s", "KILL"}, 1, {"v", "ks", "", {}, {}, {}});
  EXPECT_EQ(p.operand, 1u);  // "+" mode: options end at the first operand
  p = ParseOptions({"env", "-", "sudo"}, 1, kEnv);
  EXPECT_EQ(p.operand, 1u);  // a lone "-" is an operand
}

TEST(Options, OptionalShortArgumentMustBeAttached) {
  OptionTable xargs{"0prtx", "aEdILnPs", "eil", {}, {}, {}};
  auto p = ParseOptions({"xargs", "-i", "sudo", "{}"}, 1, xargs);
  EXPECT_EQ(p.operand, 2u);
  EXPECT_FALSE(p.Last("-i")->value.has_value());
  p = ParseOptions({"xargs", "-iX", "sudo"}, 1, xargs);
  EXPECT_EQ(*p.Last("-i")->value, "X");
}

TEST(Options, UnknownOrDynamicOptionsAreUncertain) {
  EXPECT_FALSE(ParseOptions({"env", "-q", "sudo"}, 1, kEnv).uncertain.empty());
  EXPECT_FALSE(ParseOptions({"env", "--frobnicate", "sudo"}, 1, kEnv).uncertain.empty());
  EXPECT_FALSE(ParseOptions({"env", std::string("-") + kHole, "sudo"}, 1, kEnv).uncertain.empty());
  EXPECT_TRUE(ParseOptions({"env", "-i", "sudo"}, 1, kEnv).uncertain.empty());
}

TEST(Options, MissingArgumentEndsTheWords) {
  auto p = ParseOptions({"env", "-u"}, 1, kEnv);
  EXPECT_EQ(p.operand, 2u);
  EXPECT_FALSE(p.Last("-u")->value.has_value());
}

}  // namespace
}  // namespace paddock::rules
