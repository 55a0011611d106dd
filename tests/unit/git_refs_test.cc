#include <gtest/gtest.h>

#include "git/refs.h"

namespace paddock::git {
namespace {

const std::string kA(40, 'a');
const std::string kB(40, 'b');
const std::string kC(40, 'c');

TEST(GitRefs, LooseRefHoldsAnObjectNameOrNothing) {
  EXPECT_EQ(LooseRefValue(kA + "\n"), kA);
  EXPECT_EQ(LooseRefValue(std::string(40, 'A') + "\r\n"), kA);           // case folded
  EXPECT_EQ(LooseRefValue(std::string(64, 'c')), std::string(64, 'c'));  // SHA-256
  EXPECT_EQ(LooseRefValue("ref: refs/heads/main\n"), "");
  EXPECT_EQ(LooseRefValue(std::string(39, 'a')), "");
  EXPECT_EQ(LooseRefValue(std::string(39, 'a') + "g"), "");
  EXPECT_EQ(LooseRefValue(""), "");
}

TEST(GitRefs, PackedRefsSkipHeaderPeeledAndJunk) {
  auto refs = ParsePackedRefs("# pack-refs with: peeled fully-peeled sorted \n" + kA + " refs/heads/main\n" + kB +
                              " refs/tags/v1\n^" + kC + "\nnot a line\n" + kC + " HEAD\n" + kC + " refs/x");
  ASSERT_EQ(refs.size(), 3u);
  EXPECT_EQ(refs["refs/heads/main"], kA);
  EXPECT_EQ(refs["refs/tags/v1"], kB);  // the peeled ^ line is not a ref
  EXPECT_EQ(refs["refs/x"], kC);        // the last line needs no newline
}

TEST(GitRefs, LooseWinsOverPacked) {
  RefStore s{{{"refs/heads/main", kB}}, {{"refs/heads/main", kA}, {"refs/tags/v1", kC}}};
  auto e = s.Effective();
  EXPECT_EQ(e["refs/heads/main"], kB);
  EXPECT_EQ(e["refs/tags/v1"], kC);
}

TEST(GitRefs, HeadBranch) {
  EXPECT_EQ(HeadBranch("ref: refs/heads/main\n"), "main");
  EXPECT_EQ(HeadBranch("ref: refs/heads/topic/x"), "topic/x");
  EXPECT_EQ(HeadBranch(kA + "\n"), "");  // detached
  EXPECT_EQ(HeadBranch("ref: refs/heads/"), "");
  EXPECT_EQ(HeadBranch("ref: refs/remotes/origin/main"), "");
}

TEST(GitRefs, TrackedBranchesAreTheOnesWithAMergeKey) {
  auto config = ParseConfig(
      "[branch \"main\"]\n remote = origin\n merge = refs/heads/main\n[branch \"local\"]\n rebase = true\n"
      "[branch \"Topic/X\"]\n merge = refs/heads/t\n[remote \"origin\"]\n merge = x\n");
  EXPECT_EQ(TrackedBranches(config), (std::vector<std::string>{"main", "Topic/X"}));
}

TEST(GitRefs, BranchPatterns) {
  EXPECT_TRUE(BranchPatternMatches("main", "main"));
  EXPECT_FALSE(BranchPatternMatches("main", "main2"));
  EXPECT_FALSE(BranchPatternMatches("main", "mai"));
  EXPECT_TRUE(BranchPatternMatches("release/*", "release/1.0"));
  EXPECT_TRUE(BranchPatternMatches("release/*", "release/1/2"));  // * spans slashes
  EXPECT_FALSE(BranchPatternMatches("release/*", "releases/1"));
  EXPECT_TRUE(BranchPatternMatches("*", "anything"));
  EXPECT_TRUE(BranchPatternMatches("f*e*", "feature"));
  EXPECT_FALSE(BranchPatternMatches("f*x", "feature"));
  EXPECT_FALSE(BranchPatternMatches("", "main"));
  // No blow-up on many stars.
  EXPECT_FALSE(BranchPatternMatches(std::string(200, '*') + "b", std::string(5000, 'a')));
}

TEST(GitRefs, UpdatesListCreatedMovedDeletedByName) {
  RefValues before{{"refs/heads/main", kA}, {"refs/heads/gone", kB}, {"refs/tags/v1", kC}};
  RefValues after{{"refs/heads/main", kB}, {"refs/heads/new", kC}, {"refs/tags/v1", kC}};
  auto u = RefUpdates(before, after);
  ASSERT_EQ(u.size(), 3u);
  EXPECT_EQ(u[0].ref, "refs/heads/gone");
  EXPECT_EQ(u[0].new_oid, "");
  EXPECT_EQ(u[1].ref, "refs/heads/main");
  EXPECT_EQ(u[1].old_oid, kA);
  EXPECT_EQ(u[1].new_oid, kB);
  EXPECT_EQ(u[2].ref, "refs/heads/new");
  EXPECT_EQ(u[2].old_oid, "");
}

}  // namespace
}  // namespace paddock::git
