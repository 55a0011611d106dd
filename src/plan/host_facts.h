// HostFacts: what this machine offers, gathered once before planning
// (src/jail/host_probe.cc). Plain data so BuildPlan stays pure and tests can
// describe any host (rootless, root, no Landlock, merged /usr or not...).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "plan/limits_types.h"

namespace paddock::plan {

enum class PathKind { kMissing, kDirectory, kFile, kSymlink, kOther };

struct PathInfo {
  PathKind kind = PathKind::kMissing;
  std::string link_target;  // for kSymlink
  uint64_t links = 1;       // st_nlink: names of the same file
};

enum class CgroupMode { kNone, kV1, kV2 };

// Test seams: a host pretending to lack a feature, or a deliberate mistake
// for a layer to contain. Only a test build (CMake option
// PADDOCK_TEST_SEAMS) fills them, from the environment, in one place
// (src/jail/test_seams.cc); the plan names every active one in its warnings.
struct TestSeams {
  bool no_landlock = false;  // the kernel has no Landlock
  bool no_seccomp = false;   // the kernel has no seccomp filters
  bool no_userns = false;    // user namespaces are refused
  bool no_cgroup = false;    // no writable cgroup: the rlimit fallback (root CI)
  // A deliberate mount mistake: the real home bound read-write at
  // kExposedHomeForTest with no Landlock rule, so only Landlock keeps it out.
  bool expose_home = false;
  // --net allow: what "the host's resolver" answers for these names
  // ("name=address[,address];..."), so a test can make a name resolve to a
  // private or metadata address without a DNS server.
  std::string dns_answers;
  // The host's RAM in bytes (the default memory limit is half of it), so a
  // test can hit that default with a small hog.
  uint64_t total_memory_bytes = 0;
  bool any() const {
    return no_landlock || no_seccomp || no_userns || no_cgroup || expose_home || !dns_answers.empty() ||
           total_memory_bytes != 0;
  }
};
inline constexpr const char* kExposedHomeForTest = "/paddock-test-exposed-home";

struct HostFacts {
  uint32_t uid = 0;  // real ids of the invoking user
  uint32_t gid = 0;
  std::string user;            // login name
  std::string home;            // the real home ($HOME, else the passwd entry)
  std::string state_dir;       // paddock's state ($XDG_STATE_HOME/paddock or ~/.local/state/paddock)
  std::string overlay_run_id;  // --overlay: the id this run's layer gets (time and randomness)
  // --overlay-on: the pending runs this one stacks on, its base first (each
  // checked ended or interrupted, of this project: overlay/stack.h).
  std::vector<std::string> overlay_bases;
  std::map<std::string, std::string> env;  // the invoker's environment
  std::string self_exe;                    // canonical path of paddock's own binary
  std::string hook_exe;                    // the paddock-hook beside it, when there is one (jail/binaries.h)
  std::string init_exe;                    // the paddock-init beside it, when there is one

  // Kinds of every host path the plan may mention (system dirs, masks, grants).
  std::map<std::string, PathInfo> paths;
  // /etc/passwd and /etc/group (to name the jail's user when root runs it).
  std::string etc_passwd, etc_group;
  // Entries of /etc/ssh (to mask host keys by name).
  std::vector<std::string> etc_ssh_entries;
  // The host's name and /etc/hosts (to give the jail its own name there);
  // etc_hosts is "" when missing or larger than plan::kMaxEtcHostsBytes.
  std::string host_name;
  std::string etc_hosts;

  // Kernel features.
  bool user_namespaces = true;  // unprivileged (or root) user namespaces work
  bool idmapped_mounts = true;  // mount_setattr(MOUNT_ATTR_IDMAP) on the project's fs
  int landlock_abi = 0;         // 0: none
  std::string kernel_release;   // uname -r
  // The terminal device paddock runs on (of stdin, else stdout, else
  // stderr), "" when none: the jail's /dev/console (plan/mount_plan.cc).
  std::string terminal;
  // Answers to the protected-path planner's questions (plan/host_view.h):
  // small files it read (a .git pointer, a commondir, git configs and hook
  // scripts), absent when missing; files that could not be read; directory
  // listings; canonical paths ("" when a path does not resolve).
  std::map<std::string, std::string> file_contents;
  std::set<std::string> unreadable;
  std::map<std::string, std::vector<std::string>> listings;
  std::map<std::string, std::string> realpaths;
  // Every ".git" entry below the project (not the project's own), found by
  // walking its tree (jail/project_scan.h): nested repositories, submodule
  // and worktree checkouts. Kinds are in `paths`.
  std::vector<std::string> nested_git;
  // Directories below the project, or the project itself, shaped like a
  // git dir without a ".git" of their own: bare repositories to git run
  // there. Path -> git::GitDirName bits of their entries.
  std::map<std::string, uint32_t> nested_bare;
  std::vector<std::string> nested_git_too_deep;  // directories the walk did not enter
  // Directories below the project holding agent or editor config the same
  // walk found (review/agent_configs.h): path -> bits of those names.
  std::map<std::string, uint64_t> nested_agent_configs;
  bool seccomp = true;
  // The text of the policy's --seccomp-profile file, read by the hardening
  // probe (jail/hardening_probe.cc) so that planning stays pure; unset when
  // the policy names no profile.
  std::optional<std::string> seccomp_profile_text;
  CgroupMode cgroup = CgroupMode::kNone;
  CgroupFacts cgroups;  // where leaves can go (jail::ProbeCgroups)
  uint64_t total_memory_bytes = 0;
  // Placeholders a crashed run left (jail/placeholders.h), still untouched:
  // probed as missing, removed by the run before it sets the jail up.
  std::vector<std::string> stale_placeholders;
  TestSeams test_seams;  // all off outside test builds

  PathKind KindOf(const std::string& path) const {
    auto it = paths.find(path);
    return it == paths.end() ? PathKind::kMissing : it->second.kind;
  }
};

// Host uid/gid the jailed command runs as when paddock is started by root:
// never host 0 (a uid-0 process in a user namespace still owns root's files).
// An id no account or subordinate range uses by convention; it never owns a
// file on disk: writes through idmapped mounts land as the invoking user.
inline constexpr uint32_t kRootJailHostId = 2147418112;  // 0x7FFF0000
// The jailed command's uid/gid inside the jail when started by root.
inline constexpr uint32_t kRootJailInsideId = 1000;

}  // namespace paddock::plan
