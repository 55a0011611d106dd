// paddock takes signals synchronously while the jail runs: they are blocked
// and read from a signalfd, so the wait loop sees them as events among its
// other sources (pid 1's reports, timeouts) and no handler runs in between.
#pragma once

#include <signal.h>
#include <sys/signalfd.h>

#include "base/error.h"
#include "jail/unique_fd.h"

namespace paddock::jail {

// Blocks `set` for as long as it lives; every way out restores the mask.
class BlockedSignals {
 public:
  explicit BlockedSignals(const sigset_t& set);
  ~BlockedSignals();
  BlockedSignals(const BlockedSignals&) = delete;
  BlockedSignals& operator=(const BlockedSignals&) = delete;
  const sigset_t& set() const { return set_; }

 private:
  sigset_t set_, old_;
};

// A non-blocking signalfd for a set of blocked signals.
class SignalFd {
 public:
  static Result<SignalFd> Open(const sigset_t& set);
  int fd() const { return fd_.get(); }
  // The next pending signal; false when none is pending.
  bool Next(struct signalfd_siginfo* info);

 private:
  explicit SignalFd(UniqueFd fd) : fd_(std::move(fd)) {}
  UniqueFd fd_;
};

// Takes `sig` if it is pending (and blocked) without waiting.
bool TakePending(int sig);

// Whether this process ignores `sig` (SIG_IGN, e.g. inherited).
bool Ignores(int sig);

}  // namespace paddock::jail
