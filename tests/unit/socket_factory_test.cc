// jail::SocketFactory (src/jail/socket_factory.h): the forked factory joins
// the jail's user and network namespaces whatever descriptors the
// supervisor holds them in, fd 3 (the factory's channel number) included: a
// run whose namespaces landed there once failed every --publish.
#include "jail/socket_factory.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

namespace paddock::jail {
namespace {

TEST(SocketFactory, JoinsTheNamespacesEvenWhenTheyAreOnTheChannelsFd) {
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  pid_t jail = fork();
  if (jail == 0) {
    close(ready[0]);
    if (unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0) _exit(1);
    (void)!write(ready[1], "x", 1);
    for (;;) pause();
  }
  close(ready[1]);
  char byte = 0;
  bool unshared = read(ready[0], &byte, 1) == 1;
  close(ready[0]);
  if (!unshared) {
    waitpid(jail, nullptr, 0);
    GTEST_SKIP() << "no user namespaces here";
  }
  // In a child of the test, which may put descriptors where it likes.
  pid_t tester = fork();
  if (tester == 0) {
    auto ns = SocketFactory::OpenNamespaces(jail);
    if (!ns) _exit(2);
    if (dup2(ns->first.get(), 3) != 3 || dup2(ns->second.get(), 4) != 4) _exit(3);
    UniqueFd user_ns(3), net_ns(4);
    auto factory = SocketFactory::Start(user_ns, net_ns);
    if (!factory) _exit(4);
    _exit(factory->NewTcpSocket(false) ? 0 : 5);
  }
  int status = 0;
  waitpid(tester, &status, 0);
  kill(jail, SIGKILL);
  waitpid(jail, nullptr, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "2: open, 3: dup2, 4: the factory did not start, 5: no socket";
}

}  // namespace
}  // namespace paddock::jail
