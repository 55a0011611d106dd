#include <gtest/gtest.h>

#include <map>

#include "changes/render.h"
#include "overlay/upper_walk.h"
#include "overlay_test_tree.h"

namespace paddock::overlay {
namespace {

class UpperWalkTest : public OverlayTree {
 protected:
  // "A path" lines (with " !" for a conflict), by path.
  std::vector<std::string> Lines() {
    auto all = ReadChanges(run_dir_, Stored().run);
    EXPECT_TRUE(all) << all.error().message;
    std::vector<std::string> out;
    if (!all) return out;
    for (const auto& c : *all) out.push_back(changes::ChangeLine(c) + (c.conflict.empty() ? "" : " !"));
    return out;
  }
};

// Each case of what overlayfs leaves in upper, against the project.
TEST_F(UpperWalkTest, ClassifiesWhatOverlayfsLeaves) {
  HostFile("edited", "one\n");
  HostFile("same", "same\n");
  HostFile("chmodded", "x\n");
  HostFile("gone", "bye\n");
  HostDir("gone-dir");
  HostFile("gone-dir/f", "f\n");
  HostDir("replaced");
  HostFile("replaced/old", "old\n");
  HostFile("replaced/kept-name", "before\n");
  HostFile("renamed-from", "content to move\n");
  HostLink("link", "edited");
  HostFile("was-file", "f\n");
  HostDir("src");
  StartRun();
  UpperFile("edited", "one\ntwo\n", 0644, true);
  UpperFile("same", "same\n", 0644, true);
  UpperFile("chmodded", "x\n", 0755, true);
  Whiteout("gone");
  Whiteout("gone-dir");
  UpperDir("replaced", 0755, true);
  UpperFile("replaced/kept-name", "after\n");
  UpperFile("replaced/new", "n\n");
  Whiteout("renamed-from");
  UpperFile("renamed-to", "content to move\n", 0644, true);
  UpperLink("link", "same");
  UpperDir("was-file", 0755, true);
  UpperFile("was-file/inside", "i\n");
  UpperDir("src", 0755, false, true);  // copied up as the parent of a change
  UpperFile("src/new.c", "int x;\n");
  UpperDir("fresh", 0700);
  UpperDir("fresh/sub", 0755);
  EXPECT_EQ(Lines(), (std::vector<std::string>{"M chmodded (mode 0644 -> 0755)", "M edited", "A fresh/", "A fresh/sub/",
                                               "D gone", "D gone-dir/", "M link", "R renamed-from -> renamed-to",
                                               "M replaced/kept-name", "A replaced/new", "D replaced/old",
                                               "A src/new.c", "T was-file/", "A was-file/inside"}));
}

TEST_F(UpperWalkTest, PlaceholdersAreIgnoredWhileEmpty) {
  HostDir(".git");
  StartRun();
  run_.placeholders = {".git/hooks", ".paddock.toml", "filled", "made/for/it", "used/p"};
  ASSERT_TRUE(SaveRun(run_dir_, run_));
  UpperDir(".git", 0755, false, true);
  UpperDir(".git/hooks");
  UpperFile(".paddock.toml", "");
  UpperDir("filled");
  UpperFile("filled/x", "agent");
  UpperDir("made");  // paddock's parents of a placeholder
  UpperDir("made/for");
  UpperDir("made/for/it");
  UpperDir("used");
  UpperFile("used/p", "");
  UpperFile("used/agent", "a");
  EXPECT_EQ(Lines(), (std::vector<std::string>{"A filled/", "A filled/x", "A used/", "A used/agent"}));
}

TEST_F(UpperWalkTest, TheHostsChangesSinceTheStartAreConflicts) {
  HostFile("a", "a\n");
  HostFile("b", "b\n");
  HostDir("tree");
  HostDir("tree/deep");
  HostFile("tree/deep/f", "f\n");
  HostDir("moved-away");
  HostFile("moved-away/x", "x\n");
  StartRun();
  UpperFile("a", "agent\n", 0644, true);
  UpperFile("b", "agent\n", 0644, true);
  Whiteout("tree");
  UpperDir("moved-away", 0755, false, true);
  UpperFile("moved-away/x", "agent\n", 0644, true);
  EXPECT_EQ(Lines(), (std::vector<std::string>{"M a", "M b", "M moved-away/x", "D tree/"}));
  AfterTheStart();
  HostFile("a", "host\n");
  HostFile("tree/deep/f", "host\n");  // deep inside what the run deleted
  ASSERT_EQ(unlink((project_ + "/moved-away/x").c_str()), 0);
  EXPECT_EQ(Lines(), (std::vector<std::string>{"M a !", "M b", "A moved-away/x !", "D tree/ !"}));
}

TEST_F(UpperWalkTest, ChangeTimesApplyMadeAreNoConflicts) {
  HostDir("src");
  StartRun();
  UpperDir("src", 0700, false, true);
  AfterTheStart();
  HostFile("src/by-apply", "x");
  EXPECT_EQ(Lines(), (std::vector<std::string>{"M src/ (mode 0755 -> 0700) !"}));
  struct statx stx;
  ASSERT_EQ(statx(AT_FDCWD, (project_ + "/src").c_str(), AT_SYMLINK_NOFOLLOW, STATX_CTIME, &stx), 0);
  run_.applied_ctime_ns["src"] = stx.stx_ctime.tv_sec * 1000000000LL + stx.stx_ctime.tv_nsec;
  ASSERT_TRUE(SaveRun(run_dir_, run_));
  EXPECT_EQ(Lines(), (std::vector<std::string>{"M src/ (mode 0755 -> 0700)"}));
}

TEST_F(UpperWalkTest, NoLinkIsFollowedOnEitherSide) {
  std::string outside = dir_ + "/outside";
  ASSERT_EQ(mkdir(outside.c_str(), 0755), 0);
  WriteFile(outside + "/secret", "s", 0644);
  HostLink("hostlink", outside);
  StartRun();
  UpperLink("escape", outside);  // a link the agent made: a link, not a directory
  UpperDir("hostlink", 0755, true);
  UpperFile("hostlink/f", "f");
  EXPECT_EQ(Lines(), (std::vector<std::string>{"A escape", "T hostlink/", "A hostlink/f"}));
}

TEST_F(UpperWalkTest, ReadsUnreadableUpperEntriesOfItsOwnAndRestoresTheirModes) {
  HostFile("secret", "old");
  StartRun();
  UpperFile("secret", "new", 0, true);
  UpperDir("closed", 0755);
  UpperFile("closed/f", "f");
  ASSERT_EQ(chmod((upper_ + "/closed").c_str(), 0), 0);
  EXPECT_EQ(Lines(), (std::vector<std::string>{"A closed/", "A closed/f", "M secret (mode 0644 -> 0000)"}));
  EXPECT_EQ(Mode(upper_ + "/secret"), 0u);
  EXPECT_EQ(Mode(upper_ + "/closed"), 0u);
}

}  // namespace
}  // namespace paddock::overlay
