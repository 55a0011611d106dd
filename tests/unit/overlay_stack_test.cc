#include <gtest/gtest.h>

#include "changes/render.h"
#include "overlay/apply.h"
#include "overlay/stack.h"
#include "overlay/upper_walk.h"
#include "overlay_test_tree.h"

namespace paddock::overlay {
namespace {

// Run A (the fixture's run), then run B stacked on it (--overlay-on): the
// Upper* helpers write A's layer before StartB, B's after.
class StackTest : public OverlayTree {
 protected:
  void StartB() {
    a_dir_ = run_dir_;
    changes::PendingRun b = run_;
    b.id = "20261203-201600-0b0b";
    b.base = run_.id;
    b.ended = false;
    b.started_ns = RealtimeNs() + 1;
    run_dir_ = runs_ + "/" + b.id;
    ASSERT_TRUE(CreateRun(run_dir_, b));
    ASSERT_TRUE(FinishRun(run_dir_, 0));
    run_ = LoadRun(run_dir_).run;
    upper_ = run_dir_ + "/upper";
  }
  std::vector<std::string> Lines(const std::string& dir) {
    auto all = ReadChanges(dir, LoadRun(dir).run);
    EXPECT_TRUE(all) << all.error().message;
    std::vector<std::string> out;
    if (all)
      for (const auto& c : *all) out.push_back(changes::ChangeLine(c) + (c.conflict.empty() ? "" : " !"));
    return out;
  }
  // A: modifies keep.txt, adds a.txt, deletes gone.txt, empties d/ (opaque).
  // B: modifies A's a.txt, deletes A's keep.txt, re-creates gone.txt,
  // deletes old.txt, adds d/x again below A's opaque d/.
  void TwoRuns() {
    HostFile("keep.txt", "keep\n");
    HostFile("old.txt", "old project file\n");
    HostFile("gone.txt", "gone\n");
    HostDir("d");
    HostFile("d/x", "x\n");
    StartRun();
    UpperFile("keep.txt", "keep, by A\n", 0644, true);
    UpperFile("a.txt", "added by A\n");
    Whiteout("gone.txt");
    UpperDir("d", 0755, true);
    StartB();
    UpperFile("a.txt", "a, by B\n", 0644, true);
    Whiteout("keep.txt");
    UpperFile("gone.txt", "back, by B\n");
    Whiteout("old.txt");
    UpperDir("d");
    UpperFile("d/x", "x by B\n");
  }
  std::string a_dir_;
};

const std::vector<std::string> kBChanges = {"M a.txt", "A d/x", "A gone.txt", "D keep.txt", "D old.txt"};

TEST_F(StackTest, ChangesAreRelativeToTheBaseChain) {
  TwoRuns();
  EXPECT_EQ(Lines(run_dir_), kBChanges);
  EXPECT_EQ(Lines(a_dir_), (std::vector<std::string>{"A a.txt", "D d/x", "D gone.txt", "M keep.txt"}))
      << "A's own changes do not see B";
}

TEST_F(StackTest, ABrokenChainIsAnErrorNamingTheRun) {
  TwoRuns();
  ASSERT_TRUE(RemoveRun(a_dir_));
  auto all = ReadChanges(run_dir_, Stored().run);
  ASSERT_FALSE(all);
  EXPECT_NE(all.error().message.find(LoadRun(run_dir_).run.base), std::string::npos) << all.error().message;
}

TEST_F(StackTest, ApplyWaitsForTheBaseThenBringsExactlyItsChanges) {
  TwoRuns();
  auto refused = ApplyRun(Stored(), {});
  ASSERT_TRUE(refused);
  ASSERT_EQ(refused->refusals.size(), 1u);
  EXPECT_NE(refused->refusals[0].reason.find("which is still pending"), std::string::npos);
  EXPECT_EQ(Read(project_ + "/keep.txt"), "keep\n") << "nothing written";
  auto dependents = DependentsOf(runs_, LoadRun(a_dir_).run.id);
  ASSERT_TRUE(dependents);
  EXPECT_EQ(*dependents, (std::vector<std::string>{run_.id}));

  auto a = ApplyRun(LoadRun(a_dir_), {});
  ASSERT_TRUE(a) << a.error().message;
  ASSERT_TRUE(a->refusals.empty()) << a->refusals[0].reason;
  EXPECT_TRUE(a->run_removed);
  changes::PendingRun b = Stored().run;
  EXPECT_EQ(b.base, "") << "A is gone: B stacks on the project";
  EXPECT_TRUE(b.applied_ctime_ns.count("a.txt")) << "A's apply times are B's";
  EXPECT_EQ(Lines(run_dir_), kBChanges) << "no conflict from A's apply";

  auto applied = ApplyRun(Stored(), {});
  ASSERT_TRUE(applied) << applied.error().message;
  ASSERT_TRUE(applied->refusals.empty()) << applied->refusals[0].object << ": " << applied->refusals[0].reason;
  EXPECT_EQ(Read(project_ + "/a.txt"), "a, by B\n");
  EXPECT_EQ(Read(project_ + "/gone.txt"), "back, by B\n");
  EXPECT_EQ(Read(project_ + "/d/x"), "x by B\n");
  EXPECT_FALSE(Exists(project_ + "/keep.txt"));
  EXPECT_FALSE(Exists(project_ + "/old.txt"));
}

TEST_F(StackTest, ContinuingNeedsAnEndedRunOfTheProject) {
  TwoRuns();
  auto chain = ResolveOverlayOn(runs_, "20261203-2016", project_);
  ASSERT_TRUE(chain) << chain.error().message;
  ASSERT_EQ(chain->size(), 2u);
  EXPECT_EQ((*chain)[0].run.id, run_.id);
  EXPECT_EQ((*chain)[1].dir, a_dir_);
  auto other = ResolveOverlayOn(runs_, run_.id, "/elsewhere");
  ASSERT_FALSE(other);
  EXPECT_NE(other.error().message.find("run " + run_.id), std::string::npos) << other.error().message;
  EXPECT_FALSE(ResolveOverlayOn(runs_, "19990101", project_));
}

}  // namespace
}  // namespace paddock::overlay
