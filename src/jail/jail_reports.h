// After a run: the hook decisions the jail wrote to its jail home's state
// dir (audit/jail_report.h) moved into the host's audit log with the run's
// id. Read without following links the jail could have planted, bounded in
// size, and removed once taken, so the next run does not take them again.
#pragma once

#include <cstddef>
#include <string>

#include "plan/launch_plan.h"

namespace paddock::jail {

struct JailReports {
  size_t taken = 0;    // records appended to the host's log
  size_t denials = 0;  // of those, denials
  size_t dropped = 0;  // lines that were not hook decisions paddock writes
};

JailReports CollectJailReports(const plan::LaunchPlan& plan);

}  // namespace paddock::jail
