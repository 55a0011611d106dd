// Reads what an --overlay run changed: walks its upper dir and the real
// project side by side, descriptor-relative and never following a symbolic
// link, and hands the facts to changes::ClassifyAll (changes/change.h).
#pragma once

#include <string>
#include <vector>

#include "base/error.h"
#include "changes/change.h"
#include "changes/pending_run.h"

namespace paddock::overlay {

// The facts of every entry of `upper_dir` (and of each project entry an
// opaque upper directory hides), compared with `run.project`. The run's
// placeholders are left out while they are still an empty file or
// directory, and so are new directories that hold nothing but them.
// Rename candidates (changes::RenameCandidates) get their content hash; a
// file over a host file of the same size gets same_content. Host ctimes
// that `paddock apply` made itself count as unchanged
// (changes::ChangedSinceStart). A stacked run (--overlay-on) is compared
// with what it started from: `base_uppers` (its base chain's upper dirs,
// its base first) over the project, merged as overlayfs merges them.
Result<std::vector<changes::UpperFact>> WalkUpper(const std::string& upper_dir, const changes::PendingRun& run,
                                                  const std::vector<std::string>& base_uppers = {});

// The upper dirs of the base chain of the run in `run_dir`, its base first
// (overlay/stack.h BaseChain); none for a run on the project.
Result<std::vector<std::string>> BaseUppers(const std::string& run_dir, const changes::PendingRun& run);

// WalkUpper (over BaseUppers), ClassifyAll and FindConflicts: the run's
// changes, by path.
Result<std::vector<changes::Change>> ReadChanges(const std::string& run_dir, const changes::PendingRun& run);

// changes::MadeGitDirs of `all`, against the project as it is now.
std::vector<std::string> MadeGitDirs(const changes::PendingRun& run, const std::vector<changes::Change>& all);

// statx of `name` below `dir_fd` (no link followed) as a HostState, with
// the newest change time of its whole tree when it is a directory and
// `whole_tree` (what deleting it would remove).
Result<changes::HostState> HostEntry(int dir_fd, const std::string& name, const std::string& path,
                                     const changes::PendingRun& run, bool whole_tree);

}  // namespace paddock::overlay
