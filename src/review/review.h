// The end-of-run review: git state a run changed that hides work from the
// user's review on the host or runs code when the user works there later.
// Snapshots are taken before and after the run (src/jail/review_probe.cc);
// comparing them and wording the findings is pure.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace paddock::review {

// What host git would run from one repository.
struct RepoTraits {
  std::vector<std::string> hooks;     // hook scripts (not *.sample)
  std::vector<std::string> commands;  // config keys that run something ("core.fsmonitor")
  std::string pointer;                // a .git file's gitdir, or a symlink's target
  bool symlink = false;               // the .git entry is a symbolic link
};

struct Snapshot {
  std::set<std::string> git_entries;      // nested .git entries in the working tree
  std::set<std::string> module_git_dirs;  // submodule git dirs under <git dir>/modules
  // Directories shaped like a git dir, without a .git: bare repositories to
  // git run inside them (git/dir_shape.h). Path -> GitDirName bits.
  std::map<std::string, uint32_t> bare_git_dirs;
  // Directories nested too deeply for the walk to look into: a repository
  // there goes unseen.
  std::set<std::string> too_deep;
  // Per index file: "skip-worktree\0path" / "assume-unchanged\0path".
  std::map<std::string, std::set<std::string>> hidden;
  std::map<std::string, std::string> unreadable_index;  // index file -> why
  // Per index file read: what identifies its content without reading it
  // again (inode, size, mtime, ctime), empty when that cannot be trusted
  // (changed within the timestamps' granularity of the snapshot).
  std::map<std::string, std::string> index_identity;
  std::map<std::string, std::set<std::string>> todo_exec;  // todo file -> exec lines
  std::map<std::string, RepoTraits> traits;                // for git_entries / module_git_dirs (new ones)
  // Protected paths the run could write (no mount namespace): path -> what
  // identifies its content ("absent", a file's size and hash, a directory's
  // entries and theirs).
  std::map<std::string, std::string> unguarded;
  // ReviewWatch::mode_paths -> their permission bits (st_mode & 07777).
  std::map<std::string, uint32_t> modes;
  // Agent and editor config below the project root (review/agent_configs.h),
  // and present at the root where the plan does not protect it: entry path
  // -> fingerprint as for `unguarded`; "" when not fingerprinted (new after
  // the run, or past kMaxAgentConfigsChecked).
  std::map<std::string, std::string> agent_configs;
  // How many of `agent_configs` were present but left unchecked (the bound).
  size_t agent_configs_unchecked = 0;
  // Symbolic links in the git dirs the plan watches (not below objects/):
  // path -> target. git makes none; host git writes through one it finds
  // (.git/logs/refs/stash -> ~/.bashrc: `git stash` appends there).
  std::map<std::string, std::string> git_symlinks;
};

struct Finding {
  std::string kind;    // "new-repository", "hidden-index-entry", "todo-exec", "index-unreadable",
                       // "protected-path-changed", "bare-repository-changed", "too-deep",
                       // "made-writable", "agent-config", "agent-config-unchecked", "git-symlink"
  std::string path;    // what it is about
  std::string detail;  // one line for people (raw: base/strings.h TerminalSafe before printing it)
  // Host git or a tool would run something the run left (hooks, commands,
  // an exec line, a protected path, a git dir it points to), as opposed to
  // what only hides work from review.
  bool runs_code = false;
};

// Is `dir` (GitDirName bits `names` now) a bare repository the run made, or
// one that gained a commondir or a config (which decide what git runs there)?
bool BareRepoChanged(const Snapshot& before, const std::string& dir, uint32_t names);

std::vector<Finding> Compare(const Snapshot& before, const Snapshot& after, const std::string& project);

// `findings` in the order to show them when only the first `shown` are:
// those that run code first (in their order, then the others), except that
// the first finding of every kind is among the first `shown`, so many of one
// kind cannot hide another. Those past `shown` follow, in the same order.
std::vector<Finding> ForDisplay(std::vector<Finding> findings, size_t shown);

// "3 new-repository, 1 hidden-index-entry": the kinds of `findings` from
// index `from` on with their counts, in the order each kind first appears.
std::string KindCounts(const std::vector<Finding>& findings, size_t from = 0);

// RepoTraits from a repository's config text and its hooks directory listing.
RepoTraits AnalyzeRepo(const std::string& config_text, const std::vector<std::string>& hook_names);

// Exec lines ("exec CMD" / "x CMD") of a rebase or sequencer todo list.
std::set<std::string> TodoExecLines(const std::string& todo_text);

}  // namespace paddock::review
