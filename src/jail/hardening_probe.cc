#include "jail/hardening_probe.h"

#include <errno.h>
#include <limits.h>
#include <linux/seccomp.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "jail/placeholders.h"
#include "jail/host_probe.h"
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

}  // namespace

void ProbeHardening(const policy::Policy& policy, plan::HostFacts& host) {
  host.user_namespaces = host.user_namespaces && UserNamespacesAllowed(host.uid);
  if (!host.state_dir.empty()) Placeholders::RemoveStale(host.state_dir + "/placeholders", policy.project_dir);
  utsname u{};
  if (uname(&u) == 0) host.kernel_release = u.release;
  host.seccomp = SeccompFiltersAvailable();
  // A .git file names its git dir, whose commondir names another: a few
  // rounds until the planner asks for nothing new.
  for (int round = 0; round < 8; ++round) {
    auto probe = plan::ProtectedPathsProbe(policy, host);
    bool grew = false;
    for (const auto& p : probe.stat) {
      if (host.paths.count(p)) continue;
      host.paths[p] = LstatPath(p);
      grew = true;
    }
    for (const auto& p : probe.read) {
      if (host.file_contents.count(p) || host.KindOf(p) != plan::PathKind::kFile) continue;
      std::ifstream in(p, std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      if (in) host.file_contents[p] = ss.str().substr(0, 4096);
      grew = true;
    }
    if (!grew) break;
  }
  plan::ApplyTestOverrides(host);
}

}  // namespace paddock::jail
