#include "cli/overlay_run.h"

#include <unistd.h>

#include <algorithm>

#include "cli/command.h"
#include "overlay/file_clock.h"
#include "overlay/git_refs.h"
#include "overlay/run_store.h"

namespace paddock::cli {
namespace {

// Where the runs live: the run directory's parent.
std::string RunsDir(const plan::LaunchPlan& plan) {
  return plan.overlay.run_dir.substr(0, plan.overlay.run_dir.rfind('/'));
}

// --protect-branch, else HEAD's and the tracked branches; a stacked run also
// keeps what its bases protect: they chose from the project as it was when
// they started (the host may be on another branch now), and the stack is
// applied as one history.

std::vector<std::string> ProtectedBranches(const plan::LaunchPlan& plan) {
  std::vector<std::string> out = plan.overlay.protected_branches.empty() ? overlay::DefaultProtectedBranches(plan.cwd)
                                                                         : plan.overlay.protected_branches;
  std::string runs_dir = RunsDir(plan);
  for (const auto& base : plan.overlay.bases)
    for (auto& branch : overlay::LoadRun(runs_dir + "/" + base).run.protected_branches)
      if (std::find(out.begin(), out.end(), branch) == out.end()) out.push_back(std::move(branch));
  return out;
}

}  // namespace

Status StartOverlayRun(const plan::LaunchPlan& plan) {
  if (!plan.overlay.enabled) return Ok();
  changes::PendingRun run;
  run.id = plan.overlay.run_id;
  run.project = plan.cwd;
  run.started_ns = overlay::FileClockNow(RunsDir(plan));
  run.pid = getpid();
  run.argv = plan.argv;
  run.placeholders = plan.overlay.placeholders;
  run.protected_paths = plan.overlay.protected_paths;
  run.protected_branches = ProtectedBranches(plan);
  if (!plan.overlay.bases.empty()) run.base = plan.overlay.bases.front();
  return overlay::CreateRun(plan.overlay.run_dir, run);
}

void DropOverlayRun(const plan::LaunchPlan& plan) {
  if (!plan.overlay.enabled) return;
  if (auto st = overlay::RemoveRun(plan.overlay.run_dir); !st) PrintError(st.error());
}

void EndOverlayRun(const plan::LaunchPlan& plan, const Result<int>& status) {
  if (!plan.overlay.enabled) return;
  if (!status) return DropOverlayRun(plan);
  if (auto st = overlay::FinishRun(plan.overlay.run_dir, status.value()); !st) PrintError(st.error());
  if (plan.verbosity != policy::Verbosity::kQuiet)
    PrintError("the project's changes wait in run " + plan.overlay.run_id + ": paddock changes " + plan.overlay.run_id +
               " (then paddock apply or paddock discard)");
}

}  // namespace paddock::cli
