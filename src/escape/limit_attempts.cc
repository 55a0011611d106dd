#include "escape/limit_attempts.h"

#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

namespace paddock::escape {
namespace {

// Children that wait for the pipe's write end to close: when the attempt
// ends (or dies on its alarm) they all exit, so none outlives it.
class Waiters {
 public:
  Waiters() {
    if (pipe(fds_) != 0) fds_[0] = fds_[1] = -1;
  }
  ~Waiters() {
    if (fds_[1] >= 0) close(fds_[1]);
    if (fds_[0] >= 0) close(fds_[0]);
    for (pid_t p : pids_)
      while (waitpid(p, nullptr, 0) < 0 && errno == EINTR) {}
  }
  Waiters(const Waiters&) = delete;
  Waiters& operator=(const Waiters&) = delete;

  bool ok() const { return fds_[0] >= 0; }
  size_t count() const { return pids_.size(); }

  // One more waiting child; the fork's errno when the kernel refuses.
  int Add() {
    pid_t p = fork();
    if (p < 0) return errno;
    if (p == 0) {
      close(fds_[1]);
      char c;
      while (read(fds_[0], &c, 1) < 0 && errno == EINTR) {}
      _exit(0);
    }
    pids_.push_back(p);
    return 0;
  }

 private:
  int fds_[2];
  std::vector<pid_t> pids_;
};

}  // namespace

// The jail already holds this probe and the attempt (and its init): forking
// `limit` more processes puts it above the limit. The attempt stops there.
Found PidsLimit(const check::ProbeInputs& in) {
  if (in.pids_limit == 0) return Contained("no process limit given to the probe");
  Waiters waiters;
  if (!waiters.ok()) return Contained("cannot create a pipe: " + ErrnoText(errno));
  while (waiters.count() < in.pids_limit) {
    if (int err = waiters.Add(); err != 0) {
      if (err == EAGAIN)
        return Contained("fork refused (EAGAIN) after " + std::to_string(waiters.count()) + " more processes (limit " +
                         std::to_string(in.pids_limit) + ")");
      return Contained("fork failed (" + ErrnoText(err) + ") after " + std::to_string(waiters.count()) + " processes");
    }
  }
  return Escaped("forked " + std::to_string(waiters.count()) + " processes beside the probe: above the limit of " +
                 std::to_string(in.pids_limit));
}

// The jail has a name of its own; setting it back to the name it already
// has proves the permission without changing anything, in the jail or out.
Found Hostname(const check::ProbeInputs& in) {
  utsname u{};
  if (uname(&u) != 0) return Contained("uname failed: " + ErrnoText(errno));
  std::string name = u.nodename;
  if (!in.host_name.empty() && name == in.host_name) return Escaped("uname shows the host's name '" + name + "'");
  if (sethostname(name.data(), name.size()) == 0) return Escaped("sethostname succeeded (set to '" + name + "')");
  return Contained("the jail is named '" + name + "'; sethostname: " + ErrnoText(errno));
}

}  // namespace paddock::escape
