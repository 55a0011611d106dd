// --net allow, the supervisor's side: receives the sockets the child made in
// the jail's network namespace and serves them with the proxy (src/proxy)
// while the jail runs (docs/network.md).
#pragma once

#include <memory>
#include <string>

#include "base/error.h"
#include "plan/launch_plan.h"
#include "proxy/proxy.h"

namespace paddock::jail {

// `channel`: the parent's end from PrepareNetSetup. Decisions go to the
// plan's audit log.
Result<std::unique_ptr<proxy::Proxy>> ServeJailNetwork(const plan::LaunchPlan& plan, int channel);

// At the end of the run: "paddock: denied 3 connections: ..." on stderr.
void ReportDenials(proxy::Proxy& proxy);

}  // namespace paddock::jail
