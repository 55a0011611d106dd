// The parent's loop while the jail runs: poll over file descriptors (the
// signalfd, pid 1's reports; later sources such as a network proxy register
// the same way) with one timer (the supervisor's timeout steps).
#pragma once

#include <time.h>

#include <functional>
#include <vector>

#include "base/error.h"

namespace paddock::jail {

class EventLoop {
 public:
  using Handler = std::function<void()>;
  // How long the loop may sleep: fills the timespec and returns it, or
  // returns nullptr for no limit.
  using NextWait = std::function<const struct timespec*(struct timespec*)>;

  // Calls `on_ready` when `fd` is readable, hung up or in error. Handlers of
  // one wake-up run in the order their fds were added.
  void Watch(int fd, Handler on_ready);
  // Stops watching `fd` (safe from inside a handler, e.g. at EOF).
  void Unwatch(int fd);
  // `next` bounds each sleep; `tick` runs after every wake-up.
  void SetTimer(NextWait next, Handler tick);

  // Runs until a handler calls Stop(). Fails only if poll itself fails.
  Status Run();
  void Stop() { stopped_ = true; }

 private:
  struct Source {
    int fd;
    Handler on_ready;
  };
  std::vector<Source> sources_;
  NextWait next_;
  Handler tick_;
  bool stopped_ = false;
};

// poll's timeout in ms for `wait` (nullptr: -1), rounded up so a wait that
// is due in under a millisecond does not spin.
int PollTimeoutMs(const struct timespec* wait);

}  // namespace paddock::jail
