#include <gtest/gtest.h>

#include "changes/stack.h"

namespace paddock::changes {
namespace {

LayerEntry Missing() { return {}; }
LayerEntry File() { return {EntryType::kFile, false}; }
LayerEntry Dir(bool opaque = false) { return {EntryType::kDirectory, opaque}; }
LayerEntry Whiteout() { return {EntryType::kWhiteout, false}; }

// Layers top first: run B's base A, then the project.
TEST(ResolveLower, TheTopmostEntryShows) {
  EXPECT_EQ(ResolveLower({File(), File()}).layer, 0) << "A modified a project file";
  EXPECT_EQ(ResolveLower({Missing(), File()}).layer, 1) << "A left it alone";
  EXPECT_EQ(ResolveLower({File(), Missing()}).layer, 0) << "A added it";
  EXPECT_EQ(ResolveLower({Missing(), Missing()}).layer, -1);
  EXPECT_TRUE(ResolveLower({File(), Dir()}).merged.empty()) << "a file over a directory hides it";
}

TEST(ResolveLower, AWhiteoutHidesEverythingBelow) {
  EXPECT_EQ(ResolveLower({Whiteout(), File()}).layer, -1) << "A deleted a project file";
  EXPECT_EQ(ResolveLower({Missing(), Whiteout(), Dir()}).layer, -1) << "deleted further down the chain";
  EXPECT_EQ(ResolveLower({File(), Whiteout(), File()}).layer, 0) << "C's base re-created what A deleted";
}

TEST(ResolveLower, DirectoriesMergeDownToAnOpaqueOne) {
  EXPECT_EQ(ResolveLower({Dir(), Dir()}).merged, (std::vector<int>{0, 1}));
  EXPECT_EQ(ResolveLower({Missing(), Dir(), Dir()}).merged, (std::vector<int>{1, 2}));
  EXPECT_EQ(ResolveLower({Dir(true), Dir()}).merged, (std::vector<int>{0})) << "A deleted it and made it again";
  EXPECT_EQ(ResolveLower({Dir(), Dir(true), Dir()}).merged, (std::vector<int>{0, 1}));
  EXPECT_EQ(ResolveLower({Dir(), Whiteout(), Dir()}).merged, (std::vector<int>{0}));
  EXPECT_EQ(ResolveLower({Dir(), File()}).merged, (std::vector<int>{0})) << "a directory over a file hides it";
  EXPECT_EQ(ResolveLower({Dir(), Missing(), Dir()}).merged, (std::vector<int>{0, 2}));
}

PendingRun Record(const std::string& id, const std::string& base) {
  PendingRun r;
  r.id = id;
  r.project = "/p";
  r.base = base;
  return r;
}

TEST(Dependents, AreTheRunsOnTopOfIt) {
  std::vector<PendingRun> runs = {Record("a", ""), Record("b", "a"), Record("c", "b"), Record("d", "a")};
  EXPECT_EQ(Dependents(runs, "a"), (std::vector<std::string>{"b", "d"})) << "not c: it stacks on b";
  EXPECT_TRUE(Dependents(runs, "c").empty());
}

TEST(BaseProblem, OnlyAnEndedOrInterruptedRunOfTheProject) {
  PendingRun a = Record("a", "");
  EXPECT_EQ(BaseProblem(a, RunState::kEnded, "/p"), "");
  EXPECT_EQ(BaseProblem(a, RunState::kInterrupted, "/p"), "");
  EXPECT_NE(BaseProblem(a, RunState::kRunning, "/p").find("still running"), std::string::npos);
  EXPECT_NE(BaseProblem(a, RunState::kBroken, "/p").find("cannot be read"), std::string::npos);
  EXPECT_NE(BaseProblem(a, RunState::kEnded, "/q").find("a run of /p"), std::string::npos);
}

TEST(PendingBaseProblem, NamesBothRuns) {
  EXPECT_EQ(PendingBaseProblem(Record("a", "")), "");
  EXPECT_EQ(PendingBaseProblem(Record("b", "a")),
            "run b continues run a, which is still pending: apply or discard a first");
}

TEST(Rebase, TakesTheBasesApplyTimesAndItsBase) {
  PendingRun a = Record("a", "z");
  a.applied_ctime_ns = {{"src", 5}, {"src/new.c", 6}};
  PendingRun b = Record("b", "a");
  b.applied_ctime_ns = {{"src", 1}, {"other", 2}};
  Rebase(b, a, false);
  EXPECT_EQ(b.base, "a") << "applied in part: a is still b's base";
  EXPECT_EQ(b.applied_ctime_ns, (std::map<std::string, int64_t>{{"other", 2}, {"src", 5}, {"src/new.c", 6}}));
  Rebase(b, a, true);
  EXPECT_EQ(b.base, "z");
  PendingRun c = Record("c", "b");
  Rebase(c, a, true);
  EXPECT_EQ(c.base, "b") << "only the runs on top of a";
  EXPECT_TRUE(c.applied_ctime_ns.empty());
}

}  // namespace
}  // namespace paddock::changes
