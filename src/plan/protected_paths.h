// Protected paths: read-only inside the otherwise writable project, so the
// jailed command cannot leave traps that run later outside the jail (git
// hooks and config and what they name, agent and editor settings, files
// host tools run without being asked, paddock's own config).
//
// How each attack is closed:
// - write/truncate: a read-only bind of the path onto itself (EROFS);
// - rename/unlink/replace: a mount point cannot be renamed or removed (EBUSY);
// - hard link: link(2) across mounts fails (EXDEV);
// - symlink swap: a protected path that is a symlink is refused at start
//   (a link can be replaced; a bind would land on its target);
// - replacing a parent (mv .git .git2; mkdir .git): every existing directory
//   between the mount a path lives in and the path is bound onto itself
//   read-write, so it is a mount point and cannot be renamed either;
// - creating a path that does not exist yet: a placeholder is created on
//   the host before the run and bound read-only, then removed after the run
//   (src/jail/placeholders.cc; a crash leaves it for the next run's
//   cleanup). In the working tree a placeholder is always an empty
//   directory, which git and most tools ignore, so ordinary work (`git add
//   -A`) never picks it up; inside git dirs it has the kind git expects.
// Which git state is protected, and which git dirs outside the project are
// mounted at all, is decided by plan/git_dirs.h.
#pragma once

#include <string>
#include <vector>

#include "base/error.h"
#include "plan/host_facts.h"
#include "plan/host_view.h"
#include "plan/launch_plan.h"
#include "policy/policy.h"

namespace paddock::plan {

// Project-relative names protected by default; a trailing '/' marks a
// directory. `placeholder`: also kept from being created when missing
// (others are protected only while present; the end-of-run review reports
// one a run created at the root).
struct DefaultProtectedPath {
  const char* path;
  bool placeholder;
  const char* why;
};
const std::vector<DefaultProtectedPath>& DefaultProtectedPaths();

// What the planner needs to know about the host, given what HostFacts
// already holds. Empty once the facts are complete: probe until then.
HostQuestions ProtectedPathsProbe(const policy::Policy& policy, const HostFacts& host);

// Appends the protecting mounts (and the validated git dirs outside the
// project) to plan.mounts, after the project's bind, and fills
// plan.placeholders, plan.protected_paths, plan.review and warnings.
Status PlanProtectedPaths(const policy::Policy& policy, const HostFacts& host, LaunchPlan& plan);

}  // namespace paddock::plan
