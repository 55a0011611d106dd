// Audit events as JSON lines, shared by every component that records events.
// Pure: the caller reads the clock and appends the line to the log
// (jail/audit_file.h, one write(2) on an O_APPEND descriptor, so concurrent
// writers — one hook process per tool call — never interleave within a line).
#pragma once

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "base/error.h"

namespace paddock::audit {

// `event` (plus a "ts" field, `now` in RFC 3339 UTC, when absent) as one line
// ending in "\n". Invalid UTF-8 in a value is replaced, never an error: a
// command with odd bytes must still be recorded. Not an object: an error.
Result<std::string> EventLine(nlohmann::json event, std::chrono::system_clock::time_point now);

// Rotation by size: a line that would take the log past kRotateBytes first
// moves audit.log to audit.log.1 and audit.log.1 to audit.log.2 (the oldest,
// kKeptRotations of them are kept). An empty log is never rotated, so one
// huge line is still written.
inline constexpr uint64_t kRotateBytes = 8ull << 20;
inline constexpr int kKeptRotations = 2;
bool ShouldRotate(uint64_t size, uint64_t line_size, uint64_t max_bytes);
// "<path>.<n>" (n >= 1), or `path` itself for n == 0.
std::string RotatedName(const std::string& path, int n);

// `t` as RFC 3339 UTC with milliseconds, e.g. 2024-05-01T12:00:00.250Z.
std::string Rfc3339(std::chrono::system_clock::time_point t);

}  // namespace paddock::audit
