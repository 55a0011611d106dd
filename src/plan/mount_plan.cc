// The jail's filesystem: an allow-list view of the host, not read-only "/"
// with holes. System directories read-only, the project read-write, a
// persistent per-project home at the real home's path, fresh /tmp, /run,
// /dev and /proc. Everything else (other homes, /root, /srv, /mnt, /media,
// /var/lib, /run/user, host sockets) is simply absent.
#include <algorithm>
#include <cctype>

#include "base/strings.h"
#include "plan/build_plan.h"

namespace paddock::plan {
namespace {

// Read-only system directories, when present on the host.
constexpr const char* kSystemDirs[] = {"/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc", "/opt"};

// Files under /etc that hold secrets even when readable by the caller's groups.
constexpr const char* kEtcSecretFiles[] = {"/etc/shadow",   "/etc/gshadow",          "/etc/shadow-",
                                           "/etc/gshadow-", "/etc/security/opasswd", "/etc/sudoers"};
constexpr const char* kEtcSecretDirs[] = {"/etc/ssl/private", "/etc/sudoers.d"};

// procfs entries a sandboxed process has no business writing or reading.
constexpr const char* kProcReadOnly[] = {"/proc/sys", "/proc/sysrq-trigger", "/proc/irq", "/proc/bus", "/proc/fs"};
constexpr const char* kProcMaskFiles[] = {"/proc/kcore",       "/proc/keys",          "/proc/timer_list",
                                          "/proc/sched_debug", "/proc/latency_stats", "/proc/kallsyms",
                                          "/proc/kmsg",        "/proc/config.gz"};
constexpr const char* kProcMaskDirs[] = {"/proc/acpi", "/proc/scsi", "/proc/driver"};

// The parts of sysfs that runtimes and build tools size themselves from
// (CPU topology and online CPUs, NUMA nodes, transparent huge pages) and the
// jail's own interfaces. An allow-list: DMI and firmware identifiers, other
// devices' attributes, power counters, the kernel's debug, security, tracing
// and BPF filesystems and the host's cgroups stay out.
struct SysfsPartName {
  const char* path;
  bool own_net_only;
};
constexpr SysfsPartName kSysfsParts[] = {
    {"devices/system/cpu", false}, {"devices/system/node", false}, {"kernel/mm/transparent_hugepage", false},
    {"class/net", true},           {"devices/virtual/net", true},
};

constexpr const char* kDevNodes[] = {"/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", "/dev/tty"};

MountOp Bind(std::string source, std::string target, bool writable, std::string why) {
  MountOp op;
  op.type = MountType::kBind;
  op.source = std::move(source);
  op.target = std::move(target);
  op.read_only = !writable;
  op.why = std::move(why);
  return op;
}

MountOp Tmpfs(std::string target, uint32_t mode, uint64_t size, std::string why) {
  MountOp op;
  op.type = MountType::kTmpfs;
  op.target = std::move(target);
  op.mode = mode;
  op.data = "size=" + std::to_string(size) + ",mode=" + [&] {
    char buf[8];
    snprintf(buf, sizeof buf, "%o", mode);
    return std::string(buf);
  }();
  op.why = std::move(why);
  return op;
}

// A fresh kernel filesystem (procfs, devpts, mqueue): never executable.
MountOp Fresh(MountType type, std::string target, std::string why) {
  MountOp op;
  op.type = type;
  op.target = std::move(target);
  op.noexec = true;
  op.why = std::move(why);
  return op;
}

MountOp Symlink(std::string link_text, std::string target, std::string why) {
  MountOp op;
  op.type = MountType::kSymlink;
  op.source = std::move(link_text);
  op.target = std::move(target);
  op.why = std::move(why);
  return op;
}

MountOp Mask(std::string target, bool dir, std::string why) {
  MountOp op;
  op.type = dir ? MountType::kMaskDir : MountType::kMaskFile;
  op.target = std::move(target);
  op.read_only = true;
  op.optional = true;
  op.why = std::move(why);
  return op;
}

// /etc with the policy's files added (a read-only overlay: agents read their
// system-wide settings from directories the host usually lacks), or as it is.
MountOp EtcMount(const policy::Policy& policy) {
  MountOp op = Bind("/etc", "/etc", false, "system, read-only");
  if (policy.etc_files.empty()) return op;
  op.type = MountType::kOverlay;
  for (const auto& [path, content] : policy.etc_files) op.files.push_back({path, content});
  op.why = "system, read-only, with the agent's system-wide settings added";
  return op;
}

void AddSystemDirs(const policy::Policy& policy, const HostFacts& host, LaunchPlan& plan) {
  for (const char* dir : kSystemDirs) {
    auto it = host.paths.find(dir);
    if (it == host.paths.end()) continue;
    if (it->second.kind == PathKind::kSymlink) {
      // Merged /usr: /bin -> usr/bin. Recreate the link, do not bind.
      plan.mounts.push_back(Symlink(it->second.link_target, dir, "system (merged /usr)"));
    } else if (it->second.kind == PathKind::kDirectory) {
      plan.mounts.push_back(std::string(dir) == "/etc" ? EtcMount(policy) : Bind(dir, dir, false, "system, read-only"));
    }
  }
  for (const char* file : kEtcSecretFiles)
    if (host.KindOf(file) != PathKind::kMissing) plan.mounts.push_back(Mask(file, false, "secret"));
  for (const char* dir : kEtcSecretDirs)
    if (host.KindOf(dir) == PathKind::kDirectory) plan.mounts.push_back(Mask(dir, true, "secret"));
  for (const auto& entry : host.etc_ssh_entries) {
    if (entry.find("key") != std::string::npos && StartsWith(entry, "ssh_host_"))
      plan.mounts.push_back(Mask("/etc/ssh/" + entry, false, "ssh host key"));
  }
}

void AddProc(LaunchPlan& plan) {
  plan.mounts.push_back(Fresh(MountType::kProc, "/proc", "procfs of the jail's pid namespace"));
  for (const char* path : kProcReadOnly) {
    MountOp op = Bind(path, path, false, "kernel tunables, read-only");
    op.source_in_jail = true;
    op.optional = true;  // a kernel without CONFIG_MAGIC_SYSRQ has no sysrq-trigger
    op.source_is_dir = std::string_view(path) != "/proc/sysrq-trigger";
    plan.mounts.push_back(op);
  }
  for (const char* path : kProcMaskFiles) plan.mounts.push_back(Mask(path, false, "kernel internals"));
  for (const char* path : kProcMaskDirs) plan.mounts.push_back(Mask(path, true, "kernel internals"));
}

void AddSys(LaunchPlan& plan) {
  MountOp sys;
  sys.type = MountType::kSysfs;
  sys.target = "/sys";
  sys.read_only = true;
  sys.noexec = true;
  sys.optional = true;  // compatibility, not a wall: a host without sysfs gets an empty /sys
  if (plan.namespaces.net) {
    sys.why = "parts of a sysfs of the jail's network namespace, read-only";
  } else {
    sys.source = "/sys";  // the kernel gives a fresh sysfs only to a network namespace's owner
    sys.why = "parts of the host's sysfs, read-only";
  }
  for (const auto& part : kSysfsParts)
    if (plan.namespaces.net || !part.own_net_only) sys.sysfs_parts.push_back({part.path, part.own_net_only});
  plan.mounts.push_back(std::move(sys));
}

void AddDev(const policy::Policy& policy, const HostFacts& host, LaunchPlan& plan) {
  MountOp dev = Tmpfs("/dev", 0755, 1 << 20, "minimal /dev");
  dev.noexec = true;
  dev.nodev = false;  // the device nodes below are binds of the host's
  dev.read_only = true;
  plan.mounts.push_back(dev);
  for (const char* node : kDevNodes) {
    MountOp op = Bind(node, node, true, "device");
    op.source_is_dir = false;
    op.nodev = false;
    op.recursive = false;
    op.noexec = true;
    plan.mounts.push_back(op);
  }
  // The terminal the command inherits lives in the host's devpts, which the
  // jail does not see (its own is private): without a name for it in the
  // jail, ttyname() fails (`tty`, GPG_TTY=$(tty) for signed commits). As
  // container runtimes do, it is /dev/console; the command holds it already.
  if (!host.terminal.empty()) {
    MountOp console = Bind(host.terminal, "/dev/console", true, "the terminal paddock runs on");
    console.source_is_dir = false;
    console.nodev = false;
    console.recursive = false;
    console.noexec = true;
    plan.mounts.push_back(console);
  }
  MountOp pts = Fresh(MountType::kDevpts, "/dev/pts", "private pseudo-terminals");
  pts.nodev = false;
  pts.data = "newinstance,ptmxmode=0666,mode=0620";
  plan.mounts.push_back(pts);
  plan.mounts.push_back(Symlink("pts/ptmx", "/dev/ptmx", "pseudo-terminal multiplexer"));
  MountOp shm = Tmpfs("/dev/shm", 01777, policy.tmp_size_bytes, "POSIX shared memory");
  shm.noexec = policy.tmp_noexec;
  plan.mounts.push_back(shm);
  MountOp mq = Fresh(MountType::kMqueue, "/dev/mqueue", "POSIX message queues of the jail's ipc namespace");
  mq.optional = true;
  plan.mounts.push_back(mq);
  plan.mounts.push_back(Symlink("/proc/self/fd", "/dev/fd", "fd links"));
  plan.mounts.push_back(Symlink("/proc/self/fd/0", "/dev/stdin", "fd links"));
  plan.mounts.push_back(Symlink("/proc/self/fd/1", "/dev/stdout", "fd links"));
  plan.mounts.push_back(Symlink("/proc/self/fd/2", "/dev/stderr", "fd links"));
}

void AddScratch(const policy::Policy& policy, const HostFacts& host, LaunchPlan& plan) {
  MountOp tmp = Tmpfs("/tmp", 01777, policy.tmp_size_bytes, "scratch, size-capped");
  tmp.noexec = policy.tmp_noexec;
  plan.mounts.push_back(tmp);
  plan.mounts.push_back(Tmpfs("/run", 0755, 64 << 20, "fresh, no host sockets"));
  MountOp var = Tmpfs("/var", 0755, 1 << 20, "fresh; /var/lib and host state absent");
  var.read_only = true;
  plan.mounts.push_back(var);
  // The same scratch space, as a directory rather than a symlink so that
  // grants below /var/tmp can be mounted.
  MountOp var_tmp = Bind("/tmp", "/var/tmp", true, "scratch (the jail's /tmp)");
  var_tmp.source_in_jail = true;
  var_tmp.noexec = policy.tmp_noexec;
  plan.mounts.push_back(var_tmp);
  // DNS with --net host: /etc/resolv.conf often points into /run, which the
  // jail does not share. Make just that file visible.
  if (policy.net == policy::NetMode::kHost) {
    auto it = host.paths.find("/etc/resolv.conf");
    if (it != host.paths.end() && it->second.kind == PathKind::kSymlink) {
      auto target = it->second.link_target;
      if (!target.empty() && target[0] != '/') target = NormalizePath("/etc/" + target);
      if (!PathIsWithin(target, "/etc") && host.KindOf(target) == PathKind::kFile) {
        MountOp op = Bind(target, target, false, "DNS resolver configuration");
        op.source_is_dir = false;
        plan.mounts.push_back(op);
      }
    }
  }
}

// The user's data: jail home, shares, the project and extra grants. Sorted so
// that a parent is mounted before anything below it.
Status AddUserData(const policy::Policy& policy, const HostFacts& host, LaunchPlan& plan) {
  std::vector<MountOp> ops;
  MountOp home = Bind(plan.jail_home_host, plan.jail_home_target, true, "jail home (persistent, per project)");
  ops.push_back(home);
  for (const auto& share : policy.home_shares) {
    auto kind = host.KindOf(share.path);
    if (kind == PathKind::kMissing) return OpError("share", share.path, "No such file or directory");
    MountOp op = Bind(share.path, share.path, share.writable, "shared from the real home");
    op.source_is_dir = kind == PathKind::kDirectory;
    ops.push_back(op);
  }
  MountOp project = Bind(policy.project_dir, policy.project_dir, true, "project");
  ops.push_back(project);
  // The hook the managed settings register runs paddock itself, inside (or
  // the paddock-hook beside it, which the registration then names).
  if (policy.show_self) {
    for (const auto& [exe, why] : {std::pair{host.self_exe, "paddock itself, for the hook"},
                                   std::pair{host.hook_exe, "paddock-hook, the hook the agent's settings register"}}) {
      if (exe.empty() || InSystemDir(exe)) continue;
      MountOp self = Bind(exe, exe, false, why);
      self.source_is_dir = false;
      ops.push_back(self);
    }
  }
  for (const auto& grant : policy.extra_paths) {
    auto kind = host.KindOf(grant.path);
    if (kind == PathKind::kMissing)
      return OpError(grant.writable ? "grant read-write" : "grant read-only", grant.path, "No such file or directory");
    MountOp op =
        Bind(grant.path, grant.path, grant.writable, grant.writable ? "granted read-write" : "granted read-only");
    op.source_is_dir = kind == PathKind::kDirectory;
    ops.push_back(op);
  }
  for (auto& op : ops) op.idmapped = plan.use_idmapped_mounts;
  SortByPathDepth(ops, [](const MountOp& op) -> const std::string& { return op.target; });
  for (auto& op : ops) plan.mounts.push_back(std::move(op));
  return Ok();
}

}  // namespace

bool InSystemDir(const std::string& path) {
  return std::any_of(std::begin(kSystemDirs), std::end(kSystemDirs),
                     [&](const char* dir) { return PathIsWithin(path, dir); });
}

std::vector<std::string> HostPathsToProbe(const policy::Policy& policy, const std::map<std::string, std::string>& env) {
  std::vector<std::string> paths(std::begin(kSystemDirs), std::end(kSystemDirs));
  paths.insert(paths.end(), std::begin(kEtcSecretFiles), std::end(kEtcSecretFiles));
  paths.insert(paths.end(), std::begin(kEtcSecretDirs), std::end(kEtcSecretDirs));
  paths.push_back("/etc/resolv.conf");
  paths.push_back("/etc/hosts");
  paths.push_back("/etc/hostname");
  paths.push_back(kDefaultShell);
  paths.push_back(policy.project_dir);
  for (const auto& g : policy.extra_paths) paths.push_back(g.path);
  for (const auto& g : policy.home_shares) paths.push_back(g.path);
  if (auto it = env.find("SHELL"); it != env.end()) paths.push_back(it->second);
  return paths;
}

namespace {

// Started by root, the jail's user is uid kRootJailInsideId, which may be a
// host account's (uid 1000 is usually the first user): give it a name of its
// own, "paddock", in the jail's view of the user database, so whoami and
// os.userInfo() neither fail nor name someone else. Entries that hold its
// uid/gid or the name are replaced; every other entry stays for system tools.
std::string JailUserDatabase(const std::string& file, const std::string& id, const std::string& entry) {
  std::string out;
  for (const auto& line : Split(file, '\n')) {
    auto fields = Split(line, ':');
    if (line.empty() || (fields.size() > 2 && (fields[2] == id || fields[0] == "paddock"))) continue;
    out += line + "\n";
  }
  return out + entry + "\n";
}

void AddJailUser(const HostFacts& host, LaunchPlan& plan) {
  // The invoker's shell, when it has an entry.
  std::string shell = "/bin/sh";
  for (const auto& line : Split(host.etc_passwd, '\n')) {
    auto fields = Split(line, ':');
    if (fields.size() > 6 && fields[2] == std::to_string(host.uid) && !fields[6].empty()) shell = fields[6];
  }
  std::string uid = std::to_string(plan.inside_uid), gid = std::to_string(plan.inside_gid);
  MountOp passwd;
  passwd.type = MountType::kFile;
  passwd.target = "/etc/passwd";
  passwd.data =
      JailUserDatabase(host.etc_passwd, uid,
                       "paddock:x:" + uid + ":" + gid + ":paddock jail user:" + plan.jail_home_target + ":" + shell);
  passwd.read_only = true;
  passwd.why = "names the jail's user";
  plan.mounts.push_back(passwd);
  MountOp group = passwd;
  group.target = "/etc/group";
  group.data = JailUserDatabase(host.etc_group, gid, "paddock:x:" + gid + ":");
  plan.mounts.push_back(group);
}

// The jail's UTS namespace has its own name: /etc/hostname says it too, and
// /etc/hosts resolves it, to 127.0.1.1 as Debian maps a host's own name (a
// loopback address, up in the jail's network namespace). Java's
// InetAddress.getLocalHost(), Erlang's short node names, `hostname -f` and
// sudo look it up and fail or wait on DNS without it. Only over regular
// files: a symlinked /etc/hosts (NixOS) is left as it is.
void AddJailName(const HostFacts& host, LaunchPlan& plan) {
  if (!plan.namespaces.uts || plan.hostname.empty()) return;
  auto is_file = [&](const char* path) {
    auto it = host.paths.find(path);
    return it != host.paths.end() && it->second.kind == PathKind::kFile;
  };
  MountOp file;
  file.type = MountType::kFile;
  file.read_only = true;
  file.source_is_dir = false;
  if (is_file("/etc/hostname")) {
    file.target = "/etc/hostname";
    file.data = plan.hostname + "\n";
    file.why = "the jail's name";
    plan.mounts.push_back(file);
  }
  if (is_file("/etc/hosts") && !host.etc_hosts.empty()) {
    file.target = "/etc/hosts";
    file.data = JailHostsFile(host.etc_hosts, host.host_name, plan.hostname);
    file.why = "resolves the jail's name";
    plan.mounts.push_back(file);
  }
}

}  // namespace

std::string JailHostsFile(const std::string& host_file, const std::string& host_name, const std::string& jail_name) {
  auto same_name = [](std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
             return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
  };
  // The host's name and its domain forms (vm, vm.example.org) leave the
  // lines that name them; a line left with an address alone goes.
  auto is_host_name = [&](std::string_view name) {
    if (host_name.empty()) return false;
    return same_name(name, host_name) || (name.size() > host_name.size() && name[host_name.size()] == '.' &&
                                          same_name(name.substr(0, host_name.size()), host_name));
  };
  std::string out;
  std::vector<std::string> lines = Split(host_file, '\n');
  if (!lines.empty() && lines.back().empty()) lines.pop_back();  // after the last newline
  for (const auto& line : lines) {
    std::string_view body(line);
    body = body.substr(0, body.find('#'));
    std::vector<std::string> fields;
    for (size_t i = 0; i < body.size();) {
      size_t end = body.find_first_of(" \t\r", i);
      if (end == std::string_view::npos) end = body.size();
      if (end > i) fields.emplace_back(body.substr(i, end - i));
      i = end + 1;
    }
    if (fields.size() < 2 || std::none_of(fields.begin() + 1, fields.end(), is_host_name)) {
      out += line + "\n";
      continue;
    }
    std::string kept = fields[0];
    for (size_t i = 1; i < fields.size(); ++i)
      if (!is_host_name(fields[i])) kept += "\t" + fields[i];
    if (kept != fields[0]) out += kept + "\n";
  }
  return out + "127.0.1.1\t" + jail_name + "\n";
}

Status PlanMounts(const policy::Policy& policy, const HostFacts& host, LaunchPlan& plan) {
  AddSystemDirs(policy, host, plan);
  if (plan.inside_uid != host.uid && !host.etc_passwd.empty()) AddJailUser(host, plan);
  AddJailName(host, plan);
  AddProc(plan);
  AddSys(plan);
  AddDev(policy, host, plan);
  AddScratch(policy, host, plan);
  return AddUserData(policy, host, plan);
}

// The JVM, Go, Node (libuv) and .NET size heaps and thread pools from the
// limits they find in /sys/fs/cgroup, after /proc/self/cgroup: without it a
// JVM under --memory 2g takes a quarter of the host's RAM as its heap and is
// OOM-killed instead of collecting garbage. What is shown is the jail's own
// leaf, read-only (a writable one would let the command raise memory.max),
// in a cgroup namespace rooted there, as container runtimes show it; the
// host's cgroups never appear.
void AddCgroupView(LaunchPlan& plan) {
  if (plan.limits.cgroup == CgroupMode::kNone || !plan.namespaces.mount || !plan.namespaces.cgroup) return;
  MountOp view;
  view.type = MountType::kCgroupView;
  view.target = "/sys/fs/cgroup";
  view.read_only = true;
  view.noexec = true;
  view.recursive = false;
  view.optional = true;  // compatibility, not a wall: without it runtimes guess as on a host
  view.why = "the jail's own cgroup, read-only, where runtimes read their limits";
  plan.mounts.push_back(std::move(view));
}

}  // namespace paddock::plan
