// `paddock apply`: brings the selected changes of an --overlay run into the
// real project (docs/overlay.md). Everything is checked first (the run has
// ended, no conflict, protected paths named): one refusal and nothing is
// written. Then each file is replaced atomically (a temporary name in the
// same directory, fsync, rename over), directories are made parents first
// and removed children first, and no symbolic link of the project is
// followed on the way (openat with O_NOFOLLOW per component). What was
// applied is removed from the run's upper dir, so the run shows only the
// rest; a run with nothing left is removed.
#pragma once

#include <string>
#include <vector>

#include "base/error.h"
#include "changes/apply_rules.h"
#include "changes/change.h"
#include "changes/ref_rules.h"
#include "overlay/run_store.h"

namespace paddock::overlay {

struct ApplyOutcome {
  // Not empty: nothing was written; each says which change and why.
  std::vector<changes::Refusal> refusals;
  std::vector<changes::Change> applied;  // by path
  // Things the user should know: setuid/setgid bits dropped, ...
  std::vector<std::string> notes;
  size_t left = 0;           // changes still pending in the run
  bool run_removed = false;  // nothing was left: the run is gone
};

// Applies the changes of `stored` that `paths` select (project-relative,
// as changes::ProjectRelative makes them; none: every change). An Error is a
// failure while writing (what was applied before it stays applied, and is
// still in upper).
// `refs` adds to the run's protected branches (apply's --protect-branch)
// and names the refs that may be rewritten anyway (--rewrite): the git
// rules of changes/ref_rules.h. Deletions of git objects are not applied
// but dropped from the run (changes::SkippedOnApply), with a note.
Result<ApplyOutcome> ApplyRun(const StoredRun& stored, const std::vector<std::string>& paths,
                              const changes::RefProtection& refs = {});

}  // namespace paddock::overlay
