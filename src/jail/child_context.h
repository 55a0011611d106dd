// Everything the child needs, prepared by the parent before clone, so the
// child only makes system calls: no parsing, no allocation decisions.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "jail/child_error.h"
#include "jail/landlock.h"
#include "jail/net_setup.h"
#include "jail/seccomp.h"
#include "plan/launch_plan.h"

namespace paddock::jail {

// A cgroup v1 leaf the child moves itself into (Cgroup::OpenJoinFiles).
struct CgroupJoin {
  int fd = -1;            // its `tasks` file, open for writing
  const char* leaf = "";  // for the error message
};

// A cgroup leaf shown below /sys/fs/cgroup (jail/cgroup.h's CgroupView).
struct CgroupViewSource {
  const char* name = "";  // "" = /sys/fs/cgroup itself
  const char* dir = "";   // the leaf, a host path
};

struct ChildContext {
  const plan::LaunchPlan* plan = nullptr;
  int sync_fd = -1;    // a socket: one byte = go (id maps), one more = in the cgroup; EOF = the parent is gone
  int error_fd = -1;   // write, close-on-exec: a ChildError, or EOF at exec
  int report_fd = -1;  // write, close-on-exec, non-blocking: pid 1's reports (init.h)
  int init_fd = -1;    // O_PATH of plan->init_binary, opened on the host; -1: pid 1 stays paddock
  std::vector<CgroupJoin> cgroup_joins;  // v1; empty: born in its leaf (v2), attached by pid, or no cgroup
  // The leaves of MountType::kCgroupView, only where the child is in them
  // before its mounts (v2: born there; v1: joins them itself): then its
  // cgroup namespace is rooted there too. Empty: nothing is shown.
  std::vector<CgroupViewSource> cgroup_views;
  std::vector<int> cgroup_view_trees;  // per view, opened in stage mount-sources (sized by the parent)
  // Per mount op: a prepared detached tree (idmapped, made by the parent), or -1.
  std::vector<int> prepared_trees;
  // Per mount op: the directory the jail can write above its host source
  // (plan/writable_roots.h), beneath which stage mount-sources opens it
  // without following a symlink; "": opened by path. (Opened there, in the
  // child's mount namespace: open_tree clones only from that one.)
  std::vector<std::string> source_roots;
  std::vector<int> trees;  // per mount op: the mount, kept to make it read-only last
  // --overlay: a tree of the run's layer directory (upper/, work/): prepared
  // idmapped by the parent (root), else opened in stage mount-sources.
  int prepared_overlay_layers = -1;
  int overlay_layers = -1;
  // --overlay-on: a tree of each base run's upper dir (MountOp::overlay_lowers),
  // prepared or opened the same way; sized by the parent.
  std::vector<int> prepared_overlay_lowers;
  std::vector<int> overlay_lowers;
  int staging_fd = -1;  // the staging tmpfs over /tmp (mounts.h), until the pivot
  int root_fd = -1;     // the new root, a tmpfs below the staging area
  NetSetup net;         // --net allow: the sockets the supervisor serves
  SeccompProgram seccomp;
  LandlockProgram landlock;
  int cap_last_cap = 40;
  std::vector<char*> argv;  // null-terminated, point into plan
  std::vector<char*> envp;
};

}  // namespace paddock::jail
