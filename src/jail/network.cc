#include "jail/network.h"

#include <ifaddrs.h>
#include <netinet/in.h>

#include <cstdio>
#include <cstring>

#include "jail/audit_file.h"
#include "jail/net_setup.h"
#include "jail/routes.h"

namespace paddock::jail {
namespace {

// Addresses of this host's interfaces: a name that resolves to one of them
// would reach the host's own services.
std::vector<net::IpAddress> HostAddresses() {
  std::vector<net::IpAddress> out;
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return out;
  for (ifaddrs* i = list; i; i = i->ifa_next) {
    if (!i->ifa_addr) continue;
    net::IpAddress a;
    if (i->ifa_addr->sa_family == AF_INET) {
      memcpy(a.bytes.data(), &reinterpret_cast<sockaddr_in*>(i->ifa_addr)->sin_addr, 4);
    } else if (i->ifa_addr->sa_family == AF_INET6) {
      a.v6 = true;
      memcpy(a.bytes.data(), &reinterpret_cast<sockaddr_in6*>(i->ifa_addr)->sin6_addr, 16);
    } else {
      continue;
    }
    out.push_back(a);
  }
  freeifaddrs(list);
  return out;
}

}  // namespace

Result<std::unique_ptr<proxy::Proxy>> ServeJailNetwork(const plan::LaunchPlan& plan, int channel) {
  auto received = ReceiveJailSockets(channel, plan.network.capture_ports.size());
  if (!received) return received.error();
  auto netlink = std::make_shared<UniqueFd>(std::move(received->netlink));
  proxy::Config config;
  config.allow = net::AllowList(plan.network.policy.allow, plan.network.policy.deny);
  config.pins = plan.network.policy.pins;
  config.host_answers = plan.network.test_host_answers;
  config.host_addresses = HostAddresses();
  config.jail_has_ipv6 = received->capture.size() == 2 * plan.network.capture_ports.size();
  config.route = [netlink](const net::IpAddress& a) -> Status {
    RouteSpec r;
    r.v6 = a.v6;
    memcpy(r.dst, a.bytes.data(), 16);
    r.prefix = a.v6 ? 128 : 32;
    if (int err = AddRoute(netlink->get(), r); err != 0) return SysError("route", net::FormatIp(a), err);
    return Ok();
  };
  std::string log = plan.audit_log;
  config.audit = [log](const nlohmann::json& event) {
    if (!log.empty()) (void)AppendAuditEvent(log, event);
  };
  proxy::Sockets sockets;
  sockets.dns_udp = received->dns_udp.release();
  sockets.dns_tcp = received->dns_tcp.release();
  sockets.proxy = received->proxy.release();
  for (auto& fd : received->capture) sockets.capture.push_back(fd.release());
  auto started = proxy::Proxy::Start(std::move(config), std::move(sockets));
  if (!started) return Error{started.error()}.WithLayer("network");
  return started;
}

void ReportDenials(proxy::Proxy& proxy) {
  auto line = proxy::FormatDenials(proxy.Stop());
  if (!line.empty()) std::fprintf(stderr, "paddock: %s\n", line.c_str());
}

}  // namespace paddock::jail
