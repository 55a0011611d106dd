// Host facts the hardening planners need: kernel release, seccomp filter
// support, the kinds of protected paths (and their parents) and small git
// pointer files. Then the test seams (plan::ApplyTestOverrides).
#pragma once

#include "plan/host_facts.h"
#include "policy/policy.h"

namespace paddock::jail {

void ProbeHardening(const policy::Policy& policy, plan::HostFacts& host);

}  // namespace paddock::jail
