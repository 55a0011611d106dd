// cgroup leaves for one jail, cgroup v2 (cgroup_v2.cc) or v1 (cgroup_v1.cc)
// behind one interface, plus the host probe and stale-leaf cleanup
// (cgroup.cc). Every path starts at an injectable root so unit tests run
// against fake trees in temporary directories.
//
// Parent timeline (src/jail/run.cc):
//   CreateCgroup (stale leaves of dead runs are removed, the leaf is made and
//   the limits written) -> OpenJoinFiles (v1) -> clone3, with
//   CLONE_INTO_CGROUP = clone_fd() (v2) -> the child writes "0" into each
//   join file (v1) -> Attach(child) unless it joined (v2: a no-op repeat) ->
//   wait -> CollectStats -> Destroy (kill all, rmdir).
//
// Leaf names are "paddock-<pid>-<start time>" and paddock holds an flock on
// each leaf directory while it runs: a leaf is stale when its owner is gone
// (no such pid, or a different start time) AND nobody holds its lock.
#pragma once

#include <sys/types.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/error.h"
#include "base/kernel_version.h"
#include "jail/unique_fd.h"
#include "plan/launch_plan.h"
#include "plan/limits_types.h"

namespace paddock::jail {

struct CgroupRoots {
  std::string fs = "/sys/fs/cgroup";  // the cgroup2 mount, or the v1 tmpfs of hierarchies
  std::string proc = "/proc";         // self/cgroup, <pid>/stat
  // The user whose systemd manager may delegate a scope (unset: geteuid())
  // and its runtime dir ("": jail/systemd_scope.h's default).
  std::optional<uid_t> uid;
  std::string runtime_dir;
};

// Hooks for fake trees. A real cgroupfs fills a new directory with its
// interface files and removes them with the directory; a temp dir does not.
struct CgroupOps {
  std::function<void(const std::string& leaf_dir)> after_mkdir;  // default: nothing
  std::function<int(const std::string& dir)> rmdir;              // default: ::rmdir (errno set)
};

struct CgroupOptions {
  CgroupRoots roots;
  CgroupOps ops;
  std::string leaf_name;  // "" = paddock-<pid>-<start time>
};

// A leaf as the jail sees it below /sys/fs/cgroup (MountType::kCgroupView):
// `name` "" is /sys/fs/cgroup itself (v2); v1 names each hierarchy by its
// controllers ("memory", "cpu,cpuacct").
struct CgroupView {
  std::string name;
  std::string dir;  // the leaf, a host path
};

class Cgroup {
 public:
  virtual ~Cgroup() = default;
  // The v2 leaf directory for clone3(CLONE_INTO_CGROUP); -1 with v1.
  virtual int clone_fd() const { return -1; }
  // Moves `pid` (and so everything it forks later) into the leaf(s).
  virtual Status Attach(pid_t pid) = 0;
  // v1: each leaf's `tasks` file, open for writing (close-on-exec), for the
  // child to move itself in by writing "0": a thread that moves itself skips
  // the thread-group lock, whose RCU grace period every pid written to
  // cgroup.procs waits for (5-35 ms per run on this VM). The permission is
  // the opener's. Empty with v2 (the child is born in its leaf) and when a
  // `tasks` file is not writable (then Attach).
  virtual Result<std::vector<UniqueFd>> OpenJoinFiles() const { return std::vector<UniqueFd>{}; }
  // SIGKILL to every process, until the leaves are empty (bounded wait).
  virtual void KillAll() = 0;
  // Peak memory, CPU time, OOM kills and refused forks, where the leaf
  // records them. Call before Destroy.
  virtual void CollectStats(plan::RunStats& stats) const = 0;
  // KillAll, then remove the leaves. Idempotent; the destructor calls it.
  virtual Status Destroy() = 0;
  virtual std::vector<std::string> leaf_dirs() const = 0;
  virtual std::vector<CgroupView> views() const = 0;
};

// The cgroup facts of this host for HostFacts: where paddock may create
// leaves (writable v2 subtree with its controllers, writable v1 hierarchies)
// and whether RLIMIT_NPROC counts per user namespace, which depends on the
// `kernel` version the host probe read once (base/kernel_version.h).
plan::CgroupFacts ProbeCgroups(std::optional<KernelVersion> kernel, const CgroupRoots& roots = {});
// kV2 when `fs` is a unified hierarchy, kV1 when it holds v1 hierarchies.
plan::CgroupMode ProbeCgroupMode(const CgroupRoots& roots = {});

// Creates this jail's leaf (or leaves, v1) as planned and writes the limits;
// nullptr when the plan uses no cgroup. Removes stale leaves first.
Result<std::unique_ptr<Cgroup>> CreateCgroup(const plan::LimitsPlan& limits, const CgroupOptions& options = {});

// Removes the stale paddock leaves directly under `parent` (see above):
// kills what is left in them, then rmdir. Returns how many were removed.
int RemoveStaleLeaves(const std::string& parent, const CgroupOptions& options);

// --- shared by cgroup_v1.cc / cgroup_v2.cc -------------------------------
namespace cg {

Status WriteFile(const std::string& path, const std::string& value);
// Bound for reading cgroup and /proc files (jail/read_file.h): a
// cgroup.procs of a million pids fits.
inline constexpr size_t kMaxFileBytes = 16u << 20;
// The number after `key` in a "key value" per-line file (memory.events,
// cpu.stat, pids.events, memory.oom_control).
std::optional<uint64_t> ReadKeyed(const std::string& path, const std::string& key);
std::optional<uint64_t> ReadNumber(const std::string& path);
std::vector<pid_t> ReadPids(const std::string& procs_file);
// "paddock-<pid>-<start time>" for this process.
std::string LeafName(const CgroupRoots& roots);
// mkdir + after_mkdir + an flock'ed O_DIRECTORY fd.
Result<UniqueFd> MakeLeaf(const std::string& dir, const CgroupOptions& options);
// rmdir through the ops, retrying while the kernel still sees exiting tasks.
Status RemoveLeaf(const std::string& dir, const CgroupOps& ops);
void SleepMs(int ms);

std::unique_ptr<Cgroup> NewCgroupV2(const plan::LimitsPlan& limits, const CgroupOptions& options, std::string leaf_dir,
                                    UniqueFd leaf_fd);
// Leaves in the order of `dirs` (controller -> leaf dir); fds hold the locks.
std::unique_ptr<Cgroup> NewCgroupV1(const plan::LimitsPlan& limits, const CgroupOptions& options,
                                    std::map<std::string, std::string> dirs, std::vector<UniqueFd> fds);
Status ApplyV2Limits(const std::string& leaf, const plan::LimitsPlan& limits);
Status ApplyV1Limits(const std::map<std::string, std::string>& leaves, const plan::LimitsPlan& limits);
// Kills everything in a v1 leaf set / a v2 leaf (also used on stale leaves).
void KillV1(const std::vector<std::string>& leaves, const std::string& freezer_leaf);
void KillV2(const std::string& leaf);

}  // namespace cg
}  // namespace paddock::jail
