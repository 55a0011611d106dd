// Writes the jail's id maps from the parent, while the child waits on the
// sync channel. Rootless: "deny" to setgroups first, or gid_map is refused.
#pragma once

#include <sys/types.h>

#include <string>

#include "base/error.h"
#include "plan/launch_plan.h"

namespace paddock::jail {

Status WriteIdMaps(pid_t child, const plan::LaunchPlan& plan);

// Writes `content` to /proc/<pid>/<name> in one write (id maps, setgroups).
Status WriteProcFile(pid_t pid, const char* name, const std::string& content);

}  // namespace paddock::jail
