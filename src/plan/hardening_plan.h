// The kernel hardening layers of a plan: seccomp (built-in or a Docker/OCI
// profile file), Landlock derived from the mounts, protected project paths,
// and the fail-closed decision for each layer the host cannot apply.
//
// Fail closed, degrade by name: a layer this host cannot apply stops the
// run with the layer, the reason and the fix, unless the user passed
// `--degrade LAYER`; plan.layers records what is enforced.
#pragma once

#include <string>

#include "base/error.h"
#include "plan/host_facts.h"
#include "plan/launch_plan.h"
#include "policy/policy.h"

namespace paddock::plan {

// Called at the end of BuildPlan, after the mounts are planned.
Status ApplyHardening(const policy::Policy& policy, const HostFacts& host, LaunchPlan& plan);

// A layer `available` on this host is recorded as enforced. One that is not
// is refused with "cannot apply layer L: <reason>; <fix>, or pass --degrade L
// ..." unless plan.degrade names it; then it is recorded as degraded and the
// caller turns it off.
Status RequireLayer(const std::string& layer, bool available, const std::string& reason, const std::string& fix,
                    const std::string& detail, LaunchPlan& plan);

// Applies the active test seams (HostFacts::test_seams, set only by a test
// build) to the facts, so everything downstream sees a host without the
// feature and the real refusal paths run. They only remove protections.
void ApplyTestSeams(HostFacts& host);

}  // namespace paddock::plan
