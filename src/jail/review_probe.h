// Reads the git state the end-of-run review compares (review/review.h):
// nested .git entries, submodule git dirs, hidden index entries, exec lines
// of unfinished rebases, and for repositories that are new since `before`,
// what host git would run from them. Reads only; follows no symlink it
// would report.
#pragma once

#include <string>
#include <vector>

#include "plan/launch_plan.h"
#include "review/review.h"

namespace paddock::jail {

// `before` is null for the snapshot at the start; `git_entries` (may be
// null) are nested .git entries already found by walking the project.
// What identifies the content of `path` and everything below it: "absent"
// when it does not exist.
std::string FingerprintPath(const std::string& path);

review::Snapshot TakeReviewSnapshot(const plan::ReviewWatch& watch, const std::vector<std::string>* git_entries,
                                    const review::Snapshot* before);

}  // namespace paddock::jail
