// Tighten-only: a project's .paddock.toml is written where the agent can
// write, so unless its exact content was trusted from outside the jail it
// may only make the policy stricter (docs/config.md). Pure.
#pragma once

#include <cstdint>

#include "base/error.h"
#include "config/config_file.h"
#include "policy/policy.h"

namespace paddock::config {

// What a limit is when no option sets it (plan/limits_plan.h).
struct LimitDefaults {
  uint64_t memory_bytes = 0;  // half of RAM
  uint64_t pids = 0;
};

// One problem per key of `file` that would loosen `base` (the policy of
// every layer below the file) into `with` (the same plus the file):
// "FILE:LINE:COL: KEY: loosens the policy (why); ...". Limits may go down,
// the network may close, paths may be protected and hosts denied; anything
// else a file adds (paths, hosts, environment, degraded layers, an agent
// preset...) loosens.
Problems Loosenings(const ConfigFile& file, const policy::Policy& base, const policy::Policy& with,
                    const LimitDefaults& defaults);

}  // namespace paddock::config
