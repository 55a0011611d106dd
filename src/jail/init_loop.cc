#include "jail/init_loop.h"

#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cstdint>

namespace paddock::jail {

int ExitCodeOf(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 1;
}

namespace {

// The command's status ends the jail: in a pid namespace, pid 1 exiting ends
// every process in it.
[[noreturn]] void Finish(int status, void (*before_exit)()) {
  if (before_exit) before_exit();
  _exit(ExitCodeOf(status));
}

void ReapChildren(pid_t command, int report_fd, void (*before_exit)()) {
  int status;
  pid_t pid;
  // The command first, with WUNTRACED: each stop is reported once.
  while ((pid = waitpid(command, &status, WNOHANG | WUNTRACED)) == command) {
    if (!WIFSTOPPED(status)) Finish(status, before_exit);
    unsigned char sig = static_cast<unsigned char>(WSTOPSIG(status));
    (void)!write(report_fd, &sig, 1);  // a full pipe: paddock has a backlog
  }
  while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
    if (pid == command) Finish(status, before_exit);
  }
}

// One signal, taken; false when `timeout` (if not null) passed first.
bool TakeOne(pid_t command, int report_fd, void (*before_exit)(), const timespec* timeout) {
  sigset_t all;
  sigfillset(&all);
  siginfo_t info;
  int sig = timeout ? sigtimedwait(&all, &info, timeout) : sigwaitinfo(&all, &info);
  if (sig < 0) return errno != EAGAIN;
  if (sig == SIGCHLD) {
    ReapChildren(command, report_fd, before_exit);
    return true;
  }
  // Terminal-generated signals (SI_KERNEL) already reached the jail's
  // process group, the terminal's foreground; signals from inside the jail
  // (si_pid != 0) are not ours to relay. What paddock relays from outside
  // arrives with si_pid 0.
  if (info.si_code == SI_KERNEL || info.si_pid != 0) return true;
  kill(command, sig);
  return true;
}

int64_t NowMs() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<int64_t>(now.tv_sec) * 1000 + now.tv_nsec / 1000000;
}

}  // namespace

void ReapAndRelay(pid_t command, int report_fd, void (*before_exit)()) {
  for (;;) TakeOne(command, report_fd, before_exit, nullptr);
}

void ReapAndRelayFor(pid_t command, int report_fd, void (*before_exit)(), int ms) {
  for (int64_t end = NowMs() + ms, left; (left = end - NowMs()) > 0;) {
    timespec timeout{static_cast<time_t>(left / 1000), static_cast<long>(left % 1000) * 1000000};
    if (!TakeOne(command, report_fd, before_exit, &timeout)) return;
  }
}

}  // namespace paddock::jail
