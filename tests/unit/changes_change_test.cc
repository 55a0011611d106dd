#include "changes/change.h"

#include <gtest/gtest.h>

namespace paddock::changes {
namespace {

HostState Host(EntryType type, uint32_t mode = 0644, int64_t size = 0, std::string target = "") {
  HostState h;
  h.type = type;
  h.mode = mode;
  h.size = size;
  h.link_target = std::move(target);
  return h;
}

UpperFact Fact(std::string path, EntryType type, uint32_t mode, HostState host, int64_t size = 0) {
  UpperFact f;
  f.path = std::move(path);
  f.type = type;
  f.mode = mode;
  f.size = size;
  f.host = std::move(host);
  return f;
}

TEST(Classify, FilesAddedModifiedModeChangedOrUnchanged) {
  auto added = Classify(Fact("new.c", EntryType::kFile, 0644, Host(EntryType::kMissing), 3));
  ASSERT_TRUE(added);
  EXPECT_EQ(added->kind, ChangeKind::kAdded);
  EXPECT_EQ(added->old_mode, 0u);
  EXPECT_FALSE(added->directory);

  UpperFact same = Fact("a.c", EntryType::kFile, 0644, Host(EntryType::kFile, 0644, 3), 3);
  same.same_content = true;
  EXPECT_FALSE(Classify(same)) << "copied up (touched, chowned) but the same: no change";

  UpperFact chmodded = same;
  chmodded.mode = 0755;
  auto mode = Classify(chmodded);
  ASSERT_TRUE(mode);
  EXPECT_EQ(mode->kind, ChangeKind::kModeChanged);
  EXPECT_TRUE(mode->ModeChanged());

  UpperFact edited = chmodded;
  edited.same_content = false;
  auto modified = Classify(edited);
  ASSERT_TRUE(modified);
  EXPECT_EQ(modified->kind, ChangeKind::kModified);
  EXPECT_EQ(modified->old_mode, 0644u);
  EXPECT_EQ(modified->new_mode, 0755u);
}

TEST(Classify, WhiteoutsAndHiddenEntriesAreDeletions) {
  auto file = Classify(Fact("gone.c", EntryType::kWhiteout, 0, Host(EntryType::kFile, 0600, 10)));
  ASSERT_TRUE(file);
  EXPECT_EQ(file->kind, ChangeKind::kDeleted);
  EXPECT_EQ(file->old_type, EntryType::kFile);
  EXPECT_EQ(file->new_type, EntryType::kMissing);
  EXPECT_EQ(file->old_mode, 0600u);
  EXPECT_FALSE(file->directory);

  auto dir = Classify(Fact("old", EntryType::kWhiteout, 0, Host(EntryType::kDirectory, 0755)));
  ASSERT_TRUE(dir);
  EXPECT_TRUE(dir->directory);

  UpperFact hidden;
  hidden.path = "d/x";
  hidden.hidden_by_opaque = true;
  hidden.host = Host(EntryType::kSymlink, 0777, 0, "t");
  auto h = Classify(hidden);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->kind, ChangeKind::kDeleted);
  EXPECT_TRUE(h->hidden_by_opaque);

  // The host deleted it as well: nothing to do.
  EXPECT_FALSE(Classify(Fact("both", EntryType::kWhiteout, 0, Host(EntryType::kMissing))));
}

TEST(Classify, DirectoriesOnlyForTheirOwnChanges) {
  EXPECT_FALSE(Classify(Fact("src", EntryType::kDirectory, 0755, Host(EntryType::kDirectory, 0755))));
  UpperFact opaque = Fact("src", EntryType::kDirectory, 0755, Host(EntryType::kDirectory, 0755));
  opaque.opaque = true;
  EXPECT_FALSE(Classify(opaque)) << "what it hides comes as hidden_by_opaque facts";
  auto mode = Classify(Fact("src", EntryType::kDirectory, 0700, Host(EntryType::kDirectory, 0755)));
  ASSERT_TRUE(mode);
  EXPECT_EQ(mode->kind, ChangeKind::kModeChanged);
  EXPECT_TRUE(mode->directory);
  auto added = Classify(Fact("new", EntryType::kDirectory, 0755, Host(EntryType::kMissing)));
  ASSERT_TRUE(added);
  EXPECT_EQ(added->kind, ChangeKind::kAdded);
  EXPECT_TRUE(added->directory);
}

TEST(Classify, TypeChangesAndLinks) {
  auto t = Classify(Fact("x", EntryType::kSymlink, 0777, Host(EntryType::kFile)));
  ASSERT_TRUE(t);
  EXPECT_EQ(t->kind, ChangeKind::kTypeChanged);
  EXPECT_FALSE(t->ModeChanged()) << "links have no mode";
  auto to_dir = Classify(Fact("x", EntryType::kDirectory, 0755, Host(EntryType::kFile)));
  ASSERT_TRUE(to_dir);
  EXPECT_EQ(to_dir->kind, ChangeKind::kTypeChanged);
  EXPECT_TRUE(to_dir->directory);

  UpperFact link = Fact("l", EntryType::kSymlink, 0777, Host(EntryType::kSymlink, 0777, 0, "a"));
  link.link_target = "a";
  EXPECT_FALSE(Classify(link));
  link.link_target = "b";
  auto retargeted = Classify(link);
  ASSERT_TRUE(retargeted);
  EXPECT_EQ(retargeted->kind, ChangeKind::kModified);
}

TEST(Classify, CopiedUpButMissingOnTheHostIsAnAdditionThatKeepsItsOrigin) {
  UpperFact f = Fact("moved", EntryType::kFile, 0644, Host(EntryType::kMissing), 4);
  f.origin = true;
  f.host_parent_ctime_ns = 99;
  auto c = Classify(f);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->kind, ChangeKind::kAdded);
  EXPECT_TRUE(c->origin);
  EXPECT_EQ(c->host_parent_ctime_ns, 99);
  EXPECT_TRUE(c->conflict.empty()) << "FindConflicts decides";
}

std::vector<UpperFact> RenameFacts() {
  UpperFact gone = Fact("old/a.txt", EntryType::kWhiteout, 0, Host(EntryType::kFile, 0644, 5));
  gone.content_hash = "h1";
  UpperFact added = Fact("new/a.txt", EntryType::kFile, 0600, Host(EntryType::kMissing), 5);
  added.content_hash = "h1";
  added.origin = true;
  UpperFact other = Fact("b.txt", EntryType::kFile, 0644, Host(EntryType::kMissing), 5);
  other.content_hash = "h2";
  UpperFact empty_gone = Fact("e1", EntryType::kWhiteout, 0, Host(EntryType::kFile, 0644, 0));
  UpperFact empty_added = Fact("e2", EntryType::kFile, 0644, Host(EntryType::kMissing), 0);
  return {gone, added, other, empty_gone, empty_added};
}

TEST(Renames, CandidatesAreFilesOfASizeOnBothSidesButNotEmptyOnes) {
  auto facts = RenameFacts();
  facts.push_back(Fact("big", EntryType::kFile, 0644, Host(EntryType::kMissing), 1000));
  EXPECT_EQ(RenameCandidates(facts), (std::vector<size_t>{0, 1, 2}));
}

TEST(Renames, SameSizeAndHashMakeOneRename) {
  auto all = ClassifyAll(RenameFacts());
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].path, "b.txt");
  EXPECT_EQ(all[0].kind, ChangeKind::kAdded) << "another hash";
  EXPECT_EQ(all[1].path, "e1");
  EXPECT_EQ(all[1].kind, ChangeKind::kDeleted) << "empty files are never paired";
  EXPECT_EQ(all[2].path, "e2");
  const Change& r = all[3];
  EXPECT_EQ(r.kind, ChangeKind::kRenamed);
  EXPECT_EQ(r.path, "new/a.txt");
  EXPECT_EQ(r.from, "old/a.txt");
  EXPECT_EQ(r.old_mode, 0644u);
  EXPECT_EQ(r.new_mode, 0600u);
  EXPECT_TRUE(r.ModeChanged());
  EXPECT_FALSE(r.origin) << "the rename explains the copy-up";
}

TEST(Renames, PairsAreMadeInPathOrder) {
  std::vector<UpperFact> facts;
  for (std::string p : {"z-old", "a-old"}) {
    UpperFact f = Fact(p, EntryType::kWhiteout, 0, Host(EntryType::kFile, 0644, 5));
    f.content_hash = "same";
    facts.push_back(f);
  }
  for (std::string p : {"y-new", "b-new", "c-new"}) {
    UpperFact f = Fact(p, EntryType::kFile, 0644, Host(EntryType::kMissing), 5);
    f.content_hash = "same";
    facts.push_back(f);
  }
  auto all = ClassifyAll(facts);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].from, "a-old");
  EXPECT_EQ(all[0].path, "b-new");
  EXPECT_EQ(all[1].from, "z-old");
  EXPECT_EQ(all[1].path, "c-new");
  EXPECT_EQ(all[2].kind, ChangeKind::kAdded);
  EXPECT_EQ(all[2].path, "y-new");
}

TEST(AtOrBelow, ComparesWholeComponents) {
  EXPECT_TRUE(AtOrBelow("src", "src"));
  EXPECT_TRUE(AtOrBelow("src/a.c", "src"));
  EXPECT_FALSE(AtOrBelow("srcs/a.c", "src"));
  EXPECT_FALSE(AtOrBelow("src", "src/a.c"));
  EXPECT_TRUE(AtOrBelow("anything", ""));
  EXPECT_FALSE(AtOrBelow("", "src"));
}

}  // namespace
}  // namespace paddock::changes
