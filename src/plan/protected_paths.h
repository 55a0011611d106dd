// Protected paths: read-only inside the otherwise writable project, so the
// jailed command cannot leave traps that run later outside the jail (git
// hooks and config, agent and editor settings, shell rc files, paddock's own
// config).
//
// How each attack is closed:
// - write/truncate: a read-only bind of the path onto itself (EROFS);
// - rename/unlink/replace: a mount point cannot be renamed or removed (EBUSY);
// - hard link: link(2) across mounts fails (EXDEV);
// - symlink swap: a protected path that is a symlink is refused at start
//   (a link can be replaced; a bind would land on its target);
// - replacing a parent (mv .git .git2; mkdir .git): every existing directory
//   between the project root and a protected path is bound onto itself
//   read-write, so it is a mount point and cannot be renamed either;
// - creating a path that does not exist yet: an empty placeholder is created
//   on the host before the run and bound read-only, then removed after the
//   run (src/jail/placeholders.cc; a crash leaves it for the next run's
//   cleanup).
// Git worktrees and submodule-style .git files: the .git file is protected
// and the hooks and config of the repository it points to; a gitdir outside
// the project is bound read-write (commits need its objects and refs).
#pragma once

#include <string>
#include <vector>

#include "base/error.h"
#include "plan/host_facts.h"
#include "plan/launch_plan.h"
#include "policy/policy.h"

namespace paddock::plan {

// Project-relative; a trailing '/' marks a directory.
const std::vector<std::string>& DefaultProtectedPaths();

// What the planner needs from the host: paths to lstat into HostFacts.paths
// and small files to read into HostFacts.file_contents. The answer depends on
// earlier answers (a .git file names its gitdir): probe until it stops growing.
struct ProtectedProbe {
  std::vector<std::string> stat;
  std::vector<std::string> read;
};
ProtectedProbe ProtectedPathsProbe(const policy::Policy& policy, const HostFacts& host);

// Appends the protecting mounts to plan.mounts (after the project's bind) and
// fills plan.placeholders, plan.protected_paths and warnings.
Status PlanProtectedPaths(const policy::Policy& policy, const HostFacts& host, LaunchPlan& plan);

}  // namespace paddock::plan
