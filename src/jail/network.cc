#include "jail/network.h"

#include <ifaddrs.h>
#include <netinet/in.h>

#include <cstdio>
#include <cstdlib>
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

// The parts of the configuration that come from the plan and the host.
proxy::Config ProxyConfig(const plan::LaunchPlan& plan) {
  proxy::Config config;
  config.allow = net::AllowList(plan.network.policy.allow, plan.network.policy.deny);
  config.pins = plan.network.policy.pins;
  config.host_answers = plan.network.test_host_answers;
  config.host_addresses = HostAddresses();
  std::string log = plan.audit_log, run = plan.run_id;
  config.audit = [log, run](nlohmann::json event) {
    if (log.empty()) return;
    if (!run.empty()) event["run"] = run;
    (void)AppendAuditEvent(log, event);
  };
  return config;
}

// The forwarders, with the real keys read from paddock's own environment
// now (they are in no plan, and the jail never had them).
Status AddForwards(const plan::LaunchPlan& plan, proxy::Config& config) {
  config.ca_file = plan.network.ca_file;
  for (const auto& f : plan.network.forwards) {
    const char* key = getenv(f.credential.key_env.c_str());
    if (!key || !*key) return Error{f.credential.key_env + " is no longer set"}.WithLayer("network");
    for (const char* c = key; *c; ++c)
      if (static_cast<unsigned char>(*c) < 0x20 || *c == 0x7f)
        return Error{f.credential.key_env + " holds a control character; it cannot go in an HTTP header"}.WithLayer(
            "network");
    proxy::Forward forward;
    forward.name = f.credential.name;
    forward.upstream_host = f.credential.upstream.host;
    forward.upstream_port = f.credential.upstream.port;
    forward.upstream_path = f.credential.upstream.path;
    forward.header = f.credential.header;
    forward.value = f.credential.value;
    forward.value.replace(forward.value.find("{key}"), 5, key);
    config.forwards.push_back(std::move(forward));
  }
  return Ok();
}

}  // namespace

Result<std::unique_ptr<JailNetwork>> ServeJailNetwork(const plan::LaunchPlan& plan, NetParent& parent) {
  auto network = std::make_unique<JailNetwork>();
  proxy::Config config = ProxyConfig(plan);
  if (auto st = AddForwards(plan, config); !st) return st.error();
  proxy::Sockets sockets;
  if (parent.channel.valid()) {
    auto received =
        ReceiveJailSockets(parent.channel.get(), plan.network.capture_ports.size(), plan.network.forwards.size());
    if (!received) return received.error();
    auto netlink = std::make_shared<UniqueFd>(std::move(received->netlink));
    config.jail_has_ipv6 = received->capture.size() == 2 * plan.network.capture_ports.size();
    config.route = [netlink](const net::IpAddress& a) -> Status {
      RouteSpec r;
      r.v6 = a.v6;
      memcpy(r.dst, a.bytes.data(), 16);
      r.prefix = a.v6 ? 128 : 32;
      if (int err = AddRoute(netlink->get(), r); err != 0) return SysError("route", net::FormatIp(a), err);
      return Ok();
    };
    sockets.dns_udp = received->dns_udp.release();
    sockets.dns_tcp = received->dns_tcp.release();
    sockets.proxy = received->proxy.release();
    for (auto& fd : received->capture) sockets.capture.push_back(fd.release());
    for (size_t i = 0; i < received->forward.size(); ++i)
      sockets.forward.push_back({received->forward[i].release(), i});
  }
  if (!parent.published.empty()) {
    auto factory = SocketFactory::Start(parent.user_ns, parent.net_ns);
    if (!factory) return Error{factory.error()}.WithLayer("network");
    network->factory = std::make_unique<SocketFactory>(std::move(*factory));
    SocketFactory* f = network->factory.get();
    config.jail_socket = [f](bool v6) -> Result<int> {
      auto fd = f->NewTcpSocket(v6);
      if (!fd) return fd.error();
      return fd->release();
    };
    for (size_t i = 0; i < parent.published.size(); ++i)
      sockets.publish.push_back({parent.published[i].release(), plan.network.publish[i].jail_port});
  }
  auto started = proxy::Proxy::Start(std::move(config), std::move(sockets));
  if (!started) return Error{started.error()}.WithLayer("network");
  network->proxy = std::move(*started);
  return network;
}

void ReportDenials(JailNetwork& network, bool quiet) {
  auto line = proxy::FormatDenials(network.proxy->Stop());
  if (!line.empty() && !quiet) std::fprintf(stderr, "paddock: %s\n", line.c_str());
}

}  // namespace paddock::jail
