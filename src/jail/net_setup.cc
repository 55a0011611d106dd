#include "jail/net_setup.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/netlink.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "base/strings.h"
#include "jail/child_context.h"
#include "jail/child_error.h"
#include "jail/fd_passing.h"

namespace paddock::jail {
namespace {

// netlink, resolver UDP and TCP, proxy, then one IPv4 and one IPv6 listener
// per port, then the credential forwarders.
constexpr size_t kFixedSockets = 4;
constexpr size_t kMaxForwards = 16;
constexpr size_t kMaxSockets = kFixedSockets + 2 * policy::kMaxAllowedPorts + kMaxForwards;
static_assert(kMaxSockets <= kMaxPassedFds, "one message carries the jail's sockets");
constexpr int kBacklog = 4096;

sockaddr_in Ipv4(const std::string& address, uint16_t port) {
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  inet_pton(AF_INET, address.c_str(), &sa.sin_addr);
  return sa;
}

// The child's sockets, closed when the stage ends (they went to the supervisor).
struct Made {
  int fds[kMaxSockets];
  size_t count = 0;
  ~Made() {
    for (size_t i = 0; i < count; ++i) close(fds[i]);
  }
};

// One socket bound to `addr`, listening for streams; -1 with errno.
int Bound(int family, int type, const sockaddr* addr, socklen_t len, bool v6only) {
  int fd = socket(family, type | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  type &= ~SOCK_NONBLOCK;
  int one = 1;
  bool ok = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == 0;
  if (ok && v6only) ok = setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one) == 0;
  ok = ok && bind(fd, addr, len) == 0 && (type != SOCK_STREAM || listen(fd, kBacklog) == 0);
  if (!ok) {
    int e = errno;
    close(fd);
    errno = e;
    return -1;
  }
  return fd;
}

bool FailListener(ChildError& error, const char* what, uint16_t port) {
  static char object[96];
  snprintf(object, sizeof object, "%s on port %u", what, port);
  return FailWithErrno(error, "listen with", object);
}

bool MakeListeners(const NetSetup& s, bool v6, Made& made, ChildError& error) {
  for (uint16_t port : s.ports) {
    sockaddr_in any = Ipv4("0.0.0.0", port);
    int fd = Bound(AF_INET, SOCK_STREAM, reinterpret_cast<sockaddr*>(&any), sizeof any, false);
    if (fd < 0) return FailListener(error, "the jail's IPv4 listener", port);
    made.fds[made.count++] = fd;
  }
  if (!v6) return true;
  for (uint16_t port : s.ports) {
    sockaddr_in6 any{};
    any.sin6_family = AF_INET6;
    any.sin6_port = htons(port);
    int fd = Bound(AF_INET6, SOCK_STREAM, reinterpret_cast<sockaddr*>(&any), sizeof any, true);
    if (fd < 0) return FailListener(error, "the jail's IPv6 listener", port);
    made.fds[made.count++] = fd;
  }
  return true;
}

bool SendSockets(int channel, const Made& made, bool v6, ChildError& error) {
  if (SendFds(channel, v6 ? '6' : '4', made.fds, made.count) != 0)
    return FailWithErrno(error, "hand over", "the jail's sockets");
  return true;
}

}  // namespace

// A listener on the host's 127.0.0.1:port for a published jail port.
Result<UniqueFd> HostListener(const policy::Publish& p) {
  sockaddr_in sa = Ipv4("127.0.0.1", p.host_port);
  int fd = Bound(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, reinterpret_cast<sockaddr*>(&sa), sizeof sa, false);
  if (fd < 0)
    return SysError("publish",
                    "jail port " + std::to_string(p.jail_port) + " on 127.0.0.1:" + std::to_string(p.host_port), errno);
  return UniqueFd(fd);
}

Result<NetParent> PrepareNetSetup(const plan::LaunchPlan& plan, NetSetup& s) {
  NetParent parent;
  for (const auto& p : plan.network.publish) {
    auto listener = HostListener(p);
    if (!listener) return listener.error();
    parent.published.push_back(std::move(*listener));
  }
  if (!plan.network.filtered) return parent;
  s.enabled = true;
  s.resolver = Ipv4(plan.network.resolver, 53);
  s.proxy = Ipv4(plan.network.proxy_address, plan.network.proxy_port);
  s.ports = plan.network.capture_ports;
  if (plan.network.forwards.size() > kMaxForwards)
    return Error{"more than " + std::to_string(kMaxForwards) + " credential forwarders"};
  for (const auto& f : plan.network.forwards) s.forwards.push_back(Ipv4(plan.network.proxy_address, f.port));
  RouteSpec v4, v6;
  v4.type = v6.type = RouteSpec::Type::kProhibit;
  v6.v6 = true;
  s.routes = {v4, v6};
  for (const auto& text : plan.network.routed_prefixes) {
    auto cidr = net::ParseCidr(text);
    if (!cidr) return cidr.error();
    RouteSpec r;
    r.v6 = cidr->base.v6;
    memcpy(r.dst, cidr->base.bytes.data(), 16);
    r.prefix = static_cast<uint8_t>(cidr->prefix);
    s.routes.push_back(r);
  }
  int pair[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0)
    return SysError("create", "the channel for the jail's sockets", errno);
  s.channel = pair[1];
  parent.channel = UniqueFd(pair[0]);
  return parent;
}

bool SetUpFilteredNetwork(ChildContext& ctx, ChildError& error) {
  const NetSetup& s = ctx.net;
  if (!s.enabled) return true;
  Made made;
  int nl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  if (nl < 0) return FailWithErrno(error, "open", "a netlink socket in the jail's network namespace");
  made.fds[made.count++] = nl;
  // Without IPv6 in the kernel there is nothing to route or listen on there.
  int probe = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  bool v6 = probe >= 0;
  if (probe >= 0) close(probe);
  for (const auto& route : s.routes) {
    if (route.v6 && !v6) continue;
    if (int err = AddRoute(nl, route); err != 0) {
      SetChildError(error, err, "add route",
                    route.type == RouteSpec::Type::kProhibit ? "prohibit default" : "local prefix");
      return false;
    }
  }
  auto* resolver = reinterpret_cast<const sockaddr*>(&s.resolver);
  int udp = Bound(AF_INET, SOCK_DGRAM, resolver, sizeof s.resolver, false);
  if (udp < 0) return FailListener(error, "the jail's resolver (UDP)", 53);
  made.fds[made.count++] = udp;
  int tcp = Bound(AF_INET, SOCK_STREAM, resolver, sizeof s.resolver, false);
  if (tcp < 0) return FailListener(error, "the jail's resolver (TCP)", 53);
  made.fds[made.count++] = tcp;
  int proxy = Bound(AF_INET, SOCK_STREAM, reinterpret_cast<const sockaddr*>(&s.proxy), sizeof s.proxy, false);
  if (proxy < 0) return FailListener(error, "the jail's proxy port", ntohs(s.proxy.sin_port));
  made.fds[made.count++] = proxy;
  if (!MakeListeners(s, v6, made, error)) return false;
  for (const auto& at : s.forwards) {
    int fd = Bound(AF_INET, SOCK_STREAM, reinterpret_cast<const sockaddr*>(&at), sizeof at, false);
    if (fd < 0) return FailListener(error, "the jail's credential forwarder", ntohs(at.sin_port));
    made.fds[made.count++] = fd;
  }
  bool sent = SendSockets(s.channel, made, v6, error);
  close(s.channel);
  return sent;
}

Result<JailNetSockets> ReceiveJailSockets(int channel, size_t ports, size_t forwards) {
  char flag = 0;
  int received[kMaxSockets];
  ssize_t n = ReceiveFds(channel, &flag, received, kMaxSockets, MSG_DONTWAIT);
  if (n < 0) return SysError("receive", "the jail's sockets", errno);
  std::vector<UniqueFd> fds(received, received + n);
  size_t captures = ports * (flag == '6' ? 2 : 1);
  size_t expected = kFixedSockets + captures + forwards;
  if (fds.size() != expected) return SysError("receive", "the jail's sockets", EPROTO);
  JailNetSockets s;
  s.netlink = std::move(fds[0]);
  s.dns_udp = std::move(fds[1]);
  s.dns_tcp = std::move(fds[2]);
  s.proxy = std::move(fds[3]);
  for (size_t i = kFixedSockets; i < kFixedSockets + captures; ++i) s.capture.push_back(std::move(fds[i]));
  for (size_t i = kFixedSockets + captures; i < fds.size(); ++i) s.forward.push_back(std::move(fds[i]));
  return s;
}

}  // namespace paddock::jail
