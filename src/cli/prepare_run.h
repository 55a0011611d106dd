// The shared front of `paddock run`, `plan` and `check`: argv -> Policy ->
// HostFacts -> LaunchPlan, printing every problem. Split in two so `check`
// can add its probe to the policy before the plan is built.
#pragma once

#include <string>
#include <vector>

#include "plan/launch_plan.h"
#include "policy/cli_options.h"

namespace paddock::cli {

// argv[1..] -> the parsed options (presets applied). Returns false to exit
// with `exit_code`: --help was printed (0), a usage error (2) or a missing
// agent program (127).
bool ParseRun(const std::string& name, const std::vector<std::string>& args, policy::ParsedRun& out, int& exit_code);

// The parsed options -> the plan: reports the options' problems and what the
// host says of their paths all at once. Returns false to exit with `exit_code`.
bool PlanRun(const std::string& name, policy::ParsedRun& parsed, plan::LaunchPlan& out, int& exit_code);

// Before the jail starts, on stderr: the plan's warnings (unless --quiet)
// and, with --verbose, what the jail is made of (profile, homes, layers).
void PrintPlanNotes(const plan::LaunchPlan& plan);

// ParseRun then PlanRun.
bool Prepare(const std::string& name, int argc, char** argv, plan::LaunchPlan& out, int& exit_code);

}  // namespace paddock::cli
