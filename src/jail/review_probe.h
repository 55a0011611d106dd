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

// What identifies the content of `path` and everything below it: "absent"
// when it does not exist.
std::string FingerprintPath(const std::string& path);

// `before` is null for the snapshot at the start, which takes the nested
// repositories the plan's walk found (ReviewWatch::known_*) instead of
// walking the project again.
review::Snapshot TakeReviewSnapshot(const plan::ReviewWatch& watch, const review::Snapshot* before);

}  // namespace paddock::jail
