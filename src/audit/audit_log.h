// Append-only JSON-lines audit sink, shared by every component that records
// events. One event = one write(2) on an O_APPEND descriptor, so concurrent
// writers (one hook process per tool call) never interleave within a line.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "base/error.h"

namespace paddock::audit {

// Appends `event` (plus a "ts" field in RFC 3339 UTC when absent) as one line.
Status AppendEvent(const std::string& path, nlohmann::json event);

// Current time as RFC 3339 UTC with milliseconds.
std::string NowRfc3339();

}  // namespace paddock::audit
