// Host facts the hardening planners need: kernel release, seccomp filter
// support, the text of the --seccomp-profile file, the nested git repositories of the project, and the answers to
// the protected-path planner's questions (kinds, small files, directory
// listings, canonical paths). Then the test seams (plan::ApplyTestOverrides).
#pragma once

#include "base/error.h"
#include "plan/host_facts.h"
#include "policy/policy.h"

namespace paddock::jail {

Status ProbeHardening(const policy::Policy& policy, plan::HostFacts& host);

}  // namespace paddock::jail
