// Plain data for resource limits shared by HostFacts (what the host's cgroup
// trees offer), LimitsPlan (which mechanism enforces each limit) and the exit
// record (what the jail used and which limit it hit). Pure: no kernel headers.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace paddock::plan {

// What the cgroup trees of this host let paddock do, probed by
// jail::ProbeCgroups (src/jail/cgroup.h) with injectable roots.
struct CgroupFacts {
  // cgroup v2: a directory paddock may create its leaves under (a delegated
  // subtree when rootless), "" when none is writable.
  std::string v2_parent;
  // Controllers usable in leaves under v2_parent (listed in its
  // cgroup.controllers; enabled in its subtree_control when the leaf is made).
  std::set<std::string> v2_controllers;
  // No writable v2 subtree, but the user's systemd manager can delegate one:
  // the D-Bus address of its private socket, where a run asks for a
  // transient scope (jail/systemd_scope.h). v2_parent is then "" and
  // v2_controllers are those systemd delegates to the user's manager.
  std::string v2_systemd_manager;
  // cgroup v1: controller ("memory", "pids", "cpu", "cpuacct", "freezer") ->
  // the writable directory paddock creates its leaf under in that hierarchy.
  std::map<std::string, std::string> v1_parents;
  bool v1_memsw = false;  // memory.memsw.* exists (swap accounting on)
  // RLIMIT_NPROC counts per (user namespace, uid) since Linux 5.14, so set
  // inside the jail's own user namespace it bounds the jail, not every
  // process of the invoking user on the host.
  bool rlimit_nproc_per_userns = false;
};

// Who enforces one limit. Names (MechanismName) are stable: printed by
// `paddock plan`, --stats and the audit log.
enum class LimitMechanism {
  kNone,  // not enforced
  kCgroupV2,
  kCgroupV1,
  kRlimit,   // per-process (or per-uid) rlimit: weaker than a cgroup
  kPaddock,  // paddock's own supervisor (the wall-clock timeout; memory sampled where no cgroup can be had)
  kTmpfs,    // the size= option of the /tmp tmpfs
};

// Rlimits the child sets on itself before it drops privileges. Values only
// ever lower a limit (the jail takes min(current, planned)); unset = keep.
struct RlimitsPlan {
  std::optional<uint64_t> nproc;   // RLIMIT_NPROC: processes (tasks) of the jail's uid
  std::optional<uint64_t> data;    // RLIMIT_DATA: private writable memory per process
  std::optional<uint64_t> nofile;  // RLIMIT_NOFILE: open files per process
  uint64_t core = 0;               // RLIMIT_CORE: no core dumps (they would carry jail memory)
};

// What a finished jail used and why it ended (--stats, audit "exit" record).
// Unknown values stay unset: a mechanism that cannot observe something
// (rlimits cannot count OOM kills) never reports zero for it.
struct RunStats {
  std::optional<uint64_t> peak_memory_bytes;
  bool peak_memory_is_largest_process = false;  // from rusage, not a cgroup
  bool peak_memory_is_sampled = false;          // the largest of paddock's samples of the jail's total
  std::optional<uint64_t> cpu_usec;             // user + system
  std::optional<uint64_t> oom_kills;            // processes killed by the memory limit
  // paddock's supervisor killed the jail: its resident memory when it did.
  std::optional<uint64_t> memory_kill_bytes;
  std::optional<uint64_t> pids_limit_hits;  // forks refused by the pids limit
  bool timed_out = false;                   // the wall-clock timeout fired
  bool killed_after_grace = false;          // ... and SIGTERM was not enough
  uint64_t wall_ms = 0;
};

}  // namespace paddock::plan
