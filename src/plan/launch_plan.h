// LaunchPlan: how to run the Policy on this host, every detail resolved before
// clone: mounts in order, id maps, env, argv, namespaces, seccomp, Landlock,
// limits. Pure data: printed by `paddock plan`, golden-tested, executed by
// src/jail, exported to other engines.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "plan/host_facts.h"
#include "plan/network_plan.h"
#include "plan/seccomp_table.h"
#include "policy/policy.h"

namespace paddock::plan {

struct IdMapLine {
  uint32_t inside = 0;
  uint32_t outside = 0;
  uint32_t count = 1;
};

enum class MountType {
  kBind,      // source (host path) -> target
  kTmpfs,     // fresh tmpfs, options in `data`
  kProc,      // procfs of the jail's pid namespace
  kDevpts,    // a private devpts instance
  kMqueue,    // POSIX message queues of the jail's ipc namespace
  kSymlink,   // target -> source (the link text)
  kMaskFile,  // hide a file: /dev/null bound over it
  kMaskDir,   // hide a directory: an empty read-only tmpfs over it
  kDir,       // create an empty directory (mode in `mode`)
  kFile,      // a file whose content is `data`, bound read-only over target
  // A read-only overlay: `files` (generated) above the host directory
  // `source`, for files whose directories the host lacks
  // (/etc/claude-code/managed-settings.d/...).
  kOverlay,
  // /sys: a read-only tmpfs holding only `sysfs_parts` of a sysfs: a fresh
  // one of the jail's network namespace, or the host's when `source` is set
  // (--net host) or the kernel refuses a fresh one.
  kSysfs,
  // The project through a writable overlayfs (--overlay): `source` is the
  // lower layer, `overlay_dir` holds the run's upper/ and work/ layers.
  kProjectOverlay,
  // The jail's own cgroup leaf (v2) or leaves (v1, one directory per
  // hierarchy below target), read-only, where runtimes look for their
  // limits. The leaves exist only once the run made them: the jail binds
  // what the run hands it, and nothing when it is not in them yet.
  kCgroupView,
};

// A generated file of a kOverlay mount: path relative to its target.
struct OverlayFile {
  std::string path;
  std::string content;
};

// A part of sysfs shown below /sys (relative path, e.g. "devices/system/cpu").
struct SysfsPart {
  std::string path;
  bool own_net_only = false;  // shown only from a sysfs of the jail's own network namespace
};

struct MountOp {
  MountType type = MountType::kBind;
  std::string source;
  std::string target;  // path inside the jail
  bool read_only = false;
  bool nosuid = true;
  bool nodev = true;
  bool noexec = false;
  bool recursive = true;  // bind submounts too; read-only applies to them too
  bool idmapped = false;  // bound through an idmapped mount (root started paddock)
  bool optional = false;  // a missing source is skipped, not an error
  bool source_is_dir = true;
  bool source_in_jail = false;         // bind source is a path of the jail being built (/proc/sys)
  uint32_t mode = 0755;                // kDir / tmpfs root
  std::string data;                    // fs options, e.g. "size=1073741824,mode=1777"
  std::vector<OverlayFile> files;      // kOverlay
  std::vector<SysfsPart> sysfs_parts;  // kSysfs
  std::string overlay_dir;             // kProjectOverlay: the run's layers (host path)
  // kProjectOverlay over pending runs (--overlay-on): their upper dirs,
  // lower layers above `source`, the direct base first (host paths).
  std::vector<std::string> overlay_lowers;
  std::string why;
};

struct Namespaces {
  bool user = true, mount = true, pid = true, ipc = true, uts = true, net = true, cgroup = true;
};

// Landlock: filesystem access granted beneath each path (inside-jail paths);
// everything else is denied. The planner masks the rights to the host's ABI
// (landlock::MaskToAbi); the jail applies exactly `allowed` and `handled_fs`.
struct LandlockRule {
  std::string path;
  bool write = false;  // write/create/remove/rename (with REFER)
  bool execute = true;
  bool list_only = false;  // READ_DIR only: the jail's root, listed but not inherited as read
  bool devices = false;    // IOCTL_DEV (ABI 5): ioctls on device files below (terminals)
  uint64_t allowed = 0;    // LANDLOCK_ACCESS_FS_* granted, masked to the ABI
};

struct LandlockPlan {
  bool enabled = false;
  std::vector<LandlockRule> rules;
  bool scope_signals = true;        // ABI 6
  bool scope_abstract_unix = true;  // ABI 6
  // What is enforced at the host's ABI (min(kernel, what paddock knows)).
  int abi = 0;
  uint64_t handled_fs = 0;      // rights the ruleset restricts
  uint64_t scoped = 0;          // LANDLOCK_SCOPE_* the ruleset restricts
  uint64_t dropped_fs = 0;      // rights some rule needs that this ABI cannot restrict
  uint64_t dropped_scopes = 0;  // requested scopes this ABI does not have
};

// A protected path that did not exist: created empty on the host before the
// run so a read-only bind can cover it, removed after (src/jail/placeholders).
struct Placeholder {
  std::string path;  // host path (inside the project, a git dir or a shared dir)
  bool directory = false;
  std::string content;  // for files
  // Left in place after the run: in a directory shared from the real home,
  // another project's run may have it mounted, and removing a mount point on
  // the host would detach that run's protection.
  bool keep = false;
};

// What the end-of-run review compares before and after the run
// (src/review): git state that hides work from the user or runs code later,
// and agent or editor config that runs code later: below the project root,
// and at the root where it is not protected.
struct ReviewWatch {
  std::string project;                                  // walked for .git entries created by the run
  std::vector<std::string> index_files;                 // git index files: assume-unchanged / skip-worktree
  std::vector<std::string> todo_files;                  // rebase and sequencer todo lists: exec lines
  std::vector<std::string> modules_dirs;                // <git dir>/modules: submodule git dirs created
  std::vector<std::string> known_git_entries;           // nested .git entries found while planning
  std::map<std::string, uint32_t> known_bare_git_dirs;  // and bare repositories (HostFacts::nested_bare)
  std::vector<std::string> known_too_deep;              // and directories too deep to look into
  std::map<std::string, uint64_t> known_agent_configs;  // and config below the root (HostFacts::nested_agent_configs)
  std::string scan_cache;                               // the project walk's cache (jail/scan_cache.h)
  // Protected paths that are not read-only in this run (no mount namespace):
  // compared before and after, every change reported.
  std::vector<std::string> unguarded_paths;
  // Every path the plan protects (read-only, or compared as
  // unguarded_paths): agent and editor config at the project root outside
  // them (missing names protected only while present, --unprotect) is
  // compared before and after instead.
  std::vector<std::string> protected_paths;
  // The project and the directories above protected paths (anchors): made
  // group- or world-writable, they let another local user plant what the
  // read-only binds keep from the jail (.git/hooks), for the host's git.
  std::vector<std::string> mode_paths;
};

// --overlay: the run whose layer holds the project's changes until
// `paddock apply` (docs/overlay.md).
struct OverlayPlan {
  bool enabled = false;
  std::string run_id;   // a directory name below the project's runs
  std::string run_dir;  // <state>/overlays/<project>/<run_id>: upper/, work/, run.json
  // Paths (relative to the project) paddock creates in the layer as mount
  // points of protected paths: not the agent's changes.
  std::vector<std::string> placeholders;
  std::vector<std::string> protected_paths;  // relative to the project
  // --protect-branch; none: the run takes HEAD's branch and the tracked
  // ones when it starts (overlay/git_refs.h DefaultProtectedBranches).
  std::vector<std::string> protected_branches;
  // --overlay-on: the runs it continues, its base first (run.json "base" is
  // the first).
  std::vector<std::string> bases;
};

// Which hardening layers the run enforces: for `paddock plan`, doctor, audit.
struct LayerState {
  std::string layer;  // policy::kLayer*
  bool enforced = false;
  std::string detail;  // "ABI 7", "degraded: <reason>", ...
};

struct LimitsPlan {
  CgroupMode cgroup = CgroupMode::kNone;
  std::optional<uint64_t> memory_bytes;
  std::optional<double> cpus;
  std::optional<uint64_t> pids;
  std::optional<uint64_t> timeout_ms;
  uint64_t tmp_size_bytes = 0;
  // Who enforces each limit, where cgroup leaves go, and the rlimits the
  // child sets (plan/limits_plan.h).
  LimitMechanism memory_by = LimitMechanism::kNone, cpus_by = LimitMechanism::kNone, pids_by = LimitMechanism::kNone,
                 timeout_by = LimitMechanism::kNone;
  std::string cgroup_v2_parent;
  // Not "": cgroup_v2_parent is "" and the run asks the user's systemd
  // manager at this D-Bus address for a delegated scope to be the parent.
  std::string cgroup_v2_systemd_manager;
  std::set<std::string> cgroup_v2_controllers;
  std::map<std::string, std::string> cgroup_v1_parents;  // controller -> parent dir
  bool limit_swap = false;  // memory.swap.max=0 / memsw = memory: no swapping past the limit
  RlimitsPlan rlimits;
  uint64_t kill_grace_ms = 5000;      // after the timeout's SIGTERM
  std::vector<std::string> warnings;  // explicit limits enforced weaker than asked
};

struct LaunchPlan {
  std::vector<std::string> argv;
  std::vector<std::string> env;  // NAME=VALUE
  std::string cwd;               // inside the jail
  std::string hostname;
  Namespaces namespaces;

  // Identity: the command runs as inside_uid/inside_gid, i.e. host_uid/host_gid.
  uint32_t inside_uid = 0, inside_gid = 0;
  uint32_t host_uid = 0, host_gid = 0;
  std::vector<IdMapLine> uid_map, gid_map;
  bool deny_setgroups = true;  // rootless: required before gid_map
  bool drop_groups = false;    // root: setgroups(0, NULL) inside, before setuid
  // Root started paddock: user-data binds go through an idmapped mount that
  // shows the invoker's files (on-disk owner invoker_uid) as host_uid.
  bool use_idmapped_mounts = false;
  uint32_t invoker_uid = 0, invoker_gid = 0;

  std::string jail_home_host;    // persistent per-project home on the host
  std::string jail_home_target;  // where it appears (the real home's path)
  std::vector<MountOp> mounts;   // in order; read-only is applied after all mounts

  std::string profile;                                       // the built-in profile the options started from
  policy::Verbosity verbosity = policy::Verbosity::kNormal;  // what paddock itself prints
  policy::NetMode net = policy::NetMode::kNone;
  NetworkPlan network;        // --net allow
  std::vector<int> keep_fds;  // inherited fds kept open (besides 0, 1, 2)

  SeccompProfile seccomp;
  bool seccomp_enabled = true;
  LandlockPlan landlock;
  // What pid 1 execs once the command runs (the paddock-init beside paddock);
  // "" keeps it in paddock's process. Only with a pid namespace and Landlock:
  // the command's domain is then nested in pid 1's, so it cannot trace pid 1
  // in the moment after that exec, before pid 1 is non-dumpable again.
  std::string init_binary;
  LimitsPlan limits;
  std::set<std::string> degrade;  // layers the user allowed to be missing
  bool stats = false;
  std::string audit_log;  // JSON-lines file for audit events ("" = none; docs/audit.md)
  // What the run-start record names besides the plan (plan/run_record.h).
  std::string preset;
  std::string run_id;  // set by `paddock run` (jail::NewRunId); every record carries it
  // Hardening (src/plan/hardening_plan.cc).
  std::vector<Placeholder> placeholders;
  std::string placeholder_dir;    // where placeholders are recorded (<state>/placeholders)
  std::string seccomp_cache_dir;  // compiled filters kept between runs (<state>/seccomp); empty: none
  // Placeholders a crashed run left, planned as missing; the run removes them first.
  std::vector<std::string> stale_placeholders;
  std::vector<std::string> protected_paths;  // host paths kept read-only
  ReviewWatch review;
  OverlayPlan overlay;
  std::vector<LayerState> layers;
  std::vector<std::string> hardening_warnings;
};

}  // namespace paddock::plan
