// Stacked overlay runs (`paddock run --overlay-on RUN`, docs/overlay.md): a
// run's lower layers are the uppers of its base chain over the project.
// Pure: which lower entry shows through the stack, which runs depend on
// which, and what a base's apply passes on to the runs on top of it.
#pragma once

#include <string>
#include <vector>

#include "changes/change.h"
#include "changes/pending_run.h"

namespace paddock::changes {

// One lower layer's entry at a path. kWhiteout only in a base run's upper
// (the project's own 0:0 devices are special files, never whiteouts).
struct LayerEntry {
  EntryType type = EntryType::kMissing;
  bool opaque = false;  // a directory with user.overlay.opaque "y"
};

// What the lower layers (top first, the project last) show at a path, as
// overlayfs merges them.
struct LowerView {
  int layer = -1;           // the layer whose entry shows; -1: none (missing or whited out)
  std::vector<int> merged;  // a directory: the layers whose directories it merges, top first
};

// The topmost entry shows; a whiteout hides everything below; a directory
// merges with the directories below it down to an opaque one, a whiteout or
// a non-directory.
LowerView ResolveLower(const std::vector<LayerEntry>& layers);

// The runs of `runs` whose base is `id`.
std::vector<std::string> Dependents(const std::vector<PendingRun>& runs, const std::string& id);

// Why `run` cannot be the base of a new run of `project`, or "".
std::string BaseProblem(const PendingRun& run, RunState state, const std::string& project);

// Why `run` cannot be applied while its base is pending, or "".
std::string PendingBaseProblem(const PendingRun& run);

// `applied` was applied (`removed`: completely, its run is gone): a run
// stacked on it takes the change times apply left on the project as apply's
// own (so the base's files do not look changed on the host), and, once the
// base is gone, stacks on the base's base.
void Rebase(PendingRun& dependent, const PendingRun& applied, bool removed);

}  // namespace paddock::changes
