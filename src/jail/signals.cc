#include "jail/signals.h"

#include <errno.h>
#include <time.h>
#include <unistd.h>

namespace paddock::jail {

BlockedSignals::BlockedSignals(const sigset_t& set) : set_(set) { sigprocmask(SIG_BLOCK, &set_, &old_); }

BlockedSignals::~BlockedSignals() { sigprocmask(SIG_SETMASK, &old_, nullptr); }

Result<SignalFd> SignalFd::Open(const sigset_t& set) {
  int fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
  if (fd < 0) return SysError("create", "signalfd", errno);
  return SignalFd(UniqueFd(fd));
}

bool SignalFd::Next(struct signalfd_siginfo* info) {
  for (;;) {
    ssize_t n = read(fd_.get(), info, sizeof *info);
    if (n == static_cast<ssize_t>(sizeof *info)) return true;
    if (n < 0 && errno == EINTR) continue;
    return false;
  }
}

bool TakePending(int sig) {
  sigset_t one;
  sigemptyset(&one);
  sigaddset(&one, sig);
  struct timespec zero = {0, 0};
  while (sigtimedwait(&one, nullptr, &zero) < 0) {
    if (errno != EINTR) return false;
  }
  return true;
}

bool Ignores(int sig) {
  struct sigaction old;
  return sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_IGN;
}

}  // namespace paddock::jail
