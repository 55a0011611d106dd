#include "cli/overlay_run.h"

#include <unistd.h>

#include <algorithm>

#include "cli/command.h"
#include "overlay/file_clock.h"
#include "overlay/git_refs.h"
#include "overlay/run_store.h"
#include "overlay/upper_walk.h"

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

// The run's layer holds no change `paddock changes` would list (placeholders
// and metadata-only copy-ups are none). Asked while the run still counts as
// running, so that no run can have been stacked on it.
bool ChangedNothing(const plan::LaunchPlan& plan) {
  overlay::StoredRun run = overlay::LoadRun(plan.overlay.run_dir);
  if (run.state == overlay::RunState::kBroken) return false;
  auto changes = overlay::ReadChanges(run.dir, run.run);
  return changes && changes->empty();
}

void EndOverlayRun(const plan::LaunchPlan& plan, const Result<int>& status) {
  if (!plan.overlay.enabled) return;
  if (!status) return DropOverlayRun(plan);
  // Nothing to review (a read-only command, a build already up to date): not
  // left for `paddock changes` to list among the runs that wait.
  if (ChangedNothing(plan)) {
    DropOverlayRun(plan);
    if (plan.verbosity != policy::Verbosity::kQuiet)
      PrintError("run " + plan.overlay.run_id + " changed nothing in the project: nothing waits for review");
    return;
  }
  if (auto st = overlay::FinishRun(plan.overlay.run_dir, status.value()); !st) PrintError(st.error());
  if (plan.verbosity != policy::Verbosity::kQuiet)
    PrintError("the project's changes wait in run " + plan.overlay.run_id + ": paddock changes " + plan.overlay.run_id +
               " (then paddock apply or paddock discard)");
}

}  // namespace paddock::cli
