// The hardening parts of `paddock plan`: layers, seccomp, Landlock, protected paths.
#pragma once

#include <nlohmann/json.hpp>

#include "plan/launch_plan.h"

namespace paddock::plan {

// Adds "layers", "seccomp" (replaced: with architectures and the rules),
// "landlock", "protected_paths", "placeholders" and "warnings" to `j`.
void AddHardeningJson(const LaunchPlan& plan, nlohmann::json& j);

}  // namespace paddock::plan
