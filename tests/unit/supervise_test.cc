// The timeout supervisor and tree signalling, on real processes.
#include "jail/supervise.h"

#include <errno.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <vector>

namespace paddock::jail {
namespace {

// A child that ignores SIGTERM (unless `honour_term`) with two grandchildren
// that do the same; all wait forever. Each writes its pid to `ready_fd`.
pid_t StartTree(bool honour_term, int ready_fd) {
  pid_t child = fork();
  if (child != 0) return child;
  if (!honour_term) signal(SIGTERM, SIG_IGN);
  for (int i = 0; i < 2; ++i) {
    if (fork() == 0) {
      pid_t me = getpid();
      if (write(ready_fd, &me, sizeof me) != sizeof me) _exit(1);
      for (;;) pause();
    }
  }
  pid_t me = getpid();
  if (write(ready_fd, &me, sizeof me) != sizeof me) _exit(1);
  for (;;) pause();
}

// The pids of the tree's 3 processes, once all are running.
std::vector<pid_t> WaitReady(int fd) {
  std::vector<pid_t> pids;
  for (int i = 0; i < 3; ++i) {
    pid_t p = 0;
    if (read(fd, &p, sizeof p) != sizeof p) break;
    pids.push_back(p);
  }
  return pids;
}

// Orphaned grandchildren come back to this process (a subreaper), so no
// test leaks a process and each one's fate can be checked.
class Subreaper : public ::testing::Test {
 protected:
  void SetUp() override { prctl(PR_SET_CHILD_SUBREAPER, 1); }
  void TearDown() override { prctl(PR_SET_CHILD_SUBREAPER, 0); }
  // Reaps `pid` (waiting up to 2 s) and returns the signal that killed it, or 0.
  // A grandchild becomes ours only once its parent has finished exiting, so
  // ECHILD is retried until the deadline (a slow ASan build hit that window).
  int ReapSignal(pid_t pid) {
    for (int i = 0; i < 400; ++i) {
      int status = 0;
      pid_t r = waitpid(pid, &status, WNOHANG);
      if (r == pid) return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
      if (r < 0 && errno != ECHILD) return -1;
      usleep(5000);
    }
    if (kill(pid, 0) != 0) return -1;  // never became ours
    kill(pid, SIGKILL);                // still alive: the test failed; do not leak it
    waitpid(pid, nullptr, 0);
    return 0;
  }
};

using SignalTreeTest = Subreaper;
using SupervisorTest = Subreaper;

TEST_F(SignalTreeTest, ReachesDescendantsOnlyTheTree) {
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  pid_t tree = StartTree(true, ready[1]);
  pid_t bystander = fork();
  if (bystander == 0) {
    for (;;) pause();
  }
  auto pids = WaitReady(ready[0]);
  ASSERT_EQ(pids.size(), 3u);
  EXPECT_EQ(SignalTree(tree, SIGKILL), 3);
  for (pid_t p : pids) EXPECT_EQ(ReapSignal(p), SIGKILL) << p;
  EXPECT_EQ(kill(bystander, 0), 0) << "a process outside the tree was signalled";
  kill(bystander, SIGKILL);
  waitpid(bystander, nullptr, 0);
  close(ready[0]);
  close(ready[1]);
}

TEST_F(SignalTreeTest, DescendsFromFollowsParentLinks) {
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  pid_t tree = StartTree(true, ready[1]);
  auto pids = WaitReady(ready[0]);
  ASSERT_EQ(pids.size(), 3u);
  for (pid_t p : pids) EXPECT_TRUE(DescendsFrom(p, tree)) << p;
  EXPECT_TRUE(DescendsFrom(tree, getpid()));
  EXPECT_FALSE(DescendsFrom(getpid(), tree)) << "an ancestor is not a descendant";
  for (pid_t p : pids)
    if (p != tree) {
      EXPECT_FALSE(DescendsFrom(tree, p)) << "a sibling's parent is not its child";
    }
  SignalTree(tree, SIGKILL);
  for (pid_t p : pids) ReapSignal(p);
  EXPECT_FALSE(DescendsFrom(tree, getpid())) << "a reaped process descends from nothing";
  close(ready[0]);
  close(ready[1]);
}

// Runs the supervisor's wait loop until `pid` exits; returns its status.
int Supervise(Supervisor& sup, pid_t pid) {
  for (;;) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) return status;
    struct timespec left;
    const struct timespec* wait_for = sup.NextWait(&left);
    struct timespec nap = {0, 5 * 1000000L};
    if (wait_for &&
        (wait_for->tv_sec < nap.tv_sec || (wait_for->tv_sec == nap.tv_sec && wait_for->tv_nsec < nap.tv_nsec)))
      nap = *wait_for;
    nanosleep(&nap, nullptr);
    sup.Tick();
  }
}

plan::LimitsPlan TimeoutPlan(uint64_t timeout_ms, uint64_t grace_ms) {
  plan::LimitsPlan l;
  l.timeout_ms = timeout_ms;
  l.timeout_by = plan::LimitMechanism::kPaddock;
  l.kill_grace_ms = grace_ms;
  return l;
}

TEST_F(SupervisorTest, TimeoutTerminatesThenKillsATreeIgnoringSigterm) {
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  auto limits = TimeoutPlan(150, 200);
  Supervisor sup(limits, nullptr);
  pid_t tree = StartTree(false, ready[1]);
  sup.Started(tree);
  auto pids = WaitReady(ready[0]);
  ASSERT_EQ(pids.size(), 3u);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  int status = Supervise(sup, tree);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double took = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  EXPECT_GE(took, 0.3);  // timeout + grace, not before
  EXPECT_LT(took, 3.0);
  auto stats = sup.Finish();
  EXPECT_TRUE(stats.timed_out);
  EXPECT_TRUE(stats.killed_after_grace);
  EXPECT_EQ(sup.NextWait(&t0), nullptr);  // nothing more to do
  // The grandchildren too, though nothing (no pid namespace here) would
  // have killed them had the tree been signalled after its root died.
  for (pid_t p : pids)
    if (p != tree) {
      EXPECT_EQ(ReapSignal(p), SIGKILL) << p;
    }
  close(ready[0]);
  close(ready[1]);
}

TEST_F(SupervisorTest, TimeoutSigtermIsEnoughForACooperativeTree) {
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  auto limits = TimeoutPlan(100, 10000);
  Supervisor sup(limits, nullptr);
  pid_t tree = StartTree(true, ready[1]);
  sup.Started(tree);
  auto pids = WaitReady(ready[0]);
  ASSERT_EQ(pids.size(), 3u);
  int status = Supervise(sup, tree);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
  for (pid_t p : pids)
    if (p != tree) {
      EXPECT_EQ(ReapSignal(p), SIGTERM) << p;
    }
  auto stats = sup.Finish();
  EXPECT_TRUE(stats.timed_out);
  EXPECT_FALSE(stats.killed_after_grace);
  close(ready[0]);
  close(ready[1]);
}

TEST(Supervisor, NoTimeoutMeansNoDeadline) {
  plan::LimitsPlan limits;
  Supervisor sup(limits, nullptr);
  sup.Started(getpid());
  struct timespec ts;
  EXPECT_EQ(sup.NextWait(&ts), nullptr);
  sup.Tick();  // nothing happens to us
  EXPECT_FALSE(sup.Finish().timed_out);
}

}  // namespace
}  // namespace paddock::jail
