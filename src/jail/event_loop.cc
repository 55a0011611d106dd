#include "jail/event_loop.h"

#include <errno.h>
#include <poll.h>

#include <algorithm>
#include <climits>

namespace paddock::jail {

void EventLoop::Watch(int fd, Handler on_ready) { sources_.push_back({fd, std::move(on_ready)}); }

void EventLoop::Unwatch(int fd) {
  for (auto& s : sources_)
    if (s.fd == fd) s.fd = -1;  // erased between wake-ups; poll skips fd -1
}

void EventLoop::SetTimer(NextWait next, Handler tick) {
  next_ = std::move(next);
  tick_ = std::move(tick);
}

int PollTimeoutMs(const struct timespec* wait) {
  if (!wait) return -1;
  long long ms = static_cast<long long>(wait->tv_sec) * 1000 + (wait->tv_nsec + 999999) / 1000000;
  return static_cast<int>(std::clamp<long long>(ms, 0, INT_MAX));
}

Status EventLoop::Run() {
  stopped_ = false;
  std::vector<struct pollfd> fds;
  while (!stopped_) {
    std::erase_if(sources_, [](const Source& s) { return s.fd < 0; });
    fds.clear();
    for (const auto& s : sources_) fds.push_back({s.fd, POLLIN, 0});
    struct timespec storage;
    int timeout = PollTimeoutMs(next_ ? next_(&storage) : nullptr);
    int n = poll(fds.data(), fds.size(), timeout);
    if (n < 0 && errno != EINTR) return SysError("wait for", "the jail's events", errno);
    // Handlers may add sources; those added now are polled next time.
    for (size_t i = 0; n > 0 && i < fds.size() && !stopped_; ++i) {
      if (fds[i].revents == 0 || sources_[i].fd != fds[i].fd) continue;
      Handler h = sources_[i].on_ready;  // a copy: Watch may reallocate
      h();
    }
    if (tick_ && !stopped_) tick_();
  }
  return Ok();
}

}  // namespace paddock::jail
