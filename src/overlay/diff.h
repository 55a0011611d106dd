// `paddock changes --diff`: what each change does to the content, as unified
// diffs. Text files are compared by diff(1) (diffutils, Essential in Debian)
// with --label a/PATH --label b/PATH; binary files are listed as "Binary
// files a/PATH and b/PATH differ"; symbolic links, modes, renames and
// directories get git-like header lines.
#pragma once

#include <string>
#include <vector>

#include "base/error.h"
#include "changes/change.h"
#include "overlay/run_store.h"

namespace paddock::overlay {

// Writes the diff of each of `changes` (of the run `stored`) to `out_fd`,
// coloured (diff --color=always, bold headers) when `color`. A reader that
// went away (a pager left early) is an Error with err EPIPE.
Status WriteDiffs(const StoredRun& stored, const std::vector<changes::Change>& changes, int out_fd, bool color);

}  // namespace paddock::overlay
