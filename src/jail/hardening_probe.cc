#include "jail/hardening_probe.h"

#include <errno.h>
#include <limits.h>
#include <linux/seccomp.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdio>

#include "jail/host_probe.h"
#include "jail/project_scan.h"
#include "jail/read_file.h"
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
    auto text = ReadSmallFile(path, 64);
    long v = fallback;
    return text && std::sscanf(text->c_str(), "%ld", &v) == 1 ? v : fallback;
  };
  if (read_int("/proc/sys/user/max_user_namespaces", 1) == 0) return false;
  if (uid != 0 && read_int("/proc/sys/kernel/unprivileged_userns_clone", 1) == 0) return false;
  return true;
}

// The host's own answers to the planners' questions, with stale
// placeholders missing (jail/host_probe.h).
class RealHost : public plan::HostAnswers {
 public:
  explicit RealHost(const StalePaths& stale) : stale_(stale) {}
  plan::PathInfo Lstat(const std::string& path) const override { return stale_.Lstat(path); }
  bool ReadFile(const std::string& path, size_t limit, std::string& out) const override {
    if (stale_.Contains(path)) return false;
    auto text = ReadSmallFile(path, limit, {.follow_links = false, .truncate = true});
    if (!text) return false;
    out = std::move(*text);
    return true;
  }
  std::vector<std::string> List(const std::string& dir) const override { return stale_.List(dir); }
  std::string Realpath(const std::string& path) const override {
    if (stale_.Contains(path)) return "";
    char buf[PATH_MAX];
    return realpath(path.c_str(), buf) ? buf : "";
  }

 private:
  const StalePaths& stale_;
};

// The --seccomp-profile file, whole: read here so that the planner, which
// parses it, does no I/O. A FIFO named as the profile reads as empty (and
// fails to parse); the bound stops a device such as /dev/zero (Docker's
// default profile is about 20 KiB).
Result<std::string> ReadSeccompProfile(const std::string& path) {
  constexpr size_t kMaxProfileBytes = 16u << 20;
  return ReadSmallFile(path, kMaxProfileBytes, {.op = "read seccomp profile"});
}

}  // namespace

Status ProbeHardening(const policy::Policy& policy, const StalePaths& stale, plan::HostFacts& host) {
  host.user_namespaces = host.user_namespaces && UserNamespacesAllowed(host.uid);
  host.seccomp = SeccompFiltersAvailable();
  if (!policy.seccomp_profile.empty()) {
    auto text = ReadSeccompProfile(policy.seccomp_profile);
    if (!text) return text.error();
    host.seccomp_profile_text = std::move(*text);
  }
  // The cache is read, not written: the run's review walk saves it.
  auto scan = FindNestedGitEntries(policy.project_dir, plan::ScanCacheFor(host.state_dir, policy.project_dir),
                                   ScanCacheUse::kReadOnly);
  host.nested_git = std::move(scan.entries);
  host.nested_bare = std::move(scan.bare_git_dirs);
  host.nested_git_too_deep = std::move(scan.too_deep);
  host.nested_agent_configs = std::move(scan.agent_configs);
  auto probe = [&](const plan::HostFacts& h) { return plan::ProtectedPathsProbe(policy, h); };
  if (!plan::SettleHostQuestions(probe, RealHost(stale), host))
    return OpError("plan", "protected paths", "the project's git state keeps naming more files to check");
  return Ok();
}

}  // namespace paddock::jail
