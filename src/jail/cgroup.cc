// Shared cgroup code: file helpers, leaf naming and locking, the host probe,
// stale-leaf cleanup and the v1/v2 factory.
#include "jail/cgroup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <set>
#include <sstream>

#include "base/strings.h"
#include "jail/read_file.h"
#include "jail/systemd_scope.h"

namespace paddock::jail {
namespace cg {

Status WriteFile(const std::string& path, const std::string& value) {
  int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
  if (fd < 0) return SysError("open", path, errno);
  ssize_t n = ::write(fd, value.data(), value.size());
  int err = errno;
  ::close(fd);
  if (n < 0) return SysError("write \"" + value + "\" to", path, err);
  if (static_cast<size_t>(n) != value.size()) return OpError("write", path, "short write");
  return Ok();
}

std::optional<uint64_t> ReadNumber(const std::string& path) {
  auto text = ReadSmallFile(path, kMaxFileBytes);
  if (!text) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  unsigned long long v = strtoull(text->c_str(), &end, 10);
  if (errno || end == text->c_str()) return std::nullopt;
  return v;
}

std::optional<uint64_t> ReadKeyed(const std::string& path, const std::string& key) {
  auto text = ReadSmallFile(path, kMaxFileBytes);
  if (!text) return std::nullopt;
  std::istringstream in(*text);
  std::string k;
  unsigned long long v;
  while (in >> k) {
    if (!(in >> v)) {
      in.clear();
      continue;
    }
    if (k == key) return v;
  }
  return std::nullopt;
}

std::vector<pid_t> ReadPids(const std::string& procs_file) {
  std::vector<pid_t> pids;
  auto text = ReadSmallFile(procs_file, kMaxFileBytes);
  if (!text) return pids;
  for (const auto& line : Split(*text, '\n')) {
    if (line.empty()) continue;
    long v = strtol(line.c_str(), nullptr, 10);
    if (v > 0) pids.push_back(static_cast<pid_t>(v));
  }
  return pids;
}

void SleepMs(int ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {}
}

}  // namespace cg
namespace {

// Field 22 of /proc/<pid>/stat: start time in clock ticks since boot.
std::optional<std::string> StartTime(const CgroupRoots& roots, const std::string& pid) {
  auto text = ReadSmallFile(roots.proc + "/" + pid + "/stat", cg::kMaxFileBytes);
  if (!text) return std::nullopt;
  size_t paren = text->rfind(')');
  if (paren == std::string::npos) return std::nullopt;
  std::istringstream in(text->substr(paren + 1));
  std::string field;
  for (int i = 3; i <= 22; ++i)
    if (!(in >> field)) return std::nullopt;
  return field;
}

}  // namespace

namespace cg {

std::string LeafName(const CgroupRoots& roots) {
  std::string pid = std::to_string(getpid());
  return "paddock-" + pid + "-" + StartTime(roots, pid).value_or("0");
}

Result<UniqueFd> MakeLeaf(const std::string& dir, const CgroupOptions& options) {
  if (::mkdir(dir.c_str(), 0755) != 0) return SysError("create cgroup", dir, errno);
  if (options.ops.after_mkdir) options.ops.after_mkdir(dir);
  UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid()) {
    int err = errno;
    (void)RemoveLeaf(dir, options.ops);
    return SysError("open cgroup", dir, err);
  }
  // Held until paddock exits: tells a later run this leaf is not stale.
  if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    (void)RemoveLeaf(dir, options.ops);
    return SysError("lock cgroup", dir, err);
  }
  return fd;
}

Status RemoveLeaf(const std::string& dir, const CgroupOps& ops) {
  // Tasks killed a moment ago may still be exiting: rmdir says EBUSY.
  for (int attempt = 0; attempt < 200; ++attempt) {
    int rc = ops.rmdir ? ops.rmdir(dir) : ::rmdir(dir.c_str());
    if (rc == 0 || errno == ENOENT) return Ok();
    if (errno != EBUSY) return SysError("remove cgroup", dir, errno);
    SleepMs(attempt < 20 ? 1 : 10);
  }
  return SysError("remove cgroup", dir, EBUSY);
}

}  // namespace cg

namespace {

bool Exists(const std::string& path) { return ::access(path.c_str(), F_OK) == 0; }
bool Writable(const std::string& path) { return ::access(path.c_str(), W_OK) == 0; }

// "N:controllers:path" lines of /proc/self/cgroup: controller -> path ("" for v2).
std::map<std::string, std::string> OwnCgroups(const CgroupRoots& roots) {
  std::map<std::string, std::string> out;
  auto text = ReadSmallFile(roots.proc + "/self/cgroup", cg::kMaxFileBytes);
  if (!text) return out;
  for (const auto& line : Split(*text, '\n')) {
    size_t a = line.find(':');
    size_t b = a == std::string::npos ? a : line.find(':', a + 1);
    if (b == std::string::npos) continue;
    std::string controllers = line.substr(a + 1, b - a - 1);
    std::string path = line.substr(b + 1);
    if (controllers.empty()) {
      out[""] = path;
      continue;
    }
    for (const auto& c : Split(controllers, ',')) out[c] = path;
  }
  return out;
}

std::string Parent(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == 0 || slash == std::string::npos ? "/" : path.substr(0, slash);
}

std::set<std::string> Words(const std::string& path) {
  std::set<std::string> out;
  auto text = ReadSmallFile(path, cg::kMaxFileBytes);
  if (!text) return out;
  std::istringstream in(*text);
  std::string w;
  while (in >> w) out.insert(w);
  return out;
}

// The v2 subtree paddock may use: the parent of its own cgroup (its own
// cgroup holds processes, so by the "no internal processes" rule it cannot
// have controller-enabled children), or the root when paddock sits there.
void ProbeV2(const std::string& mount, const std::string& own, plan::CgroupFacts& facts) {
  std::string rel = NormalizePath(own.empty() ? "/" : own);
  bool at_root = rel == "/";
  std::string parent = NormalizePath(mount + (at_root ? "/" : Parent(rel)));
  if (!Writable(parent) || !Writable(parent + "/cgroup.procs")) return;
  bool parent_is_root = at_root || NormalizePath(parent) == NormalizePath(mount);
  auto enabled = Words(parent + "/cgroup.subtree_control");
  auto available = Words(parent + "/cgroup.controllers");
  // Enabling a controller needs a writable subtree_control and, except at
  // the root, no processes in the parent itself.
  bool can_enable = Writable(parent + "/cgroup.subtree_control") &&
                    (parent_is_root || cg::ReadPids(parent + "/cgroup.procs").empty());
  facts.v2_parent = parent;
  for (const char* c : {"memory", "pids", "cpu"})
    if (enabled.count(c) || (can_enable && available.count(c))) facts.v2_controllers.insert(c);
}

// No writable v2 subtree: a rootless run in one of the user's login
// sessions (`own` is in user-UID.slice: ssh, console) can still get one per
// run, a transient scope from the user's systemd manager
// (jail/systemd_scope.h), with the controllers systemd delegates to it.
// Elsewhere -- a system service running as the user, say -- the jail stays
// where it was started, under whatever limits that unit has.
void ProbeSystemdScope(const CgroupRoots& roots, const std::string& own, plan::CgroupFacts& facts) {
  uid_t uid = roots.uid ? *roots.uid : geteuid();
  if (uid == 0) return;  // root writes any cgroup: it has v2_parent when it has anything
  std::string u = std::to_string(uid);
  if (!StartsWith(NormalizePath(own), "/user.slice/user-" + u + ".slice/")) return;
  std::string address = UserManagerAddress(uid, roots.runtime_dir);
  if (address.empty()) return;
  auto available = Words(roots.fs + "/user.slice/user-" + u + ".slice/user@" + u + ".service/cgroup.controllers");
  std::set<std::string> controllers;
  for (const char* c : {"memory", "pids", "cpu"})
    if (available.count(c)) controllers.insert(c);
  if (controllers.empty()) return;
  facts.v2_parent.clear();
  facts.v2_controllers = std::move(controllers);
  facts.v2_systemd_manager = address;
}

// Asks the user's systemd manager for the scope `unit` holding paddock, then
// moves paddock into its "supervisor" leaf, so that the scope's root holds
// no process and may enable controllers for the jail's leaf beside it.
// Returns the scope's directory: the jail's parent.
Result<std::string> EnterSystemdScope(const plan::LimitsPlan& limits, const std::string& unit,
                                      const CgroupRoots& roots) {
  // Room above the jail's pids limit for paddock itself (supervisor,
  // proxy threads) in the supervisor leaf.
  std::optional<uint64_t> tasks_max;
  if (limits.pids_by == plan::LimitMechanism::kCgroupV2 && limits.pids) tasks_max = *limits.pids + 64;
  if (auto st = StartSystemdScope(limits.cgroup_v2_systemd_manager, unit, tasks_max); !st) return st.error();
  std::string own = OwnCgroups(roots)[""];
  const std::string tail = "/" + unit;
  if (own.size() < tail.size() || own.compare(own.size() - tail.size(), tail.size(), tail) != 0)
    return OpError("start a systemd scope for the jail's limits", unit,
                   "the scope started, but paddock is in " + (own.empty() ? "no cgroup" : own));
  std::string scope = NormalizePath(roots.fs + own);
  std::string leaf = scope + "/supervisor";
  if (::mkdir(leaf.c_str(), 0755) != 0 && errno != EEXIST) return SysError("create cgroup", leaf, errno);
  // "0": the writing process, with all its threads.
  if (auto st = cg::WriteFile(leaf + "/cgroup.procs", "0"); !st) return st.error();
  return scope;
}

bool IsPaddockLeaf(const std::string& name, std::string& pid, std::string& start) {
  if (!StartsWith(name, "paddock-")) return false;
  std::string rest = name.substr(8);
  size_t dash = rest.find('-');
  if (dash == std::string::npos || dash == 0 || dash + 1 == rest.size()) return false;
  pid = rest.substr(0, dash);
  start = rest.substr(dash + 1);
  for (char c : pid + start)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

plan::CgroupMode ProbeCgroupMode(const CgroupRoots& roots) {
  if (Exists(roots.fs + "/cgroup.controllers")) return plan::CgroupMode::kV2;
  for (const char* c : {"memory", "pids", "cpu", "cpuacct", "freezer"})
    if (Exists(roots.fs + "/" + c + "/cgroup.procs")) return plan::CgroupMode::kV1;
  return plan::CgroupMode::kNone;
}

plan::CgroupFacts ProbeCgroups(std::optional<KernelVersion> kernel, const CgroupRoots& roots) {
  plan::CgroupFacts facts;
  facts.rlimit_nproc_per_userns = kernel && kernel->AtLeast(5, 14);
  auto own = OwnCgroups(roots);
  auto own_v2 = own.find("");
  if (Exists(roots.fs + "/cgroup.controllers")) {  // unified
    std::string own_path = own_v2 == own.end() ? "/" : own_v2->second;
    ProbeV2(roots.fs, own_path, facts);
    if (facts.v2_parent.empty() || facts.v2_controllers.empty()) ProbeSystemdScope(roots, own_path, facts);
    return facts;
  }
  // Hybrid: cgroup2 at <fs>/unified (often without controllers) next to v1.
  if (Exists(roots.fs + "/unified/cgroup.controllers") && own_v2 != own.end())
    ProbeV2(roots.fs + "/unified", own_v2->second, facts);
  for (const char* c : {"memory", "pids", "cpu", "cpuacct", "freezer"}) {
    std::string hierarchy = roots.fs + "/" + c;
    if (!Exists(hierarchy + "/cgroup.procs") || Exists(hierarchy + "/cgroup.controllers")) continue;
    auto it = own.find(c);
    // v1 has no "no internal processes" rule: the leaf goes below our own
    // cgroup, so the invoker's limits still apply on top of the jail's.
    std::string dir = NormalizePath(hierarchy + (it == own.end() ? "/" : "/" + it->second));
    if (Writable(dir) && Writable(dir + "/cgroup.procs")) facts.v1_parents[c] = dir;
  }
  if (facts.v1_parents.count("memory"))
    facts.v1_memsw = Exists(facts.v1_parents["memory"] + "/memory.memsw.limit_in_bytes");
  return facts;
}

int RemoveStaleLeaves(const std::string& parent, const CgroupOptions& options) {
  DIR* d = ::opendir(parent.c_str());
  if (!d) return 0;
  std::vector<std::string> names;
  while (struct dirent* e = ::readdir(d)) names.emplace_back(e->d_name);
  ::closedir(d);
  int removed = 0;
  for (const auto& name : names) {
    std::string pid, start;
    if (!IsPaddockLeaf(name, pid, start)) continue;
    std::string dir = parent + "/" + name;
    // A live owner (same pid and start time) keeps its leaf, whatever the lock says.
    if (StartTime(options.roots, pid) == start) continue;
    UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd.valid()) continue;
    if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) continue;  // someone holds it: not stale
    if (Exists(dir + "/cgroup.controllers")) {
      cg::KillV2(dir);
    } else {
      cg::KillV1({dir}, Exists(dir + "/freezer.state") ? dir : "");
    }
    if (cg::RemoveLeaf(dir, options.ops)) ++removed;
  }
  return removed;
}

Result<std::unique_ptr<Cgroup>> CreateCgroup(const plan::LimitsPlan& limits, const CgroupOptions& options) {
  std::string name = options.leaf_name.empty() ? cg::LeafName(options.roots) : options.leaf_name;
  if (limits.cgroup == plan::CgroupMode::kV2) {
    std::string parent = limits.cgroup_v2_parent;
    if (!limits.cgroup_v2_systemd_manager.empty()) {
      auto scope = EnterSystemdScope(limits, name + ".scope", options.roots);
      if (!scope)
        return Error(scope.error())
            .WithHint(
                "systemctl --user status shows the user's systemd manager; or run paddock in a delegated "
                "scope of your own: systemd-run --user --scope -p Delegate=yes paddock run ...")
            .WithLayer(policy::kLayerCgroup);
      parent = *scope;
    }
    RemoveStaleLeaves(parent, options);
    auto enabled = Words(parent + "/cgroup.subtree_control");
    for (const auto& c : limits.cgroup_v2_controllers) {
      if (enabled.count(c)) continue;
      if (auto st = cg::WriteFile(parent + "/cgroup.subtree_control", "+" + c); !st)
        return OpError("enable the " + c + " controller in", parent, st.error().message);
    }
    std::string leaf = parent + "/" + name;
    auto fd = cg::MakeLeaf(leaf, options);
    if (!fd) return fd.error();
    auto group = cg::NewCgroupV2(limits, options, leaf, std::move(fd.value()));
    if (auto st = cg::ApplyV2Limits(leaf, limits); !st) return st.error();  // group's dtor removes the leaf
    return group;
  }
  if (limits.cgroup == plan::CgroupMode::kV1) {
    // Co-mounted controllers (cpu,cpuacct) share one hierarchy and so one leaf.
    std::map<std::string, std::string> leaves;   // controller -> leaf dir
    std::map<std::string, std::string> by_real;  // real parent -> leaf dir
    std::vector<UniqueFd> fds;
    std::vector<std::string> made;
    auto undo = [&] {
      fds.clear();
      for (const auto& dir : made) (void)cg::RemoveLeaf(dir, options.ops);
    };
    for (const auto& [controller, parent] : limits.cgroup_v1_parents) {
      char real[PATH_MAX];
      std::string key = ::realpath(parent.c_str(), real) ? real : parent;
      auto it = by_real.find(key);
      if (it != by_real.end()) {
        leaves[controller] = it->second;
        continue;
      }
      RemoveStaleLeaves(parent, options);
      std::string leaf = parent + "/" + name;
      auto fd = cg::MakeLeaf(leaf, options);
      if (!fd) {
        undo();
        return fd.error();
      }
      fds.push_back(std::move(fd.value()));
      made.push_back(leaf);
      by_real[key] = leaf;
      leaves[controller] = leaf;
    }
    auto group = cg::NewCgroupV1(limits, options, leaves, std::move(fds));
    if (auto st = cg::ApplyV1Limits(leaves, limits); !st) return st.error();
    return group;
  }
  return std::unique_ptr<Cgroup>();
}

}  // namespace paddock::jail
