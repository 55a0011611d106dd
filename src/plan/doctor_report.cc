#include "plan/doctor_report.h"

#include <algorithm>
#include <cctype>
#include <cerrno>

#include "base/error.h"
#include "base/kernel_version.h"
#include "base/strings.h"

namespace paddock::plan {
namespace {

DoctorRow Ok(std::string name, std::string detail, bool required) {
  return DoctorRow{std::move(name), DoctorStatus::kOk, std::move(detail), "", required};
}

// Ubuntu 23.10+: an unconfined profile with the userns permission for
// paddock alone, or the restriction off for every program.
std::string AppArmorFix() {
  return "allow paddock in AppArmor: paddock doctor --apparmor-profile | sudo tee /etc/apparmor.d/paddock && "
         "sudo apparmor_parser -r /etc/apparmor.d/paddock; or for every program: sudo sysctl -w "
         "kernel.apparmor_restrict_unprivileged_userns=0";
}

std::string Failed(const char* op, const std::string& what, int err) { return SysError(op, what, err).message; }

// Why the user namespace trial failed, and the change that fixes it, from
// the sysctls that can refuse it (read, so the fix names the knob that is
// actually set on this host).
DoctorRow UsernsRow(const DoctorFacts& f) {
  const char* name = "userns";
  bool unprivileged = f.uid != 0;
  if (f.userns_errno == 0 && f.id_map_errno == 0) {
    std::string detail = "unshare(CLONE_NEWUSER) and its id maps work";
    if (unprivileged) detail += " as uid " + std::to_string(f.uid);
    return Ok(name, detail, true);
  }
  DoctorRow row{name, DoctorStatus::kMissing, "", "", true};
  row.detail = f.userns_errno ? Failed("unshare", "a user namespace", f.userns_errno)
                              : Failed("write", "the id maps of a new user namespace", f.id_map_errno);
  if (f.max_user_namespaces && *f.max_user_namespaces == 0) {
    row.detail += " (user.max_user_namespaces=0)";
    row.fix = "sudo sysctl -w user.max_user_namespaces=15000 (and the same line in /etc/sysctl.d/99-paddock.conf)";
  } else if (unprivileged && f.unprivileged_userns_clone && *f.unprivileged_userns_clone == 0) {
    row.detail += " (kernel.unprivileged_userns_clone=0)";
    row.fix = "sudo sysctl -w kernel.unprivileged_userns_clone=1 (and the same line in /etc/sysctl.d/99-paddock.conf)";
  } else if (unprivileged && f.apparmor_restrict_userns && *f.apparmor_restrict_userns == 1) {
    row.detail += " (kernel.apparmor_restrict_unprivileged_userns=1: AppArmor confines new user namespaces)";
    row.fix = AppArmorFix();
  } else if (f.userns_errno == ENOSPC) {
    row.detail += " (the user.max_user_namespaces limit is reached)";
    row.fix = "raise it: sudo sysctl -w user.max_user_namespaces=15000";
  } else if (f.userns_errno == EPERM || f.id_map_errno == EPERM) {
    row.detail += " (no sysctl refuses them: a container or a seccomp/LSM policy does)";
    row.fix =
        "run paddock on the host, or start the container with user namespaces allowed (e.g. podman, or "
        "docker run --security-opt seccomp=unconfined --security-opt apparmor=unconfined)";
  } else {
    row.fix = "a kernel built with CONFIG_USER_NS=y";
  }
  row.fix +=
      "; or run with less: paddock run --degrade userns (Landlock and seccomp, no namespace; "
      "docs/hardening.md)";
  return row;
}

// The clone flag and kernel option of each namespace, for the messages.
struct NamespaceNames {
  const char* flag;
  const char* config;
};
NamespaceNames NamesOf(const std::string& ns) {
  if (ns == "mount") return {"CLONE_NEWNS", "CONFIG_NAMESPACES"};
  if (ns == "pid") return {"CLONE_NEWPID", "CONFIG_PID_NS"};
  if (ns == "net") return {"CLONE_NEWNET", "CONFIG_NET_NS"};
  if (ns == "ipc") return {"CLONE_NEWIPC", "CONFIG_IPC_NS"};
  if (ns == "uts") return {"CLONE_NEWUTS", "CONFIG_UTS_NS"};
  return {"CLONE_NEWCGROUP", "CONFIG_CGROUPS"};
}

// Namespaces after the user namespace: they fail together when the user
// namespace is confined (AppArmor) or absent.
DoctorRow NamespaceRow(const DoctorFacts& f, const std::string& ns) {
  std::string name = ns + "-ns";
  if (f.userns_errno || f.id_map_errno) {
    return DoctorRow{name, DoctorStatus::kMissing, "not tried: no user namespace", "see userns", true};
  }
  auto it = f.namespace_errno.find(ns);
  int err = it == f.namespace_errno.end() ? ENOSYS : it->second;
  if (err == 0) {
    std::string detail = std::string("unshare(") + NamesOf(ns).flag + ") works";
    if (ns == "mount") detail += ", and mounting in it";
    if (ns == "net") detail += ", and bringing its loopback up";
    return Ok(name, detail, true);
  }
  DoctorRow row{name, DoctorStatus::kMissing, Failed("unshare", "a " + ns + " namespace", err), "", true};
  if (f.uid != 0 && f.apparmor_restrict_userns && *f.apparmor_restrict_userns == 1) {
    row.detail += " (kernel.apparmor_restrict_unprivileged_userns=1: the user namespace has no capabilities)";
    row.fix = AppArmorFix();
  } else if (err == EINVAL) {
    row.fix = std::string("a kernel built with ") + NamesOf(ns).config + "=y";
  } else {
    row.fix = "run paddock on the host, or in a container that allows nested namespaces";
  }
  return row;
}

DoctorRow IdmapRow(const DoctorFacts& f) {
  const char* name = "idmap";
  if (f.uid != 0 || !f.idmapped_mounts) {
    return Ok(name, "not needed: only a run started by root idmaps the project", false);
  }
  if (*f.idmapped_mounts) return Ok(name, "mount_setattr(MOUNT_ATTR_IDMAP) works on the project's filesystem", true);
  return DoctorRow{name, DoctorStatus::kMissing,
                   "cannot idmap a mount of the project (Linux 5.12+, and the filesystem must support it)",
                   "run paddock as the user who owns the project, or upgrade the kernel (ext4, xfs, btrfs, tmpfs "
                   "support idmapped mounts; overlayfs from Linux 5.19)",
                   true};
}

DoctorRow SeccompRow(const DoctorFacts& f) {
  if (f.seccomp_filter) return Ok("seccomp", "seccomp filters (SECCOMP_RET_ERRNO) available", true);
  return DoctorRow{"seccomp", DoctorStatus::kMissing, "the kernel has no seccomp filters",
                   "a kernel built with CONFIG_SECCOMP_FILTER=y", true};
}

DoctorRow SeccompNotifyRow(const DoctorFacts& f) {
  if (f.seccomp_user_notif) return Ok("seccomp-notify", "user notification (SECCOMP_RET_USER_NOTIF) available", false);
  return DoctorRow{"seccomp-notify", DoctorStatus::kWeaker, "no seccomp user notification (Linux 5.0+)",
                   "a kernel of Linux 5.0 or later", false};
}

// What each Landlock ABI adds that paddock uses, with the release that
// brought it.
struct LandlockStep {
  int abi;
  const char* what;
  const char* linux;
};
constexpr LandlockStep kLandlockSteps[] = {
    {2, "renames and links across directories (REFER)", "5.19"},
    {3, "truncation rules", "6.2"},
    {4, "TCP bind/connect rules", "6.7"},
    {5, "ioctl rules on devices", "6.10"},
    {6, "signal and abstract-socket scoping", "6.12"},
};

DoctorRow LandlockRow(const DoctorFacts& f) {
  const char* name = "landlock";
  if (f.landlock_abi <= 0) {
    DoctorRow row{name, DoctorStatus::kMissing, "Landlock is not available", "", true};
    auto kernel = ParseKernelRelease(f.kernel_release);
    bool old_kernel = kernel && !kernel->AtLeast(5, 13);
    if (old_kernel) {
      row.detail += " (Linux " + f.kernel_release + " predates it)";
      row.fix = "a kernel of Linux 5.13 or later (6.12+ for every Landlock feature)";
    } else if (f.lsm && f.lsm->find("landlock") == std::string::npos) {
      row.detail += " (not in the active LSMs: " + *f.lsm + ")";
      row.fix = "add landlock to the lsm= boot parameter, e.g. lsm=landlock," + *f.lsm +
                " in GRUB_CMDLINE_LINUX of /etc/default/grub, then sudo update-grub and reboot";
    } else {
      row.fix = "a kernel built with CONFIG_SECURITY_LANDLOCK=y and landlock in the lsm= boot parameter";
    }
    return row;
  }
  std::string detail = "ABI " + std::to_string(f.landlock_abi);
  std::vector<std::string> lacks;
  const char* needs = nullptr;
  for (const auto& step : kLandlockSteps) {
    if (f.landlock_abi < step.abi) {
      lacks.push_back(step.what);
      needs = step.linux;
    }
  }
  if (lacks.empty()) return Ok(name, detail, true);
  return DoctorRow{name, DoctorStatus::kWeaker, detail + "; lacks " + Join(lacks, ", "),
                   std::string("a kernel of Linux ") + needs + " or later (Landlock ABI 6)", true};
}

const char* kDelegationFix =
    "run paddock in a delegated scope: systemd-run --user --scope -p Delegate=yes paddock run ..., or delegate to "
    "every user session with /etc/systemd/system/user@.service.d/delegate.conf containing \"[Service]\" and "
    "\"Delegate=cpu cpuset io memory pids\" (then sudo systemctl daemon-reload and log in again)";

DoctorRow CgroupRow(const DoctorFacts& f) {
  const char* name = "cgroup";
  const CgroupFacts& c = f.cgroups;
  auto fallback = [&](std::string detail, std::string fix) {
    return DoctorRow{name, DoctorStatus::kWeaker,
                     std::move(detail) + "; limits fall back to rlimits (per process, no memory total)", std::move(fix),
                     false};
  };
  switch (f.cgroup_mode) {
    case CgroupMode::kV2: {
      bool scope = c.v2_parent.empty();  // then the user's systemd delegates one per run
      if (scope && c.v2_systemd_manager.empty())
        return fallback("cgroup v2, but no writable (delegated) subtree", kDelegationFix);
      std::vector<std::string> missing;
      for (const char* want : {"memory", "pids", "cpu"})
        if (!c.v2_controllers.count(want)) missing.push_back(want);
      std::string detail =
          scope ? "cgroup v2, in a scope the user's systemd delegates per run (" + c.v2_systemd_manager + ")"
                : "cgroup v2, leaves under " + c.v2_parent;
      if (missing.empty()) return Ok(name, detail, false);
      return DoctorRow{name, DoctorStatus::kWeaker, detail + "; controllers not delegated: " + Join(missing, ", "),
                       kDelegationFix, false};
    }
    case CgroupMode::kV1: {
      if (c.v1_parents.empty()) {
        return fallback("cgroup v1, no writable hierarchy (v1 cannot be delegated safely)",
                        "run paddock as root, or boot with systemd.unified_cgroup_hierarchy=1 (cgroup v2) and "
                        "delegate: " +
                            std::string(kDelegationFix));
      }
      std::vector<std::string> have, missing;
      for (const char* want : {"memory", "pids", "cpu"}) (c.v1_parents.count(want) ? have : missing).push_back(want);
      std::string detail = "cgroup v1, writable hierarchies: " + Join(have, ", ");
      if (missing.empty()) return Ok(name, detail, false);
      return DoctorRow{name, DoctorStatus::kWeaker, detail + "; missing: " + Join(missing, ", "),
                       "mount the missing v1 controllers, or boot with systemd.unified_cgroup_hierarchy=1", false};
    }
    case CgroupMode::kNone: break;
  }
  return fallback("no cgroup filesystem at /sys/fs/cgroup",
                  "mount cgroup2 at /sys/fs/cgroup (mount -t cgroup2 none /sys/fs/cgroup)");
}

DoctorRow RlimitsRow(const DoctorFacts& f) {
  if (f.cgroups.rlimit_nproc_per_userns)
    return Ok("rlimits", "RLIMIT_NPROC counts per user namespace: it bounds the jail", false);
  return DoctorRow{"rlimits", DoctorStatus::kWeaker,
                   "RLIMIT_NPROC counts every process of the uid on the host (before Linux 5.14)",
                   "a kernel of Linux 5.14 or later, or a cgroup pids limit (see cgroup)", false};
}

DoctorRow NetAllowRow(const DoctorFacts& f) {
  const char* name = "net-allow";
  auto net = f.namespace_errno.find("net");
  bool netns = !f.userns_errno && !f.id_map_errno && net != f.namespace_errno.end() && net->second == 0;
  if (!netns) {
    return DoctorRow{name, DoctorStatus::kMissing, "--net allow needs a network namespace with its loopback up",
                     "see net-ns", false};
  }
  if (!f.ca_store) {
    return DoctorRow{name, DoctorStatus::kWeaker,
                     "the proxy works, but /etc/ssl/certs holds no CA certificates: presets cannot forward "
                     "credentials over TLS",
                     "sudo apt-get install ca-certificates (or pass --ca-file FILE)", false};
  }
  return Ok(name, "network namespace, loopback and CA store (/etc/ssl/certs) available", false);
}

// Not a layer, but what a run uses when it is there: without them every
// layer still holds, at a cost in time or memory the user should know of.
DoctorRow HelpersRow(const DoctorFacts& f) {
  const char* name = "helpers";
  std::string dir = f.self_exe.substr(0, f.self_exe.rfind('/') + 1);
  std::vector<std::string> missing;
  if (f.hook_exe.empty())
    missing.push_back("no paddock-hook in " + dir + ": `paddock init` registers `paddock hook`, slower per tool call");
  if (f.init_exe.empty())
    missing.push_back("no paddock-init in " + dir +
                      ": the jail's pid 1 stays a copy of paddock for the whole run (about 2 MB more)");
  if (missing.empty()) return Ok(name, "paddock-hook and paddock-init beside " + f.self_exe, false);
  std::string detail;
  for (const auto& m : missing) detail += (detail.empty() ? "" : "; ") + m;
  return DoctorRow{name, DoctorStatus::kWeaker, detail,
                   "install paddock-hook and paddock-init in the directory of paddock (cmake --install, or copy "
                   "them from the build directory)",
                   false};
}

}  // namespace

const char* DoctorStatusName(DoctorStatus status) {
  switch (status) {
    case DoctorStatus::kOk: return "OK";
    case DoctorStatus::kWeaker: return "WEAKER";
    case DoctorStatus::kMissing: return "MISSING";
  }
  return "MISSING";
}

std::vector<DoctorRow> DoctorLayers(const DoctorFacts& facts) {
  std::vector<DoctorRow> rows;
  rows.push_back(UsernsRow(facts));
  for (const char* ns : kDoctorNamespaces) rows.push_back(NamespaceRow(facts, ns));
  rows.push_back(IdmapRow(facts));
  rows.push_back(SeccompRow(facts));
  rows.push_back(SeccompNotifyRow(facts));
  rows.push_back(LandlockRow(facts));
  rows.push_back(CgroupRow(facts));
  rows.push_back(RlimitsRow(facts));
  rows.push_back(NetAllowRow(facts));
  rows.push_back(HelpersRow(facts));
  return rows;
}

bool DefaultRunEnforceable(const std::vector<DoctorRow>& rows) {
  return std::none_of(rows.begin(), rows.end(),
                      [](const DoctorRow& r) { return r.required && r.status == DoctorStatus::kMissing; });
}

std::string AppArmorProfile(const std::string& binary) {
  // A path with anything but plain characters is quoted (AppArmor's own
  // syntax); a quote or newline in it cannot be written at all.
  bool plain = std::all_of(binary.begin(), binary.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '/' || c == '_' || c == '-' || c == '.' || c == '+';
  });
  std::string path = plain ? binary : "\"" + binary + "\"";
  return "# paddock: unprivileged user namespaces for this binary only, where AppArmor\n"
         "# restricts them (kernel.apparmor_restrict_unprivileged_userns=1). Nothing else\n"
         "# is confined or allowed by it. Install: sudo tee /etc/apparmor.d/paddock, then\n"
         "# sudo apparmor_parser -r /etc/apparmor.d/paddock\n"
         "abi <abi/4.0>,\n"
         "include <tunables/global>\n"
         "\n"
         "profile paddock " +
         path +
         " flags=(unconfined) {\n"
         "  userns,\n"
         "\n"
         "  include if exists <local/paddock>\n"
         "}\n";
}

}  // namespace paddock::plan
