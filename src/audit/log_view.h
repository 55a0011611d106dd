// `paddock log`: the audit log's lines filtered and shown one per event.
// Pure: the CLI reads the files, the clock and the terminal.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "base/error.h"

namespace paddock::audit {

using TimePoint = std::chrono::system_clock::time_point;

// An RFC 3339 timestamp: "2024-05-01T12:00:00Z", with optional fraction and
// a "Z" or "+HH:MM"/"-HH:MM" offset ("t" and "z" and a space for "T" too).
Result<TimePoint> ParseRfc3339(std::string_view text);

// --since WHEN: a duration back from `now` ("10m", "2h", "1d", as
// policy::ParseDurationMs reads them) or an RFC 3339 timestamp.
Result<TimePoint> ParseSince(std::string_view text, TimePoint now);

// Which events `paddock log` shows. --run matches a prefix of the id.
// --since: the log is written in time order, so a line whose time cannot be
// read (malformed, or without "ts") stands where it was written: it goes
// with the dated line before it, and is kept when there is none.
struct LogFilter {
  std::optional<TimePoint> since;
  std::string run;
};

// What Matches remembers from line to line, across the rotated files too.
struct LogCursor {
  bool last_dated_kept = true;
};

// One line of the log, parsed: `event` is null when the line is not a JSON
// object (shown as malformed, never an error).
struct LogEntry {
  std::string raw;  // without the newline
  nlohmann::json event;
  bool malformed() const { return !event.is_object(); }
};
LogEntry ParseLogLine(std::string_view line);

bool Matches(const LogEntry& entry, const LogFilter& filter, LogCursor& cursor);

// Readable form: "2024-05-01 12:00:00  3f9a1c2b  network   deny example.com:443 (not allowed)".
// `denial` says whether the event is something the user should notice (a
// denied connection or tool call, a limit hit, a failed run), for colour.
struct ShownEntry {
  std::string text;
  bool denial = false;
};
ShownEntry ShowEntry(const LogEntry& entry);

}  // namespace paddock::audit
