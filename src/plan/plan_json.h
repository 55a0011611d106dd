// The launch plan as JSON: what `paddock plan` prints and golden tests read.
#pragma once

#include <nlohmann/json.hpp>

#include "plan/launch_plan.h"

namespace paddock::plan {

nlohmann::json PlanToJson(const LaunchPlan& plan);
const char* MountTypeName(MountType type);

}  // namespace paddock::plan
