// `paddock run --overlay`: the run's side of the store of pending runs
// (overlay/run_store.h, docs/overlay.md).
#pragma once

#include "base/error.h"
#include "plan/launch_plan.h"

namespace paddock::cli {

// Creates the run's layer and its record (run.json) before the jail mounts
// them; nothing without --overlay.
Status StartOverlayRun(const plan::LaunchPlan& plan);

// After the run: one that never started (`status` is an error) leaves
// nothing; one that ran is marked ended and waits for review, which the
// user is told how to do.
void EndOverlayRun(const plan::LaunchPlan& plan, const Result<int>& status);

// Removes the run's layer: a run whose writes no one reviews (`paddock check`).
void DropOverlayRun(const plan::LaunchPlan& plan);

}  // namespace paddock::cli
