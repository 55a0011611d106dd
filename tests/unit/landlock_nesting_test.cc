// jail::NestBelowPid1 (src/jail/landlock.h): after it, a process cannot
// trace one whose Landlock domain does not contain its own, whatever the
// target's dumpable flag and the caller's capabilities. That is what keeps
// the command away from the jail's pid 1 in the moment after pid 1 execs
// paddock-init and before it is non-dumpable again (jail/child.cc).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>

#include "jail/landlock.h"

namespace paddock::jail {
namespace {

// Forks a child that may nest, then tries PTRACE_ATTACH on `target`; its exit
// status is 0 when the attach worked, else the errno (255 if nesting failed).
int AttachFromChild(pid_t target, bool nest) {
  pid_t pid = fork();
  if (pid == 0) {
    // As in the jail: without privileges Landlock needs no_new_privs.
    if (nest && (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || NestBelowPid1(LandlockAbi()) != 0)) _exit(255);
    if (ptrace(PTRACE_ATTACH, target, nullptr, nullptr) != 0) _exit(errno);
    waitpid(target, nullptr, __WALL);
    ptrace(PTRACE_DETACH, target, nullptr, nullptr);
    _exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(LandlockNesting, ANestedProcessCannotTraceOneOutsideItsDomain) {
  if (LandlockAbi() == 0) GTEST_SKIP() << "Landlock is not available here";
  // The target: dumpable, in no Landlock domain; a sibling of the tracer, as
  // pid 1 and the command are not (the command is pid 1's child) but the
  // rule Landlock applies is the same: the tracer's domain must contain the
  // target's.
  pid_t target = fork();
  if (target == 0) {
    for (;;) pause();
  }
  ASSERT_GT(target, 0);
  int nested = AttachFromChild(target, true);
  // The control: without the layer the same attach works where the
  // kernel's other rules allow it (root, or no Yama restriction).
  int plain = AttachFromChild(target, false);
  kill(target, SIGKILL);
  waitpid(target, nullptr, 0);
  EXPECT_EQ(nested, EPERM);
  if (plain != 0) GTEST_SKIP() << "ptrace between siblings is refused here anyway (errno " << plain << ")";
}

// Every Landlock layer refuses moving a file to another directory unless it
// allows that: the nesting layer must allow it where the jail's own does, or
// `mv a/f b/` in the project fails with EXDEV.
TEST(LandlockNesting, AFileStillMovesToAnotherDirectory) {
  if (LandlockAbi() < 2) GTEST_SKIP() << "Landlock ABI 2 (REFER) is not available here";
  char dir[] = "/tmp/paddock-nest.XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  std::string a = std::string(dir) + "/a", b = std::string(dir) + "/b";
  ASSERT_EQ(mkdir(a.c_str(), 0700), 0);
  ASSERT_EQ(mkdir(b.c_str(), 0700), 0);
  int fd = open((a + "/f").c_str(), O_WRONLY | O_CREAT, 0600);
  ASSERT_GE(fd, 0);
  close(fd);
  pid_t pid = fork();
  if (pid == 0) {
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || NestBelowPid1(LandlockAbi()) != 0) _exit(255);
    _exit(rename((a + "/f").c_str(), (b + "/f").c_str()) == 0 ? 0 : errno);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  unlink((a + "/f").c_str());
  unlink((b + "/f").c_str());
  rmdir(a.c_str());
  rmdir(b.c_str());
  rmdir(dir);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "errno " << WEXITSTATUS(status);
}

}  // namespace
}  // namespace paddock::jail
