// BuildPlan: Policy + HostFacts -> LaunchPlan. Pure: every path, id map line,
// mount, env entry and argv is decided here, before anything is cloned.
#pragma once

#include "base/error.h"
#include "plan/host_facts.h"
#include "plan/launch_plan.h"
#include "policy/policy.h"

namespace paddock::plan {

Result<LaunchPlan> BuildPlan(const policy::Policy& policy, const HostFacts& host);

// The persistent jail home of a project: <state_dir>/homes/<name>-<hash>.
std::string JailHomeFor(const std::string& state_dir, const std::string& project_dir);

// Identity: who the command is inside and on the host, and the id maps.
Status PlanIdentity(const policy::Policy& policy, const HostFacts& host, LaunchPlan& plan);

// The filesystem view, in mount order.
Status PlanMounts(const policy::Policy& policy, const HostFacts& host, LaunchPlan& plan);

}  // namespace paddock::plan
