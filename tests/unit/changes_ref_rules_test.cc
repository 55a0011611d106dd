#include <gtest/gtest.h>

#include <map>

#include "changes/ref_rules.h"

namespace paddock::changes {
namespace {

const std::string kA(40, 'a');
const std::string kB(40, 'b');
const std::string kC(40, 'c');

Change Make(ChangeKind kind, const std::string& path, EntryType new_type = EntryType::kFile,
            EntryType old_type = EntryType::kFile) {
  Change c;
  c.kind = kind;
  c.path = path;
  c.new_type = kind == ChangeKind::kDeleted ? EntryType::kMissing : new_type;
  c.old_type = kind == ChangeKind::kAdded ? EntryType::kMissing : old_type;
  c.directory =
      c.new_type == EntryType::kDirectory || (kind == ChangeKind::kDeleted && old_type == EntryType::kDirectory);
  return c;
}

git::RefStore After(const git::RefStore& host, const std::vector<Change>& changes,
                    const std::map<std::string, std::string>& upper) {
  return RefsAfter(host, changes, [&](const std::string& p) {
    auto it = upper.find(p);
    return it == upper.end() ? std::string() : it->second;
  });
}

TEST(RefRules, RefPaths) {
  EXPECT_TRUE(IsRefPath(".git/refs/heads/main"));
  EXPECT_TRUE(IsRefPath(".git/refs"));
  EXPECT_TRUE(IsRefPath(".git/packed-refs"));
  EXPECT_FALSE(IsRefPath(".git/refsx"));
  EXPECT_FALSE(IsRefPath("refs/heads/main"));  // not git's: a project file
  EXPECT_FALSE(IsRefPath("sub/.git/refs/heads/main"));
}

TEST(RefRules, ObjectDeletionsAreSkippedOthersNot) {
  EXPECT_TRUE(SkippedOnApply(Make(ChangeKind::kDeleted, ".git/objects/ab/cdef")));
  EXPECT_TRUE(
      SkippedOnApply(Make(ChangeKind::kDeleted, ".git/objects/pack", EntryType::kMissing, EntryType::kDirectory)));
  EXPECT_TRUE(SkippedOnApply(Make(ChangeKind::kDeleted, ".git/objects", EntryType::kMissing, EntryType::kDirectory)));
  EXPECT_FALSE(SkippedOnApply(Make(ChangeKind::kAdded, ".git/objects/ab/cdef")));
  EXPECT_FALSE(SkippedOnApply(Make(ChangeKind::kDeleted, ".git/refs/heads/x")));
  EXPECT_FALSE(SkippedOnApply(Make(ChangeKind::kDeleted, "src/.git/objects/x")));
}

TEST(RefRules, LooseRefsFollowTheSelectedChanges) {
  git::RefStore host{{{"refs/heads/main", kA}, {"refs/heads/topic/a", kA}, {"refs/heads/topic/b", kA}}, {}};
  auto after = After(host,
                     {Make(ChangeKind::kModified, ".git/refs/heads/main"),
                      Make(ChangeKind::kDeleted, ".git/refs/heads/topic", EntryType::kMissing, EntryType::kDirectory),
                      Make(ChangeKind::kAdded, ".git/refs/tags/v2")},
                     {{".git/refs/heads/main", kB + "\n"}, {".git/refs/tags/v2", kC + "\n"}});
  EXPECT_EQ(after.loose, (git::RefValues{{"refs/heads/main", kB}, {"refs/tags/v2", kC}}));
}

TEST(RefRules, PackedRefsReplacedOrGone) {
  git::RefStore host{{{"refs/heads/main", kA}}, {{"refs/tags/v1", kA}, {"refs/heads/old", kA}}};
  // git pack-refs: the loose ref is deleted, packed-refs holds it.
  auto packed =
      After(host, {Make(ChangeKind::kModified, ".git/packed-refs"), Make(ChangeKind::kDeleted, ".git/refs/heads/main")},
            {{".git/packed-refs", "# pack-refs with: peeled\n" + kA + " refs/heads/main\n" + kA + " refs/tags/v1\n"}});
  EXPECT_EQ(packed.Effective(), (git::RefValues{{"refs/heads/main", kA}, {"refs/tags/v1", kA}}));
  EXPECT_TRUE(git::RefUpdates(host.Effective(), packed.Effective()).size() == 1);  // only refs/heads/old went
  auto gone = After(host, {Make(ChangeKind::kDeleted, ".git/packed-refs")}, {});
  EXPECT_EQ(gone.Effective(), (git::RefValues{{"refs/heads/main", kA}}));
}

TEST(RefRules, DeletingTheGitDirTakesEveryRef) {
  git::RefStore host{{{"refs/heads/main", kA}}, {{"refs/tags/v1", kA}}};
  auto after = After(host, {Make(ChangeKind::kDeleted, ".git", EntryType::kMissing, EntryType::kDirectory)}, {});
  EXPECT_TRUE(after.Effective().empty());
}

TEST(RefRules, UnselectedChangesLeaveRefsAlone) {
  git::RefStore host{{{"refs/heads/main", kA}}, {}};
  auto after = After(host, {Make(ChangeKind::kModified, "src/main.c")}, {{"src/main.c", kB}});
  EXPECT_EQ(after.Effective(), host.Effective());
}

TEST(RefRules, SymbolicOrBrokenLooseRefNamesNoCommit) {
  git::RefStore host{{{"refs/heads/main", kA}}, {}};
  auto after = After(host, {Make(ChangeKind::kModified, ".git/refs/heads/main")},
                     {{".git/refs/heads/main", "ref: refs/heads/other\n"}});
  EXPECT_TRUE(after.Effective().empty());
}

TEST(RefRules, ProtectedBranchMayOnlyMoveForward) {
  RefProtection p{{"main", "release/*"}, {}};
  git::RefUpdate moved{"refs/heads/main", kA, kB};
  EXPECT_TRUE(NeedsAncestryCheck(moved, p));
  EXPECT_FALSE(RefRefusal(moved, p, true));
  auto r = RefRefusal(moved, p, false);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->object, "ref refs/heads/main");
  EXPECT_NE(r->reason.find("rewrites the history of the protected branch main"), std::string::npos);
  EXPECT_NE(r->reason.find("--rewrite main"), std::string::npos);
  // Could not tell: refused (fail closed), saying why.
  auto unknown = RefRefusal(moved, p, std::nullopt, "git: not installed");
  ASSERT_TRUE(unknown);
  EXPECT_NE(unknown->reason.find("git: not installed"), std::string::npos);
  // Deleted: refused; created: fine; patterns match.
  EXPECT_TRUE(RefRefusal({"refs/heads/release/1", kA, ""}, p, std::nullopt));
  EXPECT_FALSE(RefRefusal({"refs/heads/release/2", "", kA}, p, std::nullopt));
  EXPECT_FALSE(NeedsAncestryCheck({"refs/heads/release/2", "", kA}, p));
}

TEST(RefRules, UnprotectedBranchesMoveFreely) {
  RefProtection p{{"main"}, {}};
  git::RefUpdate topic{"refs/heads/topic", kA, kB};
  EXPECT_FALSE(NeedsAncestryCheck(topic, p));
  EXPECT_FALSE(RefRefusal(topic, p, std::nullopt));
  EXPECT_FALSE(RefRefusal({"refs/heads/topic", kA, ""}, p, std::nullopt));
  EXPECT_FALSE(RefRefusal({"refs/remotes/origin/main", kA, kB}, p, std::nullopt));
  // "mainline" is not "main".
  EXPECT_FALSE(RefRefusal({"refs/heads/mainline", kA, ""}, p, std::nullopt));
}

TEST(RefRules, TagsStayAndReplaceRefsAreNotAdded) {
  RefProtection p;
  EXPECT_FALSE(RefRefusal({"refs/tags/v2", "", kA}, p, std::nullopt));  // a new tag is fine
  auto moved = RefRefusal({"refs/tags/v1", kA, kB}, p, std::nullopt);
  ASSERT_TRUE(moved);
  EXPECT_NE(moved->reason.find("moves the tag v1"), std::string::npos);
  EXPECT_TRUE(RefRefusal({"refs/tags/v1", kA, ""}, p, std::nullopt));
  auto replace = RefRefusal({"refs/replace/" + kA, "", kB}, p, std::nullopt);
  ASSERT_TRUE(replace);
  EXPECT_NE(replace->reason.find("replace ref"), std::string::npos);
  EXPECT_FALSE(RefRefusal({"refs/replace/" + kA, kB, ""}, p, std::nullopt));  // removing one is fine
}

TEST(RefRules, NamingARefLetsItThrough) {
  RefProtection p{{"main"}, {"main", "refs/tags/v1", kA}};
  git::RefUpdate moved{"refs/heads/main", kA, kB};
  EXPECT_FALSE(NeedsAncestryCheck(moved, p));
  EXPECT_FALSE(RefRefusal(moved, p, false));
  EXPECT_FALSE(RefRefusal({"refs/tags/v1", kA, kB}, p, std::nullopt));
  EXPECT_FALSE(RefRefusal({"refs/replace/" + kA, "", kB}, p, std::nullopt));
  EXPECT_TRUE(RefRefusal({"refs/tags/v2", kA, kB}, p, std::nullopt));
}

TEST(RefRules, GitStoresRefuseOddEntriesAndRewrittenObjects) {
  Change link = Make(ChangeKind::kAdded, ".git/refs/heads/evil", EntryType::kSymlink);
  Change object = Make(ChangeKind::kModified, ".git/objects/ab/cdef");
  Change pack = Make(ChangeKind::kTypeChanged, ".git/objects/pack/pack-1.pack", EntryType::kSymlink);
  Change moved = Make(ChangeKind::kRenamed, "stolen.bin");
  moved.from = ".git/objects/pack/pack-1.pack";
  Change midx = Make(ChangeKind::kModified, ".git/objects/pack/multi-pack-index");
  Change graph = Make(ChangeKind::kModified, ".git/objects/info/commit-graph");
  Change added = Make(ChangeKind::kAdded, ".git/objects/cd/ef01");
  Change work = Make(ChangeKind::kModified, "src/objects/x");
  auto r = GitStoreRefusals({link, object, pack, moved, midx, graph, added, work});
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r[0].object, ".git/refs/heads/evil");
  EXPECT_EQ(r[1].object, ".git/objects/ab/cdef");
  EXPECT_EQ(r[2].object, ".git/objects/pack/pack-1.pack");
  EXPECT_EQ(r[3].object, ".git/objects/pack/pack-1.pack -> stolen.bin");
}

}  // namespace
}  // namespace paddock::changes
