// `paddock run` and `paddock plan`: argv -> Policy -> HostFacts -> LaunchPlan
// -> (print | run).
#include "jail/run.h"

#include <unistd.h>

#include <cstdio>

#include "base/strings.h"
#include "cli/command.h"
#include "cli/overlay_run.h"
#include "cli/prepare_run.h"
#include "jail/audit_file.h"
#include "jail/host_probe.h"
#include "jail/jail_reports.h"
#include "jail/review_probe.h"
#include "plan/plan_json.h"

namespace paddock::cli {
namespace {

// Tells the user (and the audit log) what the run left in git state that
// hides work from review or runs code on the host later.
void ReportReview(const plan::LaunchPlan& plan, const review::Snapshot& before) {
  review::Snapshot after = jail::TakeReviewSnapshot(plan.review, &before);
  constexpr size_t kShown = 20;  // all of them go to the audit log
  // Those that run code first, every kind shown: decoys cannot push the one
  // that matters past kShown. Details name what the run made: escaped.
  auto findings = review::ForDisplay(review::Compare(before, after, plan.review.project), kShown);
  if (findings.empty()) return;
  PrintError("review: this run left what hides work from review or runs code on the host later:");
  for (size_t i = 0; i < findings.size(); ++i) {
    const auto& f = findings[i];
    if (i < kShown) PrintError("review:   " + TerminalSafe(f.detail));
    if (i == kShown)
      PrintError("review:   ... and " + std::to_string(findings.size() - kShown) + " more (" +
                 review::KindCounts(findings, kShown) + ")" +
                 (plan.audit_log.empty() ? "" : ": paddock log --run " + plan.run_id.substr(0, 8)));
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
  PrintPlanNotes(plan);
  jail::RemoveStalePlaceholders(plan);
  if (auto st = StartOverlayRun(plan); !st) {
    PrintError(st.error());
    return kExitPaddockError;
  }
  review::Snapshot before = jail::TakeReviewSnapshot(plan.review, nullptr);
  auto status = jail::RunJail(plan);
  ReportReview(plan, before);
  EndOverlayRun(plan, status);
  auto reports = jail::CollectJailReports(plan);
  if (reports.denials && plan.verbosity != policy::Verbosity::kQuiet && isatty(STDERR_FILENO))
    PrintError("the hook denied " + std::to_string(reports.denials) + " tool call" + (reports.denials == 1 ? "" : "s") +
               " (paddock log --run " + plan.run_id.substr(0, 8) + ")");
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

CommandRegistrar run_command({"run", "run a command (default: a shell) jailed in the current project", &RunMain, false,
                              nullptr, true});
CommandRegistrar plan_command({"plan", "print the launch plan as JSON; run nothing", &PlanMain, false, nullptr, true});

}  // namespace
}  // namespace paddock::cli
