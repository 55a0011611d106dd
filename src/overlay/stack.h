// Stacked runs in the run store (`paddock run --overlay-on RUN`,
// docs/overlay.md): a run's base chain, the runs on top of a run, and what
// applying a base passes on to them (changes/stack.h decides; this reads
// and writes run.json).
#pragma once

#include <string>
#include <vector>

#include "base/error.h"
#include "overlay/run_store.h"

namespace paddock::overlay {

// A run's nesting is bounded, as overlayfs bounds its lower layers.
inline constexpr size_t kMaxStackDepth = 64;

// The runs `run` (of the store `runs_dir`) stacks on, its base first. An
// error names the run that cannot be a layer and why (gone, broken,
// running, of another project, a loop).
Result<std::vector<StoredRun>> BaseChain(const std::string& runs_dir, const changes::PendingRun& run);

// `paddock run --overlay-on RUN`: the run `id_or_prefix` names followed by
// its own base chain, every one ended or interrupted, of `project`.
Result<std::vector<StoredRun>> ResolveOverlayOn(const std::string& runs_dir, const std::string& id_or_prefix,
                                                const std::string& project);

// The ids of the runs of `runs_dir` stacked directly on `id` (running ones
// too).
Result<std::vector<std::string>> DependentsOf(const std::string& runs_dir, const std::string& id);

// After `applied` was applied (`removed`: completely): each run stacked on
// it takes its apply times and, once it is gone, its base
// (changes::Rebase), written to its run.json.
Status RebaseDependents(const std::string& runs_dir, const changes::PendingRun& applied, bool removed);

// The directory of the run store that holds `run_dir`.
std::string RunsDirOf(const std::string& run_dir);

}  // namespace paddock::overlay
