#include "jail/host_probe.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "base/kernel_version.h"
#include "base/strings.h"
#include "jail/binaries.h"
#include "jail/cgroup.h"
#include "jail/hardening_probe.h"
#include "jail/idmap.h"
#include "jail/kernel_release.h"
#include "jail/landlock.h"
#include "jail/placeholders.h"
#include "jail/read_file.h"
#include "jail/test_seams.h"
#include "plan/build_plan.h"
#include "plan/hardening_plan.h"

namespace paddock::jail {
namespace {

Result<std::string> Canonical(const std::string& path, const char* op) {
  char buf[PATH_MAX];
  if (!realpath(path.c_str(), buf)) return SysError(op, path, errno);
  return std::string(buf);
}

// /etc/passwd and /etc/group: "" when unreadable (the jail then names its
// user generically).
std::string ReadAccountsFile(const char* path) {
  constexpr size_t kMaxAccountsBytes = 16u << 20;
  auto text = ReadSmallFile(path, kMaxAccountsBytes);
  return text ? *text : "";
}

}  // namespace

StalePaths::StalePaths(const std::vector<std::string>& paths) : paths_(paths.begin(), paths.end()) {}

plan::PathInfo StalePaths::Lstat(const std::string& path) const {
  return paths_.count(path) ? plan::PathInfo{} : LstatPath(path);
}

std::vector<std::string> StalePaths::List(const std::string& dir) const {
  auto names = ListDir(dir);
  std::erase_if(names, [&](const std::string& n) { return paths_.count(dir + "/" + n) > 0; });
  return names;
}

plan::PathInfo LstatPath(const std::string& path) {
  plan::PathInfo info;
  struct stat st;
  if (lstat(path.c_str(), &st) != 0) return info;
  info.links = st.st_nlink;
  if (S_ISDIR(st.st_mode)) info.kind = plan::PathKind::kDirectory;
  else if (S_ISREG(st.st_mode)) info.kind = plan::PathKind::kFile;
  else if (S_ISLNK(st.st_mode)) {
    info.kind = plan::PathKind::kSymlink;
    char buf[PATH_MAX];
    ssize_t n = readlink(path.c_str(), buf, sizeof buf - 1);
    if (n > 0) info.link_target.assign(buf, static_cast<size_t>(n));
  } else info.kind = plan::PathKind::kOther;
  return info;
}

Status CheckPassedFds(const std::vector<int>& fds) {
  for (int fd : fds) {
    if (fcntl(fd, F_GETFD) < 0) return SysError("pass file descriptor", std::to_string(fd), errno);
  }
  return Ok();
}

Problems ResolvePolicyPaths(policy::Policy& policy) {
  Problems problems;
  // A path the user named that does not resolve: every one is reported at once.
  auto missing = [&](Error e, const char* flag) {
    problems.push_back(std::move(e).WithLayer("options").WithHint(
        std::string("the path must exist on the host: create it, or fix the ") + flag + " value"));
  };
  const std::string named_project = policy.project_dir;
  auto project = Canonical(policy.project_dir, "use project");
  if (project) policy.project_dir = *project;
  else missing(project.error(), "--project");
  for (auto& grant : policy.extra_paths) {
    const char* op = grant.writable ? "grant read-write" : "grant read-only";
    const char* flag = grant.writable ? "--rw" : "--ro";
    auto p = Canonical(grant.path, op);
    if (!p) {
      missing(p.error(), flag);
      continue;
    }
    // A path named inside the project that resolves outside it goes through
    // a symlink the jail could have planted: the project must not decide
    // what gets mounted. The user can name the target itself.
    bool named_inside = PathIsWithin(grant.path, named_project) || PathIsWithin(grant.path, policy.project_dir);
    if (named_inside && !PathIsWithin(*p, policy.project_dir)) {
      problems.push_back(OpError(op, grant.path,
                                 "it leads through a symbolic link in the project to " + *p +
                                     ", and the jail can change links in the project; name the target itself (" + flag +
                                     " " + *p + ")")
                             .WithLayer("options"));
      continue;
    }
    grant.path = *p;
  }
  if (!policy.ca_file.empty()) {
    auto ca = Canonical(policy.ca_file, "use CA file");
    if (ca) policy.ca_file = *ca;
    else missing(ca.error(), "--ca-file");
  }
  std::vector<policy::PathGrant> shares;
  for (auto& share : policy.home_shares) {
    auto p = Canonical(share.path, "share");
    if (!p && share.if_present && p.error().err == ENOENT) continue;
    if (!p) {
      missing(p.error(), share.writable ? "--share-rw" : "--share");
      continue;
    }
    // Paths protected inside the share follow it to where it really is.
    for (auto* list : {&policy.protect, &policy.protect_if_present})
      for (auto& protect : *list)
        if (PathIsWithin(protect, share.path) && protect != share.path)
          protect = *p + protect.substr(share.path.size());
    share.path = *p;
    shares.push_back(share);
  }
  policy.home_shares = std::move(shares);
  return problems;
}

namespace {

std::string TerminalDevice() {
  for (int fd : {STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO}) {
    char name[PATH_MAX];
    if (!isatty(fd) || ttyname_r(fd, name, sizeof name) != 0) continue;
    struct stat st;
    if (StartsWith(name, "/dev/") && stat(name, &st) == 0 && S_ISCHR(st.st_mode)) return name;
  }
  return "";
}

}  // namespace

Result<plan::HostFacts> GatherHostFacts(const policy::Policy& policy) {
  plan::HostFacts host;
  host.uid = getuid();
  host.gid = getgid();
  if (struct passwd* pw = getpwuid(host.uid)) host.user = pw->pw_name;
  auto home = RealHome();
  if (!home) return home.error();
  host.home = *home;
  host.state_dir = StateDir(host.home);
  host.env = ProcessEnvironment();

  host.self_exe = OwnExecutable();
  host.hook_exe = HookBinaryBeside(host.self_exe);
  host.init_exe = InitBinaryBeside(host.self_exe);
  ReadTestSeams(host);
  // Read only: the run removes them (jail/run.h); until then they are missing.
  if (!host.state_dir.empty())
    host.stale_placeholders = Placeholders::FindStale(host.state_dir + "/placeholders", policy.project_dir);
  StalePaths stale(host.stale_placeholders);

  for (const auto& p : plan::HostPathsToProbe(policy, host.env)) host.paths[p] = stale.Lstat(p);
  auto resolv = host.paths["/etc/resolv.conf"];
  if (resolv.kind == plan::PathKind::kSymlink) {
    auto target = resolv.link_target[0] == '/' ? resolv.link_target : "/etc/" + resolv.link_target;
    target = NormalizePath(target);
    host.paths[target] = stale.Lstat(target);
  }
  host.etc_ssh_entries = ListDir("/etc/ssh");
  if (char name[HOST_NAME_MAX + 1] = {}; gethostname(name, sizeof name - 1) == 0) host.host_name = name;
  if (host.paths["/etc/hosts"].kind == plan::PathKind::kFile)
    if (auto hosts = ReadSmallFile("/etc/hosts", plan::kMaxEtcHostsBytes)) host.etc_hosts = std::move(*hosts);
  if (host.uid == 0) {
    host.etc_passwd = ReadAccountsFile("/etc/passwd");
    host.etc_group = ReadAccountsFile("/etc/group");
    host.idmapped_mounts = ProbeIdmappedMount(policy.project_dir);
  }
  host.landlock_abi = LandlockAbi();
  host.kernel_release = KernelRelease();
  host.terminal = TerminalDevice();
  host.total_memory_bytes = static_cast<uint64_t>(sysconf(_SC_PHYS_PAGES)) * sysconf(_SC_PAGESIZE);
  host.cgroup = ProbeCgroupMode();
  host.cgroups = ProbeCgroups(ParseKernelRelease(host.kernel_release));
  if (Status st = ProbeHardening(policy, stale, host); !st) return st.error();
  // After every other fact: the seams override what was probed.
  plan::ApplyTestSeams(host);
  return host;
}

}  // namespace paddock::jail
