// Audit events as JSON lines, shared by every component that records events.
// Pure: the caller reads the clock and appends the line to the log
// (jail/audit_file.h, one write(2) on an O_APPEND descriptor, so concurrent
// writers — one hook process per tool call — never interleave within a line).
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "base/error.h"

namespace paddock::audit {

// `event` (plus a "ts" field, `now` in RFC 3339 UTC, when absent) as one line
// ending in "\n". Invalid UTF-8 in a value is replaced, never an error: a
// command with odd bytes must still be recorded. Not an object: an error.
Result<std::string> EventLine(nlohmann::json event, std::chrono::system_clock::time_point now);

// `t` as RFC 3339 UTC with milliseconds, e.g. 2024-05-01T12:00:00.250Z.
std::string Rfc3339(std::chrono::system_clock::time_point t);

}  // namespace paddock::audit
