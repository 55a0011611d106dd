// Git repositories in and around the project: which git state host git will
// later read or run (hooks, config, the files config names, pointers to
// other git dirs), so it is protected; which git dirs outside the project
// the jail may use; and what the end-of-run review watches.
//
// Nothing in the project decides what gets mounted: a `.git` file (or a
// worktree's `commondir`) can name any directory, and the jail can write
// those files. A git dir outside the project is mounted only when git's own
// back-pointers confirm it, which live outside the project where the jail
// cannot forge them:
//   - a linked worktree: the git dir is <common>/worktrees/<name>, its
//     `gitdir` file names this project's .git file and its `commondir`
//     resolves to <common>;
//   - a submodule: the git dir lies in <superproject>/.git/modules/, where
//     <superproject> is the nearest directory above the project with a .git
//     directory;
//   - or the user granted it (--rw, --share-rw).
// Anything else is left out with a warning that says how to grant it.
#pragma once

#include <string>
#include <vector>

#include "plan/git_identity.h"
#include "plan/host_view.h"
#include "plan/launch_plan.h"
#include "plan/protected_entry.h"
#include "policy/policy.h"

namespace paddock::plan {

struct GitDirBind {
  std::string path;  // canonical host path, bound read-write at the same path
  std::string why;
};

struct GitDirsPlan {
  std::vector<ProtectedEntry> protect;
  // From the global config files, read when the project is a repository.
  GitIdentity identity;
  std::vector<GitDirBind> binds;
  std::vector<std::string> warnings;
  ReviewWatch review;
};

GitDirsPlan PlanGitDirs(const policy::Policy& policy, HostView& view);

// Config files of the invoking user and the system that host git reads for
// every repository (GIT_CONFIG_GLOBAL / GIT_CONFIG_SYSTEM respected).
std::vector<std::string> GlobalGitConfigFiles(const HostFacts& host);

// Hook managers whose installed hook runs commands from a file in the
// working tree: a hook script mentioning `tool` makes these files hooks too.
struct HookManager {
  const char* tool;
  std::vector<const char*> files;  // relative to the working tree; '/' = directory
};
const std::vector<HookManager>& HookManagers();

}  // namespace paddock::plan
