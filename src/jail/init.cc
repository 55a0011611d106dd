#include "jail/init.h"

#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

namespace paddock::jail {

int ExitCodeOf(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 1;
}

void RunInit(pid_t command) {
  sigset_t all;
  sigfillset(&all);
  sigprocmask(SIG_BLOCK, &all, nullptr);
  for (;;) {
    siginfo_t info;
    int sig = sigwaitinfo(&all, &info);
    if (sig < 0) continue;
    if (sig == SIGCHLD) {
      int status;
      pid_t pid;
      while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        if (pid == command) _exit(ExitCodeOf(status));
      }
      continue;
    }
    // Terminal-generated signals (SI_KERNEL) already reached the command's
    // process group; signals from inside the jail (si_pid != 0) are not ours
    // to relay. What paddock relays from outside arrives with si_pid 0.
    if (info.si_code == SI_KERNEL || info.si_pid != 0) continue;
    kill(command, sig);
  }
}

}  // namespace paddock::jail
