// Host facts the hardening planners need: seccomp filter
// support, the text of the --seccomp-profile file, the nested git repositories of the project, and the answers to
// the protected-path planner's questions (kinds, small files, directory
// listings, canonical paths).
#pragma once

#include "base/error.h"
#include "jail/host_probe.h"
#include "plan/host_facts.h"
#include "policy/policy.h"

namespace paddock::jail {

// Reads only; `stale` placeholders are answered as missing.
Status ProbeHardening(const policy::Policy& policy, const StalePaths& stale, plan::HostFacts& host);

}  // namespace paddock::jail
