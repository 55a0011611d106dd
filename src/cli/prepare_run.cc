#include "cli/prepare_run.h"

#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>

#include "changes/pending_run.h"
#include "cli/agent_program.h"
#include "cli/command.h"
#include "cli/preset_run.h"
#include "jail/host_probe.h"
#include "overlay/stack.h"
#include "plan/build_plan.h"

namespace paddock::cli {
namespace {

// The time it starts and 16 random bits: ids sort by time, two runs started
// in the same second differ.
std::string NewOverlayRunId() {
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  uint16_t random = 0;
  if (getrandom(&random, sizeof random, GRND_NONBLOCK) != sizeof random) random = static_cast<uint16_t>(getpid());
  return changes::NewRunId(static_cast<int64_t>(now.tv_sec) * 1000000000 + now.tv_nsec, random);
}

}  // namespace

bool ParseRun(const std::string& name, const std::vector<std::string>& args, policy::ParsedRun& out, int& exit_code) {
  auto cwd = jail::CurrentDir();
  auto home = cwd ? jail::RealHome() : Result<std::string>(cwd.error());
  if (!home) {
    PrintError(home.error());
    exit_code = kExitPaddockError;
    return false;
  }
  std::vector<std::string> all = LeadingOptions();
  all.insert(all.end(), args.begin(), args.end());
  auto parsed = ParseWithPreset(name, all, *cwd, *home);
  if (!parsed && parsed.error().layer == kAgentLayer) {
    PrintError(parsed.error());
    exit_code = 127;
    return false;
  }
  if (!parsed) {
    exit_code = UsageError(name, parsed.error().message);
    return false;
  }
  if (parsed->help) {
    std::fputs(parsed->help_text.c_str(), stdout);
    exit_code = 0;
    return false;
  }
  out = std::move(*parsed);
  return true;
}

namespace {

// --overlay-on RUN: the run it continues and that run's own bases, each
// checked (overlay/stack.h) before anything is made.
Result<std::vector<std::string>> ResolveOverlayBases(const policy::Policy& policy, const plan::HostFacts& host) {
  if (host.state_dir.empty())
    return OpError("continue", "run " + policy.overlay_on, "there is no state directory for the run's layer");
  std::string runs_dir = plan::OverlayRunsFor(host.state_dir, policy.project_dir);
  auto chain = overlay::ResolveOverlayOn(runs_dir, policy.overlay_on, policy.project_dir);
  if (!chain) return chain.error();
  std::vector<std::string> ids;
  for (const auto& run : *chain) ids.push_back(run.run.id);
  return ids;
}

}  // namespace

bool PlanRun(const std::string& name, policy::ParsedRun& parsed, plan::LaunchPlan& out, int& exit_code) {
  policy::Policy& policy = parsed.policy;
  // Every problem at once: the values, then what the host says of the paths.
  // Any bad value makes it a usage error (2); paths alone are paddock's (125).
  Problems problems = parsed.problems;
  bool usage = !problems.empty();
  // Before paddock opens anything of its own (jail/host_probe.h).
  if (name == "run") {
    if (auto st = jail::CheckPassedFds(policy.pass_fds); !st) problems.push_back(st.error());
  }
  for (auto& p : jail::ResolvePolicyPaths(policy)) problems.push_back(std::move(p));
  if (!problems.empty()) {
    for (const auto& p : problems) PrintError(p);
    if (usage) std::fprintf(stderr, "Run 'paddock %s --help' for usage.\n", name.c_str());
    exit_code = usage ? kExitUsage : kExitPaddockError;
    return false;
  }
  auto fail = [&](const Error& e) {
    PrintError(e);
    exit_code = kExitPaddockError;
    return false;
  };
  auto host = jail::GatherHostFacts(policy);
  if (!host) return fail(host.error());
  if (policy.overlay) host->overlay_run_id = NewOverlayRunId();
  if (!policy.overlay_on.empty()) {
    auto bases = ResolveOverlayBases(policy, *host);
    if (!bases) return fail(bases.error());
    host->overlay_bases = std::move(*bases);
  }
  auto plan = plan::BuildPlan(policy, *host);
  if (!plan) return fail(plan.error());
  out = std::move(*plan);
  return true;
}

void PrintPlanNotes(const plan::LaunchPlan& plan) {
  if (plan.verbosity == policy::Verbosity::kQuiet) return;
  for (const auto& w : plan.hardening_warnings) PrintError("warning: " + w);
  if (plan.verbosity != policy::Verbosity::kVerbose) return;
  PrintError("profile " + (plan.profile.empty() ? std::string("default") : plan.profile) + ", project " +
             plan.review.project + ", jail home " + plan.jail_home_host);
  for (const auto& l : plan.layers)
    PrintError("layer " + l.layer + ": " + (l.enforced ? "enforced" : "NOT enforced") +
               (l.detail.empty() ? "" : " (" + l.detail + ")"));
}

bool Prepare(const std::string& name, int argc, char** argv, plan::LaunchPlan& out, int& exit_code) {
  policy::ParsedRun parsed;
  return ParseRun(name, std::vector<std::string>(argv + 1, argv + argc), parsed, exit_code) &&
         PlanRun(name, parsed, out, exit_code);
}

}  // namespace paddock::cli
