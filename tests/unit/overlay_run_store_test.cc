#include <gtest/gtest.h>
#include <sys/wait.h>

#include "overlay/run_store.h"
#include "overlay_test_tree.h"

namespace paddock::overlay {
namespace {

using RunStoreTest = OverlayTree;

changes::PendingRun RunNamed(const std::string& id, const std::string& project) {
  changes::PendingRun run;
  run.id = id;
  run.project = project;
  run.pid = getpid();
  run.started_ns = RealtimeNs();
  run.argv = {"make", "test"};
  return run;
}

TEST_F(RunStoreTest, CreateRunMakesThePrivateLayoutOnce) {
  StartRun(false);
  EXPECT_EQ(Mode(dir_ + "/state"), 0700u) << "missing parents are private";
  EXPECT_EQ(Mode(runs_), 0700u);
  EXPECT_EQ(Mode(run_dir_), 0700u);
  EXPECT_EQ(Mode(run_dir_ + "/upper"), 0755u);
  EXPECT_EQ(Mode(run_dir_ + "/work"), 0755u);
  EXPECT_EQ(Mode(run_dir_ + "/run.json"), 0600u);
  auto back = changes::PendingRunFromJson(Read(run_dir_ + "/run.json"));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->id, run_.id);
  EXPECT_FALSE(back->ended);
  auto again = CreateRun(run_dir_, run_);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().message, "cannot create run directory " + run_dir_ + ": File exists");
  EXPECT_FALSE(CreateRun("relative/run", run_));
}

TEST_F(RunStoreTest, FinishRunMarksItEnded) {
  StartRun(false);
  EXPECT_EQ(Stored().state, RunState::kRunning) << "its paddock (this test) is alive";
  ASSERT_TRUE(FinishRun(run_dir_, 3));
  StoredRun s = Stored();
  EXPECT_EQ(s.state, RunState::kEnded);
  EXPECT_TRUE(s.run.ended);
  EXPECT_EQ(s.run.exit_status, 3);
  EXPECT_GE(s.run.ended_ns, run_.started_ns - 1000000000);
  EXPECT_EQ(s.run.argv, run_.argv);
  EXPECT_FALSE(FinishRun(dir_ + "/nothing", 0));
}

TEST_F(RunStoreTest, ADeadOrYoungerPidIsAnInterruptedRun) {
  pid_t child = fork();
  if (child == 0) _exit(0);
  ASSERT_GT(child, 0);
  ASSERT_EQ(waitpid(child, nullptr, 0), child);
  EXPECT_FALSE(PaddockAlive(child, RealtimeNs()));
  EXPECT_TRUE(PaddockAlive(getpid(), RealtimeNs()));
  // A process started after the run is not its paddock (the pid was reused).
  EXPECT_FALSE(PaddockAlive(getpid(), 1));
  EXPECT_FALSE(PaddockAlive(0, RealtimeNs()));

  auto run = RunNamed("20261203-201512-0001", project_);
  run.pid = child;
  ASSERT_TRUE(CreateRun(runs_ + "/" + run.id, run));
  EXPECT_EQ(LoadRun(runs_ + "/" + run.id).state, RunState::kInterrupted);
}

TEST_F(RunStoreTest, ListsAndFindsRunsByIdPrefixOrTheLatest) {
  EXPECT_TRUE(ListRuns(runs_)->empty()) << "no store yet";
  auto missing = FindRun(runs_, "");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message, "cannot find a run: this project has no pending run");
  for (std::string id : {"20261203-201512-aaaa", "20261204-090000-bbbb", "20261204-090000-bbbc"})
    ASSERT_TRUE(CreateRun(runs_ + "/" + id, RunNamed(id, project_)));
  ASSERT_EQ(mkdir((runs_ + "/20261101-000000-0000").c_str(), 0700), 0);  // no run.json
  ASSERT_EQ(mkdir((runs_ + "/not-a-run").c_str(), 0700), 0);
  auto runs = ListRuns(runs_);
  ASSERT_TRUE(runs);
  ASSERT_EQ(runs->size(), 4u);
  EXPECT_EQ((*runs)[0].state, RunState::kBroken);
  EXPECT_EQ((*runs)[0].run.id, "20261101-000000-0000");
  EXPECT_NE((*runs)[0].problem.find("run.json"), std::string::npos);
  EXPECT_EQ((*runs)[1].run.id, "20261203-201512-aaaa");
  EXPECT_EQ((*runs)[1].run.argv, (std::vector<std::string>{"make", "test"}));

  EXPECT_EQ(FindRun(runs_, "")->run.id, "20261204-090000-bbbc");
  EXPECT_EQ(FindRun(runs_, "20261203")->run.id, "20261203-201512-aaaa");
  EXPECT_EQ(FindRun(runs_, "20261204-090000-bbbb")->run.id, "20261204-090000-bbbb");
  auto ambiguous = FindRun(runs_, "20261204");
  ASSERT_FALSE(ambiguous);
  EXPECT_EQ(ambiguous.error().message,
            "cannot find run 20261204: the prefix matches 20261204-090000-bbbb, 20261204-090000-bbbc");
  auto none = FindRun(runs_, "2025");
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().message, "cannot find run 2025: no pending run of this project has that id");
}

TEST_F(RunStoreTest, RunsOfTheSameSecondAreOrderedByTheirStart) {
  // The id's random suffix says nothing about order: "ffff" started first.
  auto first = RunNamed("20261204-090000-ffff", project_);
  auto second = RunNamed("20261204-090000-0001", project_);
  second.started_ns = first.started_ns + 1000;
  ASSERT_TRUE(CreateRun(runs_ + "/" + second.id, second));
  ASSERT_TRUE(CreateRun(runs_ + "/" + first.id, first));
  auto runs = ListRuns(runs_);
  ASSERT_TRUE(runs);
  ASSERT_EQ(runs->size(), 2u);
  EXPECT_EQ((*runs)[0].run.id, first.id);
  EXPECT_EQ(FindRun(runs_, "")->run.id, second.id) << "the latest is the one started last";
}

// What overlayfs and an agent leave: work/work with mode 000, read-only
// and unreadable directories, links to elsewhere (never followed), a tree
// deeper than the descriptors one would keep open.
TEST_F(RunStoreTest, RemoveRunRemovesEverythingAndFollowsNoLink) {
  StartRun();
  std::string work = run_dir_ + "/work/work";
  ASSERT_EQ(mkdir(work.c_str(), 0755), 0);
  ASSERT_EQ(mknod((work + "/#25").c_str(), S_IFCHR, makedev(0, 0)), 0);
  ASSERT_EQ(chmod(work.c_str(), 0), 0);
  UpperDir("ro", 0755);
  UpperFile("ro/f", "x", 0444);
  ASSERT_EQ(chmod((upper_ + "/ro").c_str(), 0555), 0);
  UpperDir("locked", 0755);
  UpperFile("locked/g", "y", 0);
  ASSERT_EQ(chmod((upper_ + "/locked").c_str(), 0), 0);
  std::string outside = dir_ + "/outside";
  ASSERT_EQ(mkdir(outside.c_str(), 0755), 0);
  WriteFile(outside + "/keep", "keep", 0644);
  UpperLink("escape", outside);
  std::string deep = upper_ + "/deep";
  for (int i = 0; i < 120; ++i) {
    ASSERT_EQ(mkdir(deep.c_str(), 0755), 0);
    if (i % 40 == 0) WriteFile(deep + "/f", "z", 0644);
    deep += "/d";
  }
  ASSERT_TRUE(RemoveRun(run_dir_)) << RemoveRun(run_dir_).error().message;
  EXPECT_FALSE(Exists(run_dir_));
  EXPECT_TRUE(Exists(runs_));
  EXPECT_EQ(Read(outside + "/keep"), "keep");
  EXPECT_TRUE(RemoveRun(run_dir_)) << "already gone is fine";
}

}  // namespace
}  // namespace paddock::overlay
