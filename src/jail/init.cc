#include "jail/init.h"

#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "jail/supervise.h"

namespace paddock::jail {

int ExitCodeOf(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 1;
}

namespace {

// The command's status ends the jail. In a pid namespace, pid 1 exiting ends
// every process in it; without one, this process ends them first.
[[noreturn]] void Finish(int status) {
  if (getpid() != 1) EndOwnDescendants({});
  _exit(ExitCodeOf(status));
}

// Reaps what has ended and reports the command's stops; exits with the
// command's status once it has ended.
void ReapChildren(pid_t command, int report_fd) {
  int status;
  pid_t pid;
  // The command first, with WUNTRACED: each stop is reported once.
  while ((pid = waitpid(command, &status, WNOHANG | WUNTRACED)) == command) {
    if (!WIFSTOPPED(status)) Finish(status);
    unsigned char sig = static_cast<unsigned char>(WSTOPSIG(status));
    (void)!write(report_fd, &sig, 1);  // a full pipe: paddock has a backlog
  }
  while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
    if (pid == command) Finish(status);
  }
}

}  // namespace

void RunInit(pid_t command, int report_fd) {
  sigset_t all;
  sigfillset(&all);
  sigprocmask(SIG_BLOCK, &all, nullptr);
  for (;;) {
    siginfo_t info;
    int sig = sigwaitinfo(&all, &info);
    if (sig < 0) continue;
    if (sig == SIGCHLD) {
      ReapChildren(command, report_fd);
      continue;
    }
    // Terminal-generated signals (SI_KERNEL) already reached the jail's
    // process group, the terminal's foreground; signals from inside the jail
    // (si_pid != 0) are not ours to relay. What paddock relays from outside
    // arrives with si_pid 0.
    if (info.si_code == SI_KERNEL || info.si_pid != 0) continue;
    kill(command, sig);
  }
}

}  // namespace paddock::jail
