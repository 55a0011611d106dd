// The audit log file: audit::EventLine stamped with the clock and appended
// with one write(2) on an O_APPEND descriptor, so concurrent writers (one
// hook process per tool call, a run's review) never interleave within a line.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "base/error.h"

namespace paddock::jail {

// Appends `event` (plus "ts", now, when absent) to the log at `path`,
// creating it 0600.
Status AppendAuditEvent(const std::string& path, const nlohmann::json& event);

}  // namespace paddock::jail
