// --net allow, the jail's side: in its own network namespace the child makes
// the sockets paddock serves from outside (the resolver on port 53, the proxy
// port, one listener per allowed port on every address), routes everything
// else to "prohibit" (connect fails at once with EACCES), and sends the
// sockets with a netlink socket of the namespace to the supervisor over a
// socket pair. The child closes its copies before the command exists, so no
// part of the proxy is in the jail (docs/network.md).
#pragma once

#include <netinet/in.h>

#include <cstdint>
#include <vector>

#include "base/error.h"
#include "jail/routes.h"
#include "jail/unique_fd.h"
#include "plan/launch_plan.h"

namespace paddock::jail {

struct ChildContext;
struct ChildError;

// Prepared by the parent before clone (the child only makes system calls).
struct NetSetup {
  bool enabled = false;
  int channel = -1;  // the child's end of the socket pair
  sockaddr_in resolver{};
  sockaddr_in proxy{};
  std::vector<uint16_t> ports;
  std::vector<sockaddr_in> forwards;  // credential forwarders on the jail's loopback
  std::vector<RouteSpec> routes;      // the prohibit defaults, then the allowed prefixes
};

// What the parent keeps: the channel's end (--net allow) and, for each
// --publish, a listener on the host's loopback, opened before clone so a
// port in use stops the run before anything exists.
struct NetParent {
  UniqueFd channel;
  std::vector<UniqueFd> published;  // one per plan.network.publish
  UniqueFd user_ns, net_ns;         // --publish: the jail's, for the socket factory
  bool active() const { return channel.valid() || !published.empty(); }
};
Result<NetParent> PrepareNetSetup(const plan::LaunchPlan& plan, NetSetup& setup);

// Stage "network".
bool SetUpFilteredNetwork(ChildContext& ctx, ChildError& error);

// What the supervisor serves, received after the command was exec'd.
struct JailNetSockets {
  UniqueFd netlink, dns_udp, dns_tcp, proxy;
  std::vector<UniqueFd> capture;  // listeners on the allowed ports (IPv4, then IPv6 where the kernel has it)
  std::vector<UniqueFd> forward;  // one per plan.network.forwards
};
Result<JailNetSockets> ReceiveJailSockets(int channel, size_t ports, size_t forwards);

}  // namespace paddock::jail
