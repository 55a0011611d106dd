// Sockets of the jail's network namespace made on demand, for --publish: the
// supervisor must open connections *into* the jail (to a server listening on
// its loopback), and a socket belongs to the namespace of the process that
// creates it. A rootless supervisor cannot enter the namespace itself
// (setns needs CAP_SYS_ADMIN in its own user namespace), so it forks a
// process that joins only the jail's user and network namespaces (not its
// pid or mount namespace: the jail cannot see or reach it), makes a socket
// per request and hands it back. It dies with paddock (parent-death signal)
// and when paddock closes the channel.
#pragma once

#include <sys/types.h>

#include <utility>

#include "base/error.h"
#include "jail/unique_fd.h"

namespace paddock::jail {

class SocketFactory {
 public:
  // The jail's user and network namespaces, opened while pid 1 is still
  // dumpable (right after clone: later its /proc entries are root's).
  static Result<std::pair<UniqueFd, UniqueFd>> OpenNamespaces(pid_t jail_pid);
  // Before any thread is started: fork() must not copy a multithreaded process.
  static Result<SocketFactory> Start(const UniqueFd& user_ns, const UniqueFd& net_ns);
  SocketFactory(SocketFactory&&) noexcept;
  SocketFactory& operator=(SocketFactory&&) = delete;
  ~SocketFactory();

  // A new TCP socket in the jail's network namespace (any thread; one at a time).
  Result<UniqueFd> NewTcpSocket(bool v6);

 private:
  SocketFactory(pid_t pid, UniqueFd channel) : pid_(pid), channel_(std::move(channel)) {}
  pid_t pid_ = -1;
  UniqueFd channel_;
};

}  // namespace paddock::jail
