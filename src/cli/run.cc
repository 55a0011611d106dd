// `paddock run` and `paddock plan`: argv -> Policy -> HostFacts -> LaunchPlan
// -> (print | run).
#include "jail/run.h"

#include <cstdio>

#include "cli/agent_program.h"
#include "cli/command.h"
#include "cli/preset_run.h"
#include "jail/audit_file.h"
#include "jail/host_probe.h"
#include "jail/review_probe.h"
#include "plan/build_plan.h"
#include "plan/plan_json.h"
#include "policy/cli_options.h"

namespace paddock::cli {
namespace {

// Parses argv and builds the plan; prints errors. Returns false to exit.
bool Prepare(const std::string& name, int argc, char** argv, plan::LaunchPlan& out, int& exit_code) {
  auto fail = [&](const Error& e) {
    PrintError(e);
    exit_code = kExitPaddockError;
    return false;
  };
  auto cwd = jail::CurrentDir();
  if (!cwd) return fail(cwd.error());
  auto home = jail::RealHome();
  if (!home) return fail(home.error());
  auto parsed = ParseWithPreset(name, std::vector<std::string>(argv + 1, argv + argc), *cwd, *home);
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
  policy::Policy& policy = parsed->policy;
  // Every problem at once: the values, then what the host says of the paths.
  // Any bad value makes it a usage error (2); paths alone are paddock's (125).
  Problems problems = parsed->problems;
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
  auto host = jail::GatherHostFacts(policy);
  if (!host) return fail(host.error());
  auto plan = plan::BuildPlan(policy, *host);
  if (!plan) return fail(plan.error());
  out = std::move(*plan);
  return true;
}

// Tells the user (and the audit log) what the run left in git state that
// hides work from review or runs code on the host later.
void ReportReview(const plan::LaunchPlan& plan, const review::Snapshot& before) {
  review::Snapshot after = jail::TakeReviewSnapshot(plan.review, nullptr, &before);
  auto findings = review::Compare(before, after, plan.review.project);
  if (findings.empty()) return;
  PrintError("review: this run changed git state that hides work from review or runs code on the host later:");
  constexpr size_t kShown = 20;  // all of them go to the audit log
  for (size_t i = 0; i < findings.size(); ++i) {
    const auto& f = findings[i];
    if (i < kShown) PrintError("review:   " + f.detail);
    if (i == kShown) PrintError("review:   ... and " + std::to_string(findings.size() - kShown) + " more");
    jail::RecordRunEvent(plan, {{"event", "review"},
                                {"kind", f.kind},
                                {"path", f.path},
                                {"detail", f.detail},
                                {"project", plan.review.project}});
  }
}

int RunMain(int argc, char** argv) {
  plan::LaunchPlan plan;
  int code = 0;
  if (!Prepare("run", argc, argv, plan, code)) return code;
  plan.run_id = jail::NewRunId();
  for (const auto& w : plan.hardening_warnings) PrintError("warning: " + w);
  jail::RemoveStalePlaceholders(plan);
  review::Snapshot before = jail::TakeReviewSnapshot(plan.review, &plan.review.known_git_entries, nullptr);
  auto status = jail::RunJail(plan);
  ReportReview(plan, before);
  if (!status) {
    PrintError(status.error());
    return kExitPaddockError;
  }
  return *status;
}

int PlanMain(int argc, char** argv) {
  plan::LaunchPlan plan;
  int code = 0;
  if (!Prepare("plan", argc, argv, plan, code)) return code;
  std::printf("%s\n", plan::PlanToJson(plan).dump(2).c_str());
  return 0;
}

CommandRegistrar run_command({"run", "Run a command (default: a shell) jailed in the current project", &RunMain});
CommandRegistrar plan_command({"plan", "Print the launch plan as JSON; run nothing", &PlanMain});

}  // namespace
}  // namespace paddock::cli
