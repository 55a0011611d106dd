#include "jail/job_control.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include "jail/signals.h"
#include "jail/supervise.h"

namespace paddock::jail {
namespace {

bool IsJobControlStop(int sig) { return sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU; }

// paddock's controlling terminal, or none. tcgetpgrp fails on a terminal
// that is not the caller's controlling one, so a standard fd qualifies only
// if it is that terminal (when /dev/tty cannot be opened).
UniqueFd OpenControllingTerminal() {
  int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd >= 0) return UniqueFd(fd);
  for (int std_fd = 0; std_fd <= 2; ++std_fd) {
    if (tcgetpgrp(std_fd) > 0) return UniqueFd(fcntl(std_fd, F_DUPFD_CLOEXEC, 3));
  }
  return UniqueFd();
}

}  // namespace

JobControl::JobControl(UniqueFd reports) : reports_(std::move(reports)) {}

JobControl::~JobControl() { HandBackTerminal(); }

Status JobControl::Adopt(pid_t init) {
  jail_ = init;
  // Fail closed: a jail in paddock's group could signal the whole group.
  if (setpgid(init, init) != 0) return SysError("give", "the jail a process group of its own", errno);
  tty_ = OpenControllingTerminal();
  if (tty_.valid() && tcgetpgrp(tty_.get()) == getpgrp()) GiveTerminal();
  return Ok();
}

bool JobControl::JailHoldsTerminal() const {
  if (!tty_.valid() || jail_ <= 0) return false;
  pid_t fg = tcgetpgrp(tty_.get());
  if (fg <= 0 || fg == getpgrp()) return false;
  // The jail's group, or one a shell in the jail made for a job (its leader
  // descends from pid 1; a group's number is not reused while it exists).
  return fg == jail_ || DescendsFrom(fg, jail_);
}

void JobControl::SetForeground(pid_t pgid) const {
  // From the background, tcsetpgrp raises SIGTTOU unless it is blocked.
  sigset_t ttou, old;
  sigemptyset(&ttou);
  sigaddset(&ttou, SIGTTOU);
  sigprocmask(SIG_BLOCK, &ttou, &old);
  (void)tcsetpgrp(tty_.get(), pgid);
  sigprocmask(SIG_SETMASK, &old, nullptr);
}

void JobControl::TakeTerminal() {
  if (!JailHoldsTerminal()) return;
  jail_fg_ = tcgetpgrp(tty_.get());
  SetForeground(getpgrp());
}

void JobControl::GiveTerminal() {
  pid_t to = jail_;
  if (jail_fg_ > 0 && jail_fg_ != jail_ && DescendsFrom(jail_fg_, jail_)) to = jail_fg_;
  SetForeground(to);
}

bool JobControl::ReadReports() {
  int last = 0;
  unsigned char buf[64];
  for (;;) {
    ssize_t n = read(reports_.get(), buf, sizeof buf);
    if (n > 0) {
      last = buf[n - 1];  // only the latest stop matters
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (last > 0 && last < NSIG) {
      // No terminal: no user to hand a stopped job to. The command stays
      // stopped, as it did before, and cannot stop paddock's group.
      if (tty_.valid()) {
        TakeTerminal();
        // SIGSTOP is not job control: the terminal is back with paddock's
        // group, so Ctrl-Z and Ctrl-C reach paddock, which stops or relays.
        if (IsJobControlStop(last)) StopJob(last, /*whole_group=*/true, /*hang_up_if_orphaned=*/last != SIGTSTP);
      }
    }
    return n != 0;
  }
}

void JobControl::StopSignal(int sig, bool from_terminal) {
  if (from_terminal && sig != SIGTSTP && JailHoldsTerminal()) {
    // Only a process of paddock's own group gets SIGTTIN/SIGTTOU from the
    // terminal (paddock never reads it): a pager the jail's output is piped
    // to. It gets the terminal and is continued; the jail goes on in the
    // background, as any background job.
    TakeTerminal();
    kill(0, SIGCONT);  // the wait loop ignores paddock's own SIGCONT
    return;
  }
  // The job stops as a whole, as it did when the jail shared paddock's group.
  killpg(jail_, sig);
  StopJob(sig, /*whole_group=*/false, /*hang_up_if_orphaned=*/false);
}

void JobControl::Continued() { Resume(); }

void JobControl::StopJob(int sig, bool whole_group, bool hang_up_if_orphaned) {
  TakeTerminal();
  if (StopSelf(sig, whole_group)) {
    Resume();
    return;
  }
  // paddock did not stop: its group is orphaned (or ignores the signal), so
  // no shell will continue it. Do what the kernel does for a stopped
  // orphaned group: SIGHUP (a stop on the terminal: the kernel would have
  // failed that read or write instead), then SIGCONT.
  if (hang_up_if_orphaned) killpg(jail_, SIGHUP);
  killpg(jail_, SIGCONT);
}

bool JobControl::StopSelf(int sig, bool whole_group) {
  if (Ignores(sig)) return false;
  TakePending(sig);      // a queued copy would stop paddock twice
  TakePending(SIGCONT);  // and an old SIGCONT say it had been continued
  sigset_t one, old;
  sigemptyset(&one);
  sigaddset(&one, sig);
  sigprocmask(SIG_UNBLOCK, &one, &old);
  // Whole group: the group the terminal's signal would have reached if the
  // jail shared it (paddock alone under an interactive shell; a script or a
  // pipeline otherwise). paddock stops here until SIGCONT, unless the kernel
  // discards the stop because the group is orphaned.
  kill(whole_group ? 0 : getpid(), sig);
  sigprocmask(SIG_SETMASK, &old, nullptr);
  return TakePending(SIGCONT);
}

void JobControl::Resume() {
  // Stops reported before this continue are over: drop their reports.
  unsigned char buf[64];
  while (read(reports_.get(), buf, sizeof buf) > 0) {}
  if (tty_.valid() && tcgetpgrp(tty_.get()) == getpgrp()) GiveTerminal();
  killpg(jail_, SIGCONT);
}

void JobControl::HandBackTerminal() {
  if (!tty_.valid()) return;
  pid_t fg = tcgetpgrp(tty_.get());
  if (fg <= 0 || fg == getpgrp()) return;
  // Only from a group that no longer exists (the jail's, now that pid 1 is
  // reaped); a live one is someone else's, e.g. the shell's after `bg`.
  if (kill(-fg, 0) == 0 || errno != ESRCH) return;
  SetForeground(getpgrp());
}

}  // namespace paddock::jail
