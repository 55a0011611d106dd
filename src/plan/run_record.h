// The audit records of one run (docs/audit.md): what was started and how it
// was jailed, the limits it hit, how it ended. Pure: the supervisor adds the
// run id and the time and appends them (jail/audit_file.h).
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "plan/launch_plan.h"
#include "plan/limits_types.h"

namespace paddock::plan {

// "run-start": argv, project, profile, preset, network mode, each layer
// with how it is enforced, the limits with their mechanisms, the warnings.
nlohmann::json RunStartRecord(const LaunchPlan& plan);

// One "limit" record per limit the run hit (memory, pids, timeout).
std::vector<nlohmann::json> LimitRecords(const RunStats& stats, const LimitsPlan& limits);

// "exit": the status (128+N for signal N), duration, peak memory, and the
// whole --stats record.
nlohmann::json ExitRecord(int status, const RunStats& stats, const LimitsPlan& limits);

}  // namespace paddock::plan
