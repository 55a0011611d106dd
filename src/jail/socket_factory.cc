#include "jail/socket_factory.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "jail/fd_passing.h"

namespace paddock::jail {
namespace {

constexpr int kChannelFd = 3;

// A socket, or the errno that kept it from being made, as the byte.
int SendFd(int channel, int fd, int err) {
  return SendFds(channel, err == 0 ? 0 : static_cast<char>(err), &fd, fd >= 0 ? 1 : 0);
}

[[noreturn]] void Serve(pid_t parent, int user_ns, int net_ns) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(1);
  if (setns(user_ns, CLONE_NEWUSER) != 0 || setns(net_ns, CLONE_NEWNET) != 0) {
    SendFd(kChannelFd, -1, errno);
    _exit(1);
  }
  close(user_ns);
  close(net_ns);
  SendFd(kChannelFd, -1, 0);  // ready
  for (;;) {
    char family;
    ssize_t n = read(kChannelFd, &family, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n != 1) _exit(0);
    int fd = socket(family == '6' ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (SendFd(kChannelFd, fd, fd < 0 ? errno : 0) != 0) _exit(1);
    if (fd >= 0) close(fd);
  }
}

// One answer: a descriptor, or the errno the factory sent.
Result<UniqueFd> Receive(int channel) {
  char data = 0;
  int fd = -1;
  ssize_t n = ReceiveFds(channel, &data, &fd, 1, 0);
  if (n < 0) return SysError("receive", "a socket of the jail's network namespace", errno);
  if (n == 1) return UniqueFd(fd);
  if (data != 0) return SysError("make", "a socket in the jail's network namespace", data);
  return UniqueFd();
}

}  // namespace

Result<std::pair<UniqueFd, UniqueFd>> SocketFactory::OpenNamespaces(pid_t jail_pid) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/ns/user", jail_pid);
  UniqueFd user_ns(open(path, O_RDONLY | O_CLOEXEC));
  snprintf(path, sizeof path, "/proc/%d/ns/net", jail_pid);
  UniqueFd net_ns(open(path, O_RDONLY | O_CLOEXEC));
  if (!user_ns.valid() || !net_ns.valid()) return SysError("open", "the jail's namespaces", errno);
  return std::make_pair(std::move(user_ns), std::move(net_ns));
}

Result<SocketFactory> SocketFactory::Start(const UniqueFd& user_ns, const UniqueFd& net_ns) {
  int pair[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0)
    return SysError("create", "the socket factory's channel", errno);
  UniqueFd ours(pair[0]), theirs(pair[1]);
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) return SysError("fork", "the socket factory", errno);
  if (pid == 0) {
    // Only the channel and the two namespace descriptors stay open. The
    // namespaces are moved up first: one of them may be fd 3, the channel's.
    int u = fcntl(user_ns.get(), F_DUPFD, 10), n = fcntl(net_ns.get(), F_DUPFD, 10);
    if (u < 0 || n < 0) _exit(1);
    if (theirs.get() != kChannelFd && dup3(theirs.get(), kChannelFd, 0) < 0) _exit(1);
    int keep_low = u < n ? u : n, keep_high = u < n ? n : u;
    syscall(SYS_close_range, kChannelFd + 1, keep_low - 1, 0);
    if (keep_high > keep_low + 1) syscall(SYS_close_range, keep_low + 1, keep_high - 1, 0);
    syscall(SYS_close_range, keep_high + 1, ~0U, 0);
    Serve(parent, u, n);
  }
  theirs.reset();
  SocketFactory factory(pid, std::move(ours));
  auto ready = Receive(factory.channel_.get());
  if (!ready) return Error{ready.error()}.WithHint("the jail's user and network namespaces could not be entered");
  return factory;
}

SocketFactory::SocketFactory(SocketFactory&& o) noexcept : pid_(o.pid_), channel_(std::move(o.channel_)) {
  o.pid_ = -1;
}

SocketFactory::~SocketFactory() {
  channel_.reset();  // the factory reads end of file and exits
  if (pid_ > 0) {
    while (waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {}
  }
}

Result<UniqueFd> SocketFactory::NewTcpSocket(bool v6) {
  char family = v6 ? '6' : '4';
  if (write(channel_.get(), &family, 1) != 1) return SysError("ask", "the socket factory", errno);
  return Receive(channel_.get());
}

}  // namespace paddock::jail
