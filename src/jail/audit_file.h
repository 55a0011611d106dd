// The audit log file (docs/audit.md): audit::EventLine stamped with the
// clock and appended with one write(2) on an O_APPEND descriptor, so
// concurrent writers (one hook process per tool call, a run's supervisor and
// proxy) never interleave within a line. Rotated by size under a lock file.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "base/error.h"
#include "plan/launch_plan.h"

namespace paddock::jail {

// Appends `event` (plus "ts", now, when absent) to the log at `path`,
// creating it 0600 (its directory must exist). A line that would take
// the log past audit::kRotateBytes rotates it first (audit.log ->
// audit.log.1 -> audit.log.2), under flock on "<path>.lock".
Status AppendAuditEvent(const std::string& path, const nlohmann::json& event);

// paddock's default log outside a jail: <state dir>/audit.log, the state
// dir being $XDG_STATE_HOME/paddock or ~/.local/state/paddock (made 0700
// when missing).
Result<std::string> DefaultAuditLog();

// A fresh id for one run (16 hex digits from getrandom): every record of
// the run carries it as "run".
std::string NewRunId();

// Appends `event` with the run's id (plan.run_id) to the plan's log, if it
// has one; a failure is a warning on stderr, never the run's failure.
void RecordRunEvent(const plan::LaunchPlan& plan, nlohmann::json event);

}  // namespace paddock::jail
