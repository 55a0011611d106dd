#include "jail/wait_jail.h"

#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "jail/event_loop.h"
#include "jail/init.h"
#include "jail/signals.h"

namespace paddock::jail {
namespace {

const int kRelayed[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGWINCH};
const int kJobControl[] = {SIGTSTP, SIGTTIN, SIGTTOU, SIGCONT};

void Relay(pid_t init, int pidfd, int sig) {
  if (pidfd >= 0) syscall(SYS_pidfd_send_signal, pidfd, sig, nullptr, 0);
  else kill(init, sig);
}

}  // namespace

sigset_t JailSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGCHLD);
  for (int s : kRelayed) sigaddset(&set, s);
  for (int s : kJobControl) sigaddset(&set, s);
  return set;
}

Result<int> WaitForJail(pid_t init, int pidfd, JobControl& job, Supervisor& supervisor) {
  auto signals = SignalFd::Open(JailSignals());
  if (!signals) return signals.error();
  EventLoop loop;
  int exit_code = -1;
  const pid_t self = getpid();

  // Signals first in each wake-up: a SIGCONT ends the stops that pid 1
  // reported before it (job_control.cc drops those reports).
  loop.Watch(signals->fd(), [&] {
    struct signalfd_siginfo si;
    while (exit_code < 0 && signals->Next(&si)) {
      int sig = static_cast<int>(si.ssi_signo);
      switch (sig) {
        case SIGCHLD: {
          int status;
          if (waitpid(init, &status, WNOHANG) == init) {
            exit_code = ExitCodeOf(status);
            loop.Stop();
          }
          break;
        }
        case SIGCONT:
          // paddock's own SIGCONT to its group (job_control.cc) is not news.
          if (!(si.ssi_code == SI_USER && static_cast<pid_t>(si.ssi_pid) == self)) job.Continued();
          break;
        case SIGTSTP:
        case SIGTTIN:
        case SIGTTOU: job.StopSignal(sig, si.ssi_code == SI_KERNEL); break;
        default: Relay(init, pidfd, sig);
      }
    }
  });
  const int reports = job.reports_fd();
  loop.Watch(reports, [&] {
    if (!job.ReadReports()) loop.Unwatch(reports);  // EOF: pid 1 is exiting
  });
  loop.SetTimer([&](struct timespec* storage) { return supervisor.NextWait(storage); }, [&] { supervisor.Tick(); });
  if (auto st = loop.Run(); !st) return st.error();
  return exit_code;
}

}  // namespace paddock::jail
