// --net allow, the supervisor's side: receives the sockets the child made in
// the jail's network namespace and serves them with the proxy (src/proxy)
// while the jail runs (docs/network.md).
#pragma once

#include <memory>
#include <string>

#include "base/error.h"
#include "jail/net_setup.h"
#include "jail/socket_factory.h"
#include "plan/launch_plan.h"
#include "proxy/proxy.h"

namespace paddock::jail {

// The proxy and, for --publish, the factory of sockets in the jail's
// namespace it connects through (destroyed after the proxy).
struct JailNetwork {
  std::unique_ptr<SocketFactory> factory;
  std::unique_ptr<proxy::Proxy> proxy;
  ~JailNetwork() { proxy.reset(); }
};

// After the command was exec'd, before any other thread. Decisions go to
// the plan's audit log.
Result<std::unique_ptr<JailNetwork>> ServeJailNetwork(const plan::LaunchPlan& plan, NetParent& parent);

// At the end of the run: stops the proxy, then "paddock: denied 3
// connections: ..." on stderr unless `quiet` (--quiet).
void ReportDenials(JailNetwork& network, bool quiet);

}  // namespace paddock::jail
