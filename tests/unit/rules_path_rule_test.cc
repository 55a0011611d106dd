// Read/Edit path rules (docs/policy-semantics.md §Rule grammar): anchors,
// any-depth names, directory rules, "**" at zero depth, and the anchor
// directory taken literally.
#include <gtest/gtest.h>

#include <string>

#include "rules/matcher.h"
#include "rules/normalize.h"
#include "rules/path_rule.h"

namespace paddock::rules {
namespace {

const PathContext kCtx{"/p", "/home/u"};

Hit Match(const std::string& rule, const std::string& path, RuleKind kind = RuleKind::kDeny,
          const PathContext& ctx = kCtx) {
  Rule r = ParseRule(rule, kind);
  return MatchPathRule(CompilePathRule(r, ctx), path);
}

TEST(PathRule, AnchorsSayWhereAPatternStarts) {
  EXPECT_EQ(Match("Read(~/.ssh/**)", "/home/u/.ssh/id_ed25519"), Hit::kDefinite);
  EXPECT_EQ(Match("Read(~/.ssh/**)", "/p/.ssh/id_ed25519"), Hit::kNone);
  EXPECT_EQ(Match("Read(//etc/shadow)", "/etc/shadow"), Hit::kDefinite);
  EXPECT_EQ(Match("Read(./.env)", "/p/.env"), Hit::kDefinite);
  EXPECT_EQ(Match("Read(/.env)", "/p/.env"), Hit::kDefinite);
  EXPECT_EQ(Match("Read(/.env)", "/p/sub/.env"), Hit::kNone);
  EXPECT_EQ(Match("Read(~)", "/home/u/notes.txt"), Hit::kDefinite);
}

TEST(PathRule, RelativeNamesMatchAtAnyDepthAndEverythingBelow) {
  EXPECT_EQ(Match("Read(.env)", "/p/a/b/.env"), Hit::kDefinite);
  EXPECT_EQ(Match("Read(secrets/)", "/p/secrets/k"), Hit::kDefinite);
  EXPECT_EQ(Match("Read(secrets/)", "/p/deep/secrets/k"), Hit::kDefinite);
  // A relative allow rule of several segments stays at the project root.
  EXPECT_EQ(Match("Edit(src/gen/x)", "/p/src/gen/x", RuleKind::kAllow), Hit::kDefinite);
  EXPECT_EQ(Match("Edit(src/gen/x)", "/p/lib/src/gen/x", RuleKind::kAllow), Hit::kNone);
  EXPECT_EQ(Match("Read(./)", "/p/any/file"), Hit::kDefinite);
  EXPECT_EQ(Match("Read(./)", "/q/file"), Hit::kNone);
}

TEST(PathRule, DoubleStarAlsoMatchesNoDirectory) {
  EXPECT_EQ(Match("Read(./a/**/b)", "/p/a/b"), Hit::kDefinite);
  EXPECT_EQ(Match("Read(./a/**/b)", "/p/a/x/y/b"), Hit::kDefinite);
  EXPECT_EQ(Match("Read(./a/*/b)", "/p/a/x/y/b"), Hit::kNone);
  EXPECT_EQ(Match("Read(./k?y)", "/p/key"), Hit::kDefinite);
  EXPECT_EQ(Match("Read(./k?y)", "/p/k/y"), Hit::kNone);
}

TEST(PathRule, BracketExpressionsAndEscapesAsGitignoreReadsThem) {
  EXPECT_EQ(Match("Read(./secret[0-9].txt)", "/p/secret1.txt"), Hit::kDefinite);
  EXPECT_EQ(Match("Read(./secret[0-9].txt)", "/p/secretA.txt"), Hit::kNone);
  EXPECT_EQ(Match("Read(./secret[0-9].txt)", "/p/secret12.txt"), Hit::kNone);
  EXPECT_EQ(Match("Read(**/key[!a-z].pem)", "/p/deep/key7.pem"), Hit::kDefinite);
  EXPECT_EQ(Match("Read(**/key[^a-z].pem)", "/p/keyq.pem"), Hit::kNone);
  EXPECT_EQ(Match("Read(./[]a]x)", "/p/]x"), Hit::kDefinite);
  EXPECT_EQ(Match("Read(./v[[:digit:]])", "/p/v3"), Hit::kDefinite);
  EXPECT_EQ(Match("Read(./v[[:digit:]])", "/p/vv"), Hit::kNone);
  // A class never matches the '/' between segments, negated or not.
  EXPECT_EQ(Match("Read(./a[!x]b)", "/p/a/b"), Hit::kNone);
  // No closing bracket: a literal '['. A backslash escapes the next character.
  EXPECT_EQ(Match("Read(./a[b)", "/p/a[b"), Hit::kDefinite);
  EXPECT_EQ(Match("Read(./log\\*)", "/p/log*"), Hit::kDefinite);
  EXPECT_EQ(Match("Read(./log\\*)", "/p/logs"), Hit::kNone);
  // Unknown text may be a member.
  EXPECT_EQ(Match("Read(./secret[0-9].txt)", std::string("/p/secret") + kHole + ".txt"), Hit::kPossible);
  EXPECT_EQ(Match("Read(/secret[0-9].txt)", std::string("/p/secretx") + kHole), Hit::kNone);
}

TEST(PathRule, HolesGiveAPossibleMatch) {
  const std::string hole(1, kHole);
  EXPECT_EQ(Match("Read(~/.ssh/**)", hole + "/.ssh/id"), Hit::kPossible);
  EXPECT_EQ(Match("Read(~/.ssh/**)", "/home/u/" + hole), Hit::kPossible);
}

// A glob hole stands for text without '/': it cannot name a file below
// another directory, and ? (kGlobOneMark) not the empty string.
TEST(PathRule, GlobHolesStayWithinOneName) {
  const std::string h(1, kHole), any = h + kGlobMark, one = h + kGlobOneMark;
  EXPECT_EQ(Match("Read(./.env)", "/p/" + any + ".md"), Hit::kNone);  // .env/x.md would need a '/'
  EXPECT_EQ(Match("Read(./.env)", "/p/src/" + any + ".py"), Hit::kNone);
  EXPECT_EQ(Match("Read(./.env)", "/p/.env" + one), Hit::kNone);
  EXPECT_EQ(Match("Read(./.env)", "/p/.env" + any), Hit::kPossible);
  EXPECT_EQ(Match("Read(./.env)", "/p/.en" + one), Hit::kPossible);
  EXPECT_EQ(Match("Read(./secrets/**)", "/p/sec" + any + "/x"), Hit::kPossible);
  EXPECT_EQ(Match("Read(./*.pem)", "/p/" + any + ".pem"), Hit::kDefinite);    // one '*' of a name covers it
  EXPECT_EQ(Match("Read(./.env)", "/p/" + h + ".md"), Hit::kPossible);        // a full hole may be .env/x.md
  EXPECT_EQ(ResolvePath(any + ".md", "/p", "/home/u"), "/p/" + any + ".md");  // relative, not maybe absolute
}

// bash expands ~NAME to NAME's home and ~+ / ~- to the working directories:
// only ~root has a fixed answer; the others are holes, so rules may match.
TEST(PathRule, TildeNamesAreHomesNotProjectFiles) {
  const std::string hole(1, kHole);
  EXPECT_EQ(ResolvePath("~root/.ssh/id", "/p", "/home/u"), "/root/.ssh/id");
  EXPECT_EQ(ResolvePath("~alice/.ssh/id", "/p", "/home/u"), hole + "/.ssh/id");
  EXPECT_EQ(ResolvePath("~+/.env", "/p", "/home/u"), hole + "/.env");
  EXPECT_EQ(ResolvePath("~-", "/p", "/home/u"), hole);
  EXPECT_EQ(ResolvePath("~/x", "/p", "/home/u"), "/home/u/x");
  // /proc/self/cwd and /proc/self/root are the working and root directories.
  EXPECT_EQ(ResolvePath("/proc/self/cwd/.env", "/p/sub", "/home/u"), "/p/sub/.env");
  EXPECT_EQ(ResolvePath("/proc/self/cwd/../.env", "/p/sub", "/home/u"), "/p/.env");
  EXPECT_EQ(ResolvePath("/proc//thread-self/./root/etc/shadow", "/p", "/home/u"), "/etc/shadow");
  EXPECT_EQ(ResolvePath("/proc/1/cwd/x", "/p", "/home/u"), hole + "/x");
  EXPECT_EQ(ResolvePath("/proc/self/cwdx/.env", "/p", "/home/u"), "/proc/self/cwdx/.env");
  // Not a login name: a relative file whose name starts with '~'.
  EXPECT_EQ(ResolvePath("~a:b", "/p", "/home/u"), "/p/~a:b");
}

// The anchor directory is a path, not a pattern: a project whose name holds
// '*' or '?' must not make the rule match its neighbours.
TEST(PathRule, TheAnchorDirectoryIsTakenLiterally) {
  const PathContext star{"/w/a*b", "/h/u?"};
  EXPECT_EQ(Match("Read(./secret)", "/w/a*b/secret", RuleKind::kDeny, star), Hit::kDefinite);
  EXPECT_EQ(Match("Read(./secret)", "/w/aXYb/secret", RuleKind::kDeny, star), Hit::kNone);
  EXPECT_EQ(Match("Read(~/.aws/**)", "/h/u?/.aws/credentials", RuleKind::kDeny, star), Hit::kDefinite);
  EXPECT_EQ(Match("Read(~/.aws/**)", "/h/uX/.aws/credentials", RuleKind::kDeny, star), Hit::kNone);
  Rule r = ParseRule("Read(./src/*.key)", RuleKind::kDeny);
  EXPECT_EQ(RuleLiteralPath(r, star), "/w/a*b/src");
}

TEST(PathRule, LiteralPathAndNames) {
  Rule ssh = ParseRule("Read(~/.ssh/**)", RuleKind::kDeny);
  EXPECT_EQ(RuleLiteralPath(ssh, kCtx), "/home/u/.ssh");
  EXPECT_EQ(RuleNames(ssh), std::vector<std::string>{".ssh"});
  Rule env = ParseRule("Read(**/.env)", RuleKind::kDeny);
  EXPECT_EQ(RuleLiteralPath(env, kCtx), "/p");
  EXPECT_EQ(RuleNames(env), std::vector<std::string>{".env"});
  Rule etc = ParseRule("Read(//etc/*)", RuleKind::kDeny);
  EXPECT_EQ(RuleLiteralPath(etc, kCtx), "/etc");
  EXPECT_EQ(ContainsRulePath(CompilePathRule(ssh, kCtx), "/home/u"), Hit::kDefinite);
  EXPECT_EQ(ContainsRulePath(CompilePathRule(ssh, kCtx), "/home/u/src"), Hit::kNone);
}

}  // namespace
}  // namespace paddock::rules

namespace paddock::rules {
namespace {

// Rule text may hold any byte: a class marker without a whole bracket
// expression after it is a literal, never read past the pattern's end.
TEST(Matcher, AStrayClassMarkerIsALiteral) {
  const std::string stray = std::string("a") + kClass + "b";
  EXPECT_TRUE(GlobMatch(stray, stray, MatchMode::kDefinite));
  EXPECT_FALSE(GlobMatch(stray, "axb", MatchMode::kDefinite));
  EXPECT_FALSE(GlobMatch(std::string(1, kClass), "x", MatchMode::kPossible));
  EXPECT_TRUE(GlobMatch(std::string(1, kClass), std::string(1, kHole), MatchMode::kPossible));
}

}  // namespace
}  // namespace paddock::rules
