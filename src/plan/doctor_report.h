// `paddock doctor`: what this host can enforce, layer by layer, and the exact
// fix for what it cannot. The kernel is probed by jail/layer_probe.cc; this
// turns those facts into rows, so every verdict and every fix is decided
// here, without I/O, and unit-tested with made-up hosts.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "plan/host_facts.h"
#include "plan/limits_types.h"

namespace paddock::plan {

// The namespaces a run unshares after the user namespace, in clone order.
inline constexpr const char* kDoctorNamespaces[] = {"mount", "pid", "net", "ipc", "uts", "cgroup"};

struct DoctorFacts {
  uint32_t uid = 0;            // the invoking user (0: root)
  std::string kernel_release;  // uname -r
  // Sysctls that refuse user namespaces, as read from /proc/sys; unset when
  // the file does not exist (the kernel or distribution has no such knob).
  std::optional<long> max_user_namespaces;        // user.max_user_namespaces
  std::optional<long> unprivileged_userns_clone;  // kernel.unprivileged_userns_clone (Debian)
  std::optional<long> apparmor_restrict_userns;   // kernel.apparmor_restrict_unprivileged_userns (Ubuntu)
  // Trials in a forked child, as the invoking user: 0 when it worked, else
  // the errno. `userns` is unshare(CLONE_NEWUSER); `id_map` writing the
  // child's own uid/gid maps; `namespaces` each later unshare (names of
  // kDoctorNamespaces), "mount" including a tmpfs mount in it, "net"
  // including bringing its loopback up (`loopback`).
  int userns_errno = 0;
  int id_map_errno = 0;
  std::map<std::string, int> namespace_errno;
  int loopback_errno = 0;
  // Only asked when root runs paddock (the only case that idmaps the project).
  std::optional<bool> idmapped_mounts;
  bool seccomp_filter = false;      // SECCOMP_RET_ERRNO filters
  bool seccomp_user_notif = false;  // SECCOMP_RET_USER_NOTIF
  int landlock_abi = 0;             // 0: none
  std::optional<std::string> lsm;   // /sys/kernel/security/lsm, unset when unreadable
  CgroupMode cgroup_mode = CgroupMode::kNone;
  CgroupFacts cgroups;
  bool ca_store = false;  // /etc/ssl/certs holds certificates (TLS to the real APIs)
  // paddock's own binary and the helpers found beside it ("" when absent;
  // jail/binaries.h): paddock-hook, which `paddock init` registers, and
  // paddock-init, which becomes the jail's pid 1.
  std::string self_exe, hook_exe, init_exe;
};

enum class DoctorStatus { kOk, kWeaker, kMissing };
// "OK", "WEAKER", "MISSING": stable, in the table and in --json.
const char* DoctorStatusName(DoctorStatus status);

struct DoctorRow {
  std::string name;  // the layer: --degrade names where there is one (userns, seccomp, landlock, cgroup, idmap)
  DoctorStatus status = DoctorStatus::kOk;
  std::string detail;     // what was found
  std::string fix;        // the exact change that makes it OK ("" when OK)
  bool required = false;  // the default run refuses to start without it
};

std::vector<DoctorRow> DoctorLayers(const DoctorFacts& facts);

// Whether the default run can be enforced: no required row is MISSING.
bool DefaultRunEnforceable(const std::vector<DoctorRow>& rows);

// The AppArmor profile that lets `binary` make user namespaces where
// kernel.apparmor_restrict_unprivileged_userns=1 (Ubuntu 23.10+): unconfined
// otherwise, it only names paddock and grants "userns" (AppArmor 4 syntax).
// `paddock doctor --apparmor-profile` prints it for the running binary; the
// build installs one for the installed path.
std::string AppArmorProfile(const std::string& binary);

}  // namespace paddock::plan
