#include <gtest/gtest.h>

#include <cstdio>

#include "changes/render.h"
#include "overlay/apply.h"
#include "overlay/fd.h"
#include "overlay/upper_walk.h"
#include "overlay_test_tree.h"

namespace paddock::overlay {
namespace {

class ApplyTest : public OverlayTree {
 protected:
  // The project as text: each entry with its type, mode and content, by path.
  std::string Snapshot() const {
    std::string out;
    FILE* p = popen(("cd " + project_ +
                     " && find . -printf '%p %y %m %l\\n' | sort && find . -type f | sort | "
                     "xargs -r md5sum")
                        .c_str(),
                    "r");
    char buf[4096];
    while (size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
    pclose(p);
    return out;
  }
  std::vector<std::string> Pending() {
    auto all = ReadChanges(run_dir_, Stored().run);
    EXPECT_TRUE(all) << all.error().message;
    std::vector<std::string> out;
    if (all)
      for (const auto& c : *all) out.push_back(changes::ChangeLine(c));
    return out;
  }
  ApplyOutcome Apply(const std::vector<std::string>& paths) {
    auto out = ApplyRun(Stored(), paths);
    EXPECT_TRUE(out) << out.error().message;
    return out ? *out : ApplyOutcome{};
  }
  static std::vector<std::string> Reasons(const ApplyOutcome& out) {
    std::vector<std::string> r;
    for (const auto& x : out.refusals) r.push_back(x.object + ": " + x.reason);
    return r;
  }
};

TEST_F(ApplyTest, AppliesEverythingAndRemovesTheRun) {
  HostFile("edited", "one\n");
  HostFile("gone", "bye\n");
  HostDir("gone-dir");
  HostDir("gone-dir/sub");
  HostFile("gone-dir/sub/f", "f\n");
  HostFile("renamed-from", "moving content\n");
  HostLink("link", "edited");
  HostFile("was-file", "f\n");
  HostDir("was-dir");
  HostFile("was-dir/x", "x");
  StartRun();
  UpperFile("edited", "one\ntwo\n", 0755, true);
  Whiteout("gone");
  Whiteout("gone-dir");
  Whiteout("renamed-from");
  UpperFile("renamed-to", "moving content\n", 0600, true);
  UpperLink("link", "renamed-to");
  UpperDir("was-file", 0755, true);
  UpperFile("was-file/inside", "i\n");
  UpperFile("was-dir", "now a file\n");
  UpperDir("new", 0755);  // made read-only below: its files are written first
  UpperFile("new/a", "a\n");
  ASSERT_EQ(chmod((upper_ + "/new").c_str(), 0555), 0);
  ApplyOutcome out = Apply({});
  EXPECT_TRUE(out.refusals.empty()) << ::testing::PrintToString(Reasons(out));
  EXPECT_EQ(out.applied.size(), 10u);
  EXPECT_TRUE(out.run_removed);
  EXPECT_FALSE(Exists(run_dir_));
  EXPECT_EQ(Read(project_ + "/edited"), "one\ntwo\n");
  EXPECT_EQ(Mode(project_ + "/edited"), 0755u);
  EXPECT_FALSE(Exists(project_ + "/gone"));
  EXPECT_FALSE(Exists(project_ + "/gone-dir"));
  EXPECT_FALSE(Exists(project_ + "/renamed-from"));
  EXPECT_EQ(Read(project_ + "/renamed-to"), "moving content\n");
  EXPECT_EQ(Mode(project_ + "/renamed-to"), 0600u);
  char target[64] = {};
  ASSERT_GT(readlink((project_ + "/link").c_str(), target, sizeof target - 1), 0);
  EXPECT_STREQ(target, "renamed-to");
  EXPECT_EQ(Read(project_ + "/was-file/inside"), "i\n");
  EXPECT_EQ(Read(project_ + "/was-dir"), "now a file\n");
  EXPECT_EQ(Read(project_ + "/new/a"), "a\n");
  EXPECT_EQ(Mode(project_ + "/new"), 0555u);
  ASSERT_EQ(chmod((project_ + "/new").c_str(), 0755), 0);  // for TearDown as any user
}

TEST_F(ApplyTest, PartialApplyBringsExactlyTheNamedPathsAndLeavesTheRest) {
  HostDir("src");
  HostFile("src/main.c", "old\n");
  HostFile("README", "readme\n");
  StartRun();
  UpperDir("src", 0755, false, true);
  UpperFile("src/main.c", "new\n", 0644, true);
  UpperFile("src/extra.c", "extra\n");
  UpperFile("README", "changed\n", 0644, true);
  UpperDir("docs");
  UpperDir("docs/api");
  UpperFile("docs/api/x.md", "x\n");
  UpperFile("docs/other.md", "o\n");
  ApplyOutcome out = Apply({"src/main.c", "docs/api/x.md"});
  ASSERT_TRUE(out.refusals.empty()) << ::testing::PrintToString(Reasons(out));
  std::vector<std::string> applied;
  for (const auto& c : out.applied) applied.push_back(changes::ChangeLine(c));
  EXPECT_EQ(applied, (std::vector<std::string>{"A docs/", "A docs/api/", "A docs/api/x.md", "M src/main.c"}));
  EXPECT_EQ(Read(project_ + "/src/main.c"), "new\n");
  EXPECT_EQ(Read(project_ + "/docs/api/x.md"), "x\n");
  EXPECT_FALSE(Exists(project_ + "/src/extra.c"));
  EXPECT_FALSE(Exists(project_ + "/docs/other.md"));
  EXPECT_EQ(Read(project_ + "/README"), "readme\n");
  EXPECT_FALSE(Exists(upper_ + "/src/main.c")) << "applied entries leave upper";
  EXPECT_FALSE(Exists(upper_ + "/docs/api/x.md"));
  EXPECT_EQ(out.left, 3u);
  EXPECT_FALSE(out.run_removed);
  EXPECT_EQ(Pending(), (std::vector<std::string>{"M README", "A docs/other.md", "A src/extra.c"}));
  EXPECT_TRUE(Apply({"docs", "src"}).refusals.empty()) << "the apply's own ctimes are no conflict";
  EXPECT_EQ(Pending(), (std::vector<std::string>{"M README"}));
}

TEST_F(ApplyTest, RefusesEveryConflictAndWritesNothing) {
  HostFile("a", "a\n");
  HostFile("b", "b\n");
  HostDir("tree");
  HostFile("tree/f", "f\n");
  StartRun();
  UpperFile("a", "agent a\n", 0644, true);
  UpperFile("b", "agent b\n", 0644, true);
  UpperFile("c", "new\n");
  Whiteout("tree");
  AfterTheStart();
  HostFile("b", "host b\n");
  HostFile("tree/f", "host f\n");
  std::string before = Snapshot();
  ApplyOutcome out = Apply({});
  EXPECT_EQ(Reasons(out),
            (std::vector<std::string>{"b: conflict: b was changed on the host since the run started",
                                      "tree/: conflict: tree was changed on the host since the run started"}));
  EXPECT_TRUE(out.applied.empty());
  EXPECT_EQ(Snapshot(), before);
  EXPECT_EQ(Pending(), (std::vector<std::string>{"M a", "M b", "A c", "D tree/"}));
  // What does not conflict can still be applied on its own.
  EXPECT_TRUE(Apply({"a", "c"}).refusals.empty());
  EXPECT_EQ(Read(project_ + "/a"), "agent a\n");
}

TEST_F(ApplyTest, AProtectedPathMustBeNamed) {
  HostDir(".git");
  HostDir(".git/hooks");
  StartRun();
  run_.protected_paths = {".git/hooks"};
  ASSERT_TRUE(SaveRun(run_dir_, run_));
  UpperDir(".git", 0755, false, true);
  UpperDir(".git/hooks", 0755, false, true);
  UpperFile(".git/hooks/pre-commit", "evil\n", 0755);
  UpperFile("ok", "ok\n");
  std::string before = Snapshot();
  for (auto paths : {std::vector<std::string>{}, {".git"}, {""}, {"ok", ".git"}}) {
    ApplyOutcome out = Apply(paths);
    EXPECT_EQ(Reasons(out), (std::vector<std::string>{".git/hooks/pre-commit: it is at or below the protected path "
                                                      ".git/hooks; name .git/hooks (or a path below it) to apply it"}))
        << ::testing::PrintToString(paths);
    EXPECT_EQ(Snapshot(), before) << "nothing half-applied";
  }
  ApplyOutcome named = Apply({".git/hooks"});
  EXPECT_TRUE(named.refusals.empty());
  EXPECT_EQ(Read(project_ + "/.git/hooks/pre-commit"), "evil\n");
  EXPECT_FALSE(Exists(project_ + "/ok"));
}

TEST_F(ApplyTest, ARunningRunOrAPathWithoutChangesIsRefused) {
  StartRun(false);
  UpperFile("x", "x");
  ApplyOutcome running = Apply({});
  EXPECT_EQ(
      Reasons(running),
      (std::vector<std::string>{"run 20261203-201512-3f2a: it is still running (wait for it to end, or stop it)"}));
  EXPECT_FALSE(Exists(project_ + "/x"));
  ASSERT_TRUE(FinishRun(run_dir_, 0));
  EXPECT_EQ(Reasons(Apply({"nope"})), (std::vector<std::string>{"nope: the run changed nothing at or below it"}));
  EXPECT_FALSE(Exists(project_ + "/x"));
}

// An opaque directory (deleted and made again in the run) applied in
// parts: what is not applied yet stays pending, exactly.
TEST_F(ApplyTest, AnOpaqueDirectoryAppliedInParts) {
  HostDir("d");
  HostFile("d/x", "old x\n");
  HostFile("d/y", "y\n");
  HostDir("d/sub");
  HostFile("d/sub/s", "s\n");
  StartRun();
  UpperDir("d", 0755, true);
  UpperFile("d/x", "new x\n");
  UpperFile("d/z", "z\n");
  EXPECT_EQ(Pending(), (std::vector<std::string>{"D d/sub/", "M d/x", "D d/y", "A d/z"}));
  ASSERT_TRUE(Apply({"d/z"}).refusals.empty());
  EXPECT_EQ(Read(project_ + "/d/x"), "old x\n");
  EXPECT_EQ(Read(project_ + "/d/z"), "z\n");
  EXPECT_EQ(Pending(), (std::vector<std::string>{"D d/sub/", "M d/x", "D d/y"}));
  ASSERT_TRUE(Apply({"d/x"}).refusals.empty());
  EXPECT_EQ(Pending(), (std::vector<std::string>{"D d/sub/", "D d/y"}));
  ASSERT_TRUE(Apply({"d/y"}).refusals.empty());
  EXPECT_FALSE(Exists(project_ + "/d/y"));
  EXPECT_EQ(Pending(), (std::vector<std::string>{"D d/sub/"}));
  ApplyOutcome last = Apply({});
  EXPECT_TRUE(last.run_removed);
  EXPECT_FALSE(Exists(project_ + "/d/sub"));
  EXPECT_EQ(Read(project_ + "/d/x"), "new x\n");
}

TEST_F(ApplyTest, SetuidBitsAreDroppedAndRootGivesNewFilesTheDirectorysOwner) {
  HostDir("owned");
  if (geteuid() == 0) {
    ASSERT_EQ(chown((project_ + "/owned").c_str(), 4321, 4322), 0);
  }
  StartRun();
  UpperDir("owned", 0755, false, true);
  UpperFile("owned/tool", "#!/bin/sh\n", 04755);
  ApplyOutcome out = Apply({});
  ASSERT_TRUE(out.refusals.empty());
  EXPECT_EQ(Mode(project_ + "/owned/tool"), 0755u);
  EXPECT_EQ(out.notes, (std::vector<std::string>{"owned/tool: the setuid/setgid bits were not applied"}));
  struct stat st;
  ASSERT_EQ(stat((project_ + "/owned/tool").c_str(), &st), 0);
  if (geteuid() == 0) {
    EXPECT_EQ(st.st_uid, 4321u);
    EXPECT_EQ(st.st_gid, 4322u);
  } else {
    EXPECT_EQ(st.st_uid, geteuid());
  }
}

TEST_F(ApplyTest, ParentsInTheProjectAreOpenedWithoutFollowingLinks) {
  std::string outside = dir_ + "/outside";
  ASSERT_EQ(mkdir(outside.c_str(), 0755), 0);
  HostLink("lnk", outside);
  auto project = OpenDirNoFollow(project_);
  ASSERT_TRUE(project);
  auto parent = OpenParentBelow(project->get(), "lnk/file", project_);
  ASSERT_FALSE(parent);
  EXPECT_EQ(parent.error().message, "cannot open " + project_ + "/lnk: Not a directory");
  EXPECT_FALSE(OpenDirNoFollow(project_ + "/lnk"));
}

// The real thing: an upper dir made by overlayfs in a user namespace (as
// `paddock run --overlay` mounts it). Skipped where unshare cannot mount.
TEST_F(ApplyTest, AnUpperDirMadeByOverlayfs) {
  HostFile("a.txt", "hello\n");
  HostDir("d");
  HostFile("d/b", "b\n");
  HostFile("tomove", "move me please\n");
  StartRun();
  std::string merged = dir_ + "/merged";
  ASSERT_EQ(mkdir(merged.c_str(), 0755), 0);
  std::string script = "mount -t overlay -o userxattr,lowerdir=" + project_ + ",upperdir=" + upper_ +
                       ",workdir=" + run_dir_ + "/work none " + merged + " && cd " + merged +
                       " && echo more >> a.txt && rm -rf d && mkdir d && echo n > d/n && mv tomove moved" +
                       " && mkdir -p new/deeper && echo x > new/deeper/x";
  if (system(("unshare -Urm sh -c '" + script + "' 2>/dev/null").c_str()) != 0)
    GTEST_SKIP() << "cannot mount overlayfs in a user namespace here";
  EXPECT_EQ(Pending(), (std::vector<std::string>{"M a.txt", "D d/b", "A d/n", "R tomove -> moved", "A new/",
                                                 "A new/deeper/", "A new/deeper/x"}));
  ApplyOutcome out = Apply({});
  ASSERT_TRUE(out.refusals.empty()) << ::testing::PrintToString(Reasons(out));
  EXPECT_TRUE(out.run_removed) << "work/work (mode 000) removed too";
  EXPECT_EQ(Read(project_ + "/a.txt"), "hello\nmore\n");
  EXPECT_EQ(Read(project_ + "/moved"), "move me please\n");
  EXPECT_FALSE(Exists(project_ + "/d/b"));
  EXPECT_EQ(Read(project_ + "/new/deeper/x"), "x\n");
}

}  // namespace
}  // namespace paddock::overlay
