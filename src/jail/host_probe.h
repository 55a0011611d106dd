// Gathers HostFacts (ids, home, paths, kernel features) and resolves the
// policy's paths on this host. Touches the filesystem, never mounts.
#pragma once

#include "base/error.h"
#include "plan/host_facts.h"
#include "policy/policy.h"

namespace paddock::jail {

// What is at `path` (a symlink is not followed).
plan::PathInfo LstatPath(const std::string& path);

// The invoker's real home (canonical) and working directory.
Result<std::string> RealHome();
Result<std::string> CurrentDir();

// Makes the policy's paths canonical (symlinks resolved), so that what is
// planned is what gets mounted. A missing path is an error naming it.
Status ResolvePolicyPaths(policy::Policy& policy);

Result<plan::HostFacts> GatherHostFacts(const policy::Policy& policy);

}  // namespace paddock::jail
