// Parsing of the units users type for resource limits: sizes (--memory,
// --tmp-size), durations (--timeout) and CPU counts (--cpus). Pure; every
// error names the flag value and says what was expected.
#pragma once

#include <cstdint>
#include <string_view>

#include "base/error.h"

namespace paddock::policy {

// A size in bytes, > 0. A number with an optional fraction and an optional
// unit: b, k, m, g, t, p (any case, optionally followed by "b" or "ib").
// Every unit is binary (k = 1024), as in docker/podman, so "512m", "512MB"
// and "512MiB" are the same; a fraction is allowed with a unit ("1.5g") and
// the result is rounded down to whole bytes. Examples: "1024", "64KiB",
// "512m", "1.5G".
Result<uint64_t> ParseSize(std::string_view text);

// A wall-clock duration in milliseconds, > 0. A plain number is seconds
// ("30", "2.5"); otherwise one or more number+unit parts with units ms, s,
// m, h, d: "250ms", "30s", "5m", "1h30m", "1.5h".
Result<uint64_t> ParseDurationMs(std::string_view text);

// A CPU count (fractional, like `podman run --cpus=1.5`): a plain decimal
// number in [kMinCpus, kMaxCpus].
inline constexpr double kMinCpus = 0.01;  // cpu.max/cfs_quota need >= 1 ms per 100 ms
inline constexpr double kMaxCpus = 4096;
Result<double> ParseCpus(std::string_view text);

}  // namespace paddock::policy
