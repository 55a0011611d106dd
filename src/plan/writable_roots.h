// Host directories the jail can write (the project, the jail home, shared
// directories): below them the agent can swap a directory for a symlink at
// any time, so the host-side paddock opens what it uses there (mount
// sources, placeholders) without following one (jail/mount_point.h).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "plan/launch_plan.h"

namespace paddock::plan {

// The host sources of the plan's writable binds.
std::vector<std::string> WritableRoots(const LaunchPlan& plan);
// The deepest of `roots` strictly above `path`; "" when none is.
std::string RootAbove(const std::vector<std::string>& roots, std::string_view path);

}  // namespace paddock::plan
