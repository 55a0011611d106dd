// Which changes `paddock apply [RUN] [PATHS...]` applies, and whether it may
// (docs/overlay.md). Pure: the changes and the run record in, the selection
// and every reason to refuse out; apply (overlay/apply.h) writes nothing
// unless the list of refusals is empty.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "base/error.h"
#include "changes/change.h"
#include "changes/pending_run.h"

namespace paddock::changes {

// A PATHS argument as a project-relative path: "src/a.c", "./src/a.c/",
// "/abs/project/src/a.c" -> "src/a.c"; "." or the project itself -> "".
// Refused: an absolute path outside the project, ".." leaving it.
Result<std::string> ProjectRelative(const std::string& arg, const std::string& project);

// Is `change` selected by `paths` (project-relative; none: everything)? A
// change is when its path (a rename: either of its paths) is at or below
// one of them.
bool Selected(const Change& change, const std::vector<std::string>& paths);

// The changes `paths` select, plus the changes that create a directory one
// of them needs (an added directory above a selected file is created with
// it). In the order of `all`.
std::vector<Change> Select(const std::vector<Change>& all, const std::vector<std::string>& paths);

// Is the host's entry changed since the run started? Its inode change time
// is not older than the start, and is not the one `paddock apply` left
// there itself (PendingRun::applied_ctime_ns).
bool ChangedSinceStart(const PendingRun& run, const std::string& path, int64_t ctime_ns);

// The conflict rule: sets Change::conflict on each change whose host entry
// (for a directory it removes, anything in its tree) the host changed since
// the run started, and on an entry copied up from the project (an origin
// xattr) that the project no longer has while its directory changed since
// the start: deleted there. (The walker has already left out the times
// apply itself made: ChangedSinceStart.)
void FindConflicts(std::vector<Change>& changes, int64_t started_ns);

struct Refusal {
  std::string object;  // the path (a rename: "old -> new"), or "run ID"
  std::string reason;
};

// Every reason not to apply `selected`: the run is still running, a change
// conflicts, a change is at or below a protected path that no PATHS
// argument names (the path or one below it; a parent directory or
// "everything" does not count), a special file. Empty: apply may go on.
// `made_git_dirs`: MadeGitDirs of all the run's changes.
std::vector<Refusal> Refusals(const std::vector<Change>& selected, const std::vector<std::string>& paths,
                              const PendingRun& run, RunState state, const std::vector<std::string>& made_git_dirs);

// The git dir of a nested repository that `path` is at or below: the path up
// to its first ".git" component past the project's own ("vendor/x/.git" for
// "vendor/x/.git/hooks/post-checkout"; a .git file too), or "".
std::string NestedGitDir(const std::string& path);

// Directories that the run's changes `all` make look like a git dir
// (git/dir_shape.h), or that looked like one and gain a commondir or a
// config: after apply, git run inside one would use it as a bare repository,
// with the config and hooks the run wrote. `on_host(rel)`: does the project
// have an entry at `rel` now. Project-relative, "" for the project itself
// (possible only without a .git there). Inside a .git, git dirs are covered
// by NestedGitDir and the protected paths instead.
std::vector<std::string> MadeGitDirs(const std::vector<Change>& all,
                                     const std::function<bool(const std::string&)>& on_host);

// The protected path of `protected_paths` (or a nested repository's git dir,
// NestedGitDir, or one of `made_git_dirs`) that `change` touches and that
// none of `paths` names, or "" (part of Refusals; `paddock changes` marks
// them). A deletion or type change of a directory above a protected path
// touches it too. For the project itself made into a git dir, the entry of
// git's at its top that the change is at or below must be named ("HEAD").
std::string UnnamedProtectedPath(const Change& change, const std::vector<std::string>& protected_paths,
                                 const std::vector<std::string>& paths, const std::vector<std::string>& made_git_dirs);

}  // namespace paddock::changes
