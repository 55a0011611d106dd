#include "jail/hardening_probe.h"

#include <errno.h>
#include <limits.h>
#include <linux/seccomp.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <dirent.h>
#include <fcntl.h>

#include <algorithm>
#include <fstream>

#include "jail/unique_fd.h"
#include "jail/placeholders.h"
#include "jail/project_scan.h"
#include "jail/host_probe.h"
#include "plan/build_plan.h"
#include "plan/hardening_plan.h"
#include "plan/protected_paths.h"

namespace paddock::jail {
namespace {

// Seccomp filters work when the kernel can tell which actions it supports.
bool SeccompFiltersAvailable() {
  uint32_t action = SECCOMP_RET_ERRNO;
  return syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action) == 0;
}

// Sysctls that refuse user namespaces outright (read, not tried: a trial
// clone costs a millisecond of start-up). AppArmor's restriction is not
// decidable here (paddock may have a profile): clone reports it.
bool UserNamespacesAllowed(uint32_t uid) {
  auto read_int = [](const char* path, long fallback) {
    std::ifstream in(path);
    long v = fallback;
    return (in >> v) ? v : fallback;
  };
  if (read_int("/proc/sys/user/max_user_namespaces", 1) == 0) return false;
  if (uid != 0 && read_int("/proc/sys/kernel/unprivileged_userns_clone", 1) == 0) return false;
  return true;
}

// The host's own answers to the planners' questions.
class RealHost : public plan::HostAnswers {
 public:
  plan::PathInfo Lstat(const std::string& path) const override { return LstatPath(path); }
  bool ReadFile(const std::string& path, size_t limit, std::string& out) const override {
    // O_NONBLOCK: a FIFO swapped in for a hook script must not hang paddock.
    UniqueFd fd(open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
    if (!fd.valid()) return false;
    char buf[8192];
    ssize_t n = 0;
    while (out.size() < limit && (n = read(fd.get(), buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
    if (out.size() > limit) out.resize(limit);
    return n >= 0;
  }
  std::vector<std::string> List(const std::string& dir) const override {
    std::vector<std::string> names;
    if (DIR* d = opendir(dir.c_str())) {
      while (struct dirent* ent = readdir(d)) {
        std::string name = ent->d_name;
        if (name != "." && name != "..") names.push_back(name);
      }
      closedir(d);
    }
    std::sort(names.begin(), names.end());
    return names;
  }
  std::string Realpath(const std::string& path) const override {
    char buf[PATH_MAX];
    return realpath(path.c_str(), buf) ? buf : "";
  }
};

// The --seccomp-profile file, whole: read here so that the planner, which
// parses it, does no I/O. O_NONBLOCK: a FIFO named as the profile reads as
// empty (and fails to parse) instead of hanging paddock; the bound stops a
// device such as /dev/zero (Docker's default profile is about 20 KiB).
Result<std::string> ReadSeccompProfile(const std::string& path) {
  constexpr size_t kMaxProfileBytes = 16u << 20;
  UniqueFd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (!fd.valid()) return SysError("read seccomp profile", path, errno);
  std::string text;
  char buf[65536];
  for (;;) {
    ssize_t n = read(fd.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return SysError("read seccomp profile", path, errno);
    if (n == 0) return text;
    if (text.size() + static_cast<size_t>(n) > kMaxProfileBytes)
      return OpError("read seccomp profile", path, "larger than 16 MiB");
    text.append(buf, static_cast<size_t>(n));
  }
}

}  // namespace

Status ProbeHardening(const policy::Policy& policy, plan::HostFacts& host) {
  host.user_namespaces = host.user_namespaces && UserNamespacesAllowed(host.uid);
  if (!host.state_dir.empty()) Placeholders::RemoveStale(host.state_dir + "/placeholders", policy.project_dir);
  utsname u{};
  if (uname(&u) == 0) host.kernel_release = u.release;
  host.seccomp = SeccompFiltersAvailable();
  if (!policy.seccomp_profile.empty()) {
    auto text = ReadSeccompProfile(policy.seccomp_profile);
    if (!text) return text.error();
    host.seccomp_profile_text = std::move(*text);
  }
  auto scan = FindNestedGitEntries(policy.project_dir, plan::ScanCacheFor(host.state_dir, policy.project_dir));
  host.nested_git = std::move(scan.entries);
  host.nested_git_too_deep = std::move(scan.too_deep);
  auto probe = [&](const plan::HostFacts& h) { return plan::ProtectedPathsProbe(policy, h); };
  if (!plan::SettleHostQuestions(probe, RealHost(), host))
    return OpError("plan", "protected paths", "the project's git state keeps naming more files to check");
  plan::ApplyTestOverrides(host);
  return Ok();
}

}  // namespace paddock::jail
