#include "jail/layer_probe.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "base/kernel_version.h"
#include "jail/binaries.h"
#include "jail/cgroup.h"
#include "jail/host_probe.h"
#include "jail/idmap.h"
#include "jail/kernel_release.h"
#include "jail/landlock.h"
#include "jail/read_file.h"
#include "jail/test_seams.h"

namespace paddock::jail {
namespace {

std::optional<long> ReadSysctl(const char* path) {
  auto text = ReadSmallFile(path, 64);
  long v = 0;
  if (!text || std::sscanf(text->c_str(), "%ld", &v) != 1) return std::nullopt;
  return v;
}

bool SeccompAction(uint32_t action) { return syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action) == 0; }

// What the child reports over the pipe: errnos, 0 = worked.
struct TrialResult {
  int userns = 0;
  int id_map = 0;
  int ns[std::size(plan::kDoctorNamespaces)] = {};
  int loopback = 0;
};

int WriteProcFile(const char* path, const char* text) {
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return errno;
  ssize_t len = static_cast<ssize_t>(std::strlen(text));
  int err = write(fd, text, static_cast<size_t>(len)) == len ? 0 : errno;
  close(fd);
  return err;
}

int LoopbackUp() {
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return errno;
  struct ifreq ifr {};
  std::strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
  int err = 0;
  if (ioctl(fd, SIOCGIFFLAGS, &ifr) != 0) err = errno;
  if (!err) {
    ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
    if (ioctl(fd, SIOCSIFFLAGS, &ifr) != 0) err = errno;
  }
  close(fd);
  return err;
}

// In the forked child: what a run does before clone, as the invoking user
// (a run started by root also enters a user namespace first).
TrialResult TryNamespaces(uid_t uid, gid_t gid) {
  TrialResult r;
  if (unshare(CLONE_NEWUSER) != 0) {
    r.userns = errno;
    return r;
  }
  char map[64];
  r.id_map = WriteProcFile("/proc/self/setgroups", "deny");
  std::snprintf(map, sizeof map, "0 %u 1\n", uid);
  if (!r.id_map) r.id_map = WriteProcFile("/proc/self/uid_map", map);
  std::snprintf(map, sizeof map, "0 %u 1\n", gid);
  if (!r.id_map) r.id_map = WriteProcFile("/proc/self/gid_map", map);
  if (r.id_map) return r;
  constexpr int kFlags[] = {CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWIPC, CLONE_NEWUTS, CLONE_NEWCGROUP};
  static_assert(std::size(kFlags) == std::size(plan::kDoctorNamespaces));
  for (size_t i = 0; i < std::size(kFlags); ++i) {
    if (unshare(kFlags[i]) != 0) {
      r.ns[i] = errno;
      continue;
    }
    // Mounting is where a confined user namespace (AppArmor) fails: the
    // unshare itself succeeds. Private first: nothing reaches the host.
    if (kFlags[i] == CLONE_NEWNS) {
      if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
          mount("paddock-doctor", "/", "tmpfs", MS_NOSUID | MS_NODEV, "size=4k") != 0)
        r.ns[i] = errno;
    }
    if (kFlags[i] == CLONE_NEWNET) r.loopback = r.ns[i] = LoopbackUp();
  }
  return r;
}

// Forks, runs the trial in the child and reads its result.
TrialResult RunTrial() {
  TrialResult r;
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    r.userns = errno;
    return r;
  }
  uid_t uid = getuid();
  gid_t gid = getgid();
  pid_t pid = fork();
  if (pid < 0) {
    r.userns = errno;
    close(fds[0]);
    close(fds[1]);
    return r;
  }
  if (pid == 0) {
    close(fds[0]);
    TrialResult child = TryNamespaces(uid, gid);
    ssize_t n = write(fds[1], &child, sizeof child);
    _exit(n == static_cast<ssize_t>(sizeof child) ? 0 : 1);
  }
  close(fds[1]);
  ssize_t n;
  do n = read(fds[0], &r, sizeof r);
  while (n < 0 && errno == EINTR);
  if (n != static_cast<ssize_t>(sizeof r)) r = TrialResult{.userns = ECHILD};
  close(fds[0]);
  int status;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  return r;
}

// A CA store for TLS to the real APIs: any certificate in /etc/ssl/certs.
bool HasCaStore() {
  for (const auto& name : ListDir("/etc/ssl/certs")) {
    auto dot = name.rfind('.');
    if (dot != std::string::npos && (name.substr(dot) == ".pem" || name.substr(dot) == ".crt")) return true;
  }
  return false;
}

}  // namespace

plan::DoctorFacts ProbeLayers(const std::string& project_dir) {
  plan::DoctorFacts f;
  f.uid = getuid();
  f.kernel_release = KernelRelease();
  f.max_user_namespaces = ReadSysctl("/proc/sys/user/max_user_namespaces");
  f.unprivileged_userns_clone = ReadSysctl("/proc/sys/kernel/unprivileged_userns_clone");
  f.apparmor_restrict_userns = ReadSysctl("/proc/sys/kernel/apparmor_restrict_unprivileged_userns");
  TrialResult trial = RunTrial();
  f.userns_errno = trial.userns;
  f.id_map_errno = trial.id_map;
  for (size_t i = 0; i < std::size(plan::kDoctorNamespaces); ++i)
    f.namespace_errno[plan::kDoctorNamespaces[i]] = trial.ns[i];
  f.loopback_errno = trial.loopback;
  if (f.uid == 0) f.idmapped_mounts = ProbeIdmappedMount(project_dir);
  f.seccomp_filter = SeccompAction(SECCOMP_RET_ERRNO);
  f.seccomp_user_notif = SeccompAction(SECCOMP_RET_USER_NOTIF);
  f.landlock_abi = LandlockAbi();
  if (auto lsm = ReadSmallFile("/sys/kernel/security/lsm", 4096)) {
    f.lsm = *lsm;
    while (!f.lsm->empty() && (f.lsm->back() == '\n' || f.lsm->back() == ' ')) f.lsm->pop_back();
  }
  f.cgroup_mode = ProbeCgroupMode();
  f.cgroups = ProbeCgroups(ParseKernelRelease(f.kernel_release));
  f.ca_store = HasCaStore();
  f.self_exe = OwnExecutable();
  f.hook_exe = HookBinaryBeside(f.self_exe);
  f.init_exe = InitBinaryBeside(f.self_exe);

  // A test build may pretend features are missing (jail/test_seams.h), as
  // for a run, so the suites can see doctor's verdicts on a host without them.
  plan::HostFacts seams;
  seams.env = ProcessEnvironment();
  ReadTestSeams(seams);
  const plan::TestSeams& t = seams.test_seams;
  if (t.no_userns) f.userns_errno = EPERM;
  if (t.no_seccomp) f.seccomp_filter = f.seccomp_user_notif = false;
  if (t.no_landlock) f.landlock_abi = 0;
  if (t.no_cgroup) {
    bool per_userns = f.cgroups.rlimit_nproc_per_userns;
    f.cgroups = plan::CgroupFacts{};
    f.cgroups.rlimit_nproc_per_userns = per_userns;
  }
  return f;
}

}  // namespace paddock::jail
