// --overlay: the project through overlayfs, its changes kept in a per-run
// layer in paddock's state until `paddock apply` (docs/overlay.md).
#pragma once

#include "base/error.h"
#include "plan/host_facts.h"
#include "plan/launch_plan.h"
#include "policy/policy.h"

namespace paddock::plan {

// Turns the finished mount plan of `policy` into an overlay run: the
// project's bind becomes the overlay; everything else bound below the
// project is taken from the overlay's view, so no write reaches the real
// project; protected paths that do not exist get their mount points in the
// run's layer instead of placeholders on the host. After the protected
// paths, before Landlock.
Status PlanOverlay(const policy::Policy& policy, const HostFacts& host, LaunchPlan& plan);

}  // namespace paddock::plan
