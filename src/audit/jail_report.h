// Records the jail reports about itself: `paddock hook` running inside the
// jail (as Claude Code's hook) cannot reach the host's audit log, which the
// jail never sees, so it writes to the jail home's own state dir; after the
// run paddock moves what it finds there into the host's log. The jail could
// have written anything there, so only hook decisions of a known shape are
// taken, bounded, and marked "reported_by": "jail" (docs/audit.md). Pure.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

namespace paddock::audit {

// Longest line taken; a hook record truncates its command at 4 KiB.
inline constexpr size_t kMaxJailReportLine = 16 * 1024;

// One line of the jail's file as the record to append, or nothing when it is
// not a hook decision paddock could have written: not a JSON object, another
// event, unknown keys, values of the wrong type, too long. The jail's "ts"
// is kept as "reported_ts" (the host stamps its own); "run" and
// "reported_by" cannot be forged.
std::optional<nlohmann::json> JailReport(std::string_view line);

// Whether a taken record is a denial (for the end-of-run summary).
bool IsDenial(const nlohmann::json& record);

}  // namespace paddock::audit
