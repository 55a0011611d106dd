// The parent's timeline: prepare -> clone into new namespaces -> id maps ->
// release the child -> wait for exec or a setup error -> relay signals ->
// return the command's status. Nothing is left behind: mounts live in the
// jail's namespace, which dies with its pid 1, and pid 1 dies with paddock.
#pragma once

#include "base/error.h"
#include "plan/launch_plan.h"

namespace paddock::jail {

// The run's first step, before the review's snapshot and RunJail: the
// writes planning leaves to the run (the host probe only reads). Removes the
// placeholders a crashed run left (plan.stale_placeholders), unless another
// run holds them by now.
void RemoveStalePlaceholders(const plan::LaunchPlan& plan);

// The command's exit status, or an Error if the jail could not be set up.
// An exec failure is reported on stderr and returns 127 (not found) or 126.
Result<int> RunJail(const plan::LaunchPlan& plan);

}  // namespace paddock::jail
