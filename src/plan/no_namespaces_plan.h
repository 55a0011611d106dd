// The plan for a host that refuses user namespaces (`--degrade userns`):
// no namespace at all, so no mounts. What still holds is rebuilt over the
// host's own paths: Landlock grants the same allow-list the mounts would
// have shown (system directories read-only; the project, the jail home and
// a temp dir inside it read-write; a few device nodes), seccomp is the
// network wall (no sockets with --net none, never a Unix-domain socket, which
// Landlock does not govern and which reaches the user's systemd and D-Bus),
// and Landlock's scopes keep signals in (ABI 6).
#pragma once

#include "base/error.h"
#include "plan/host_facts.h"
#include "plan/launch_plan.h"
#include "policy/policy.h"

namespace paddock::plan {

// The temp dir of a run without a mount namespace, inside the jail home
// (which is where HOME points then): TMPDIR.
inline constexpr const char* kNoNamespacesTmp = ".tmp";

// Called by ApplyHardening instead of PlanLandlock when the host has no user
// namespaces and the user allowed degrading them: turns the finished mount
// plan into Landlock rules over host paths, then removes the mounts,
// namespaces and placeholders, and refuses what cannot work without them
// (root, --net allow, --publish, files added to /etc, a custom seccomp
// profile, a missing Landlock or seccomp).
Status PlanWithoutNamespaces(const policy::Policy& policy, const HostFacts& host, LaunchPlan& plan);

}  // namespace paddock::plan
