// Resource limits: which mechanism enforces each limit on this host (cgroup
// v2, cgroup v1, rlimits, paddock's own timer, the /tmp tmpfs), with the
// built-in defaults, and how a finished jail's usage is reported. Pure.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/error.h"
#include "plan/host_facts.h"
#include "plan/launch_plan.h"
#include "plan/limits_types.h"
#include "policy/policy.h"

namespace paddock::plan {

// Built-in defaults: a fork bomb or memory hog is contained with no flags.
inline constexpr uint64_t kDefaultPids = 4096;
inline constexpr uint64_t kDefaultNofile = 65536;
inline constexpr uint64_t kDefaultKillGraceMs = 5000;  // SIGTERM -> SIGKILL after a timeout
inline constexpr uint64_t kCpuPeriodUsec = 100000;     // cpu.max / cfs_period_us
// Default memory: half of RAM (only through a cgroup; see PlanLimits).
uint64_t DefaultMemoryBytes(const HostFacts& host);

// Fills plan.limits from the policy's limits, the defaults and the host's
// cgroup facts. Explicit limits no mechanism can enforce are refused unless
// the "cgroup" layer may degrade; rlimit fallbacks are accepted but recorded
// as weaker in plan.limits.warnings. Reads plan.namespaces.user (set first).
Status PlanLimits(const policy::Policy& policy, const HostFacts& host, LaunchPlan& plan);

// "cgroup-v2", "cgroup-v1", "rlimit", "paddock", "tmpfs", "none".
const char* MechanismName(LimitMechanism m);

// The "limits" object of `paddock plan`.
nlohmann::json LimitsToJson(const LimitsPlan& limits);

// A limit the run hit: "memory", "pids" or "timeout", and what happened
// ("2 processes killed by the 64 MiB limit").
struct LimitHit {
  std::string limit;
  std::string detail;
};
std::vector<LimitHit> LimitHits(const RunStats& stats, const LimitsPlan& limits);

// The exit record: usage and the limit that was hit, as JSON (audit log)
// and as the lines --stats prints on stderr (without the "paddock: " prefix).
nlohmann::json StatsToJson(const RunStats& stats, const LimitsPlan& limits);
std::string FormatStats(const RunStats& stats, const LimitsPlan& limits);

// "64 MiB", "1.5 GiB", "512 B": for messages.
std::string HumanBytes(uint64_t bytes);
// "2s", "1h30m", "250ms".
std::string HumanDuration(uint64_t ms);

}  // namespace paddock::plan
