// Child stages after the root is built: hostname, loopback, who we are, and
// the end of every privilege. Order: bounding set and securebits (need
// CAP_SETPCAP) -> empty capability sets -> no_new_privs.
#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <net/if.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstring>

#include "jail/child_context.h"

#ifndef SECBIT_NOROOT
#define SECBIT_NOROOT (1 << 0)
#define SECBIT_NOROOT_LOCKED (1 << 1)
#define SECBIT_NO_SETUID_FIXUP (1 << 2)
#define SECBIT_NO_SETUID_FIXUP_LOCKED (1 << 3)
#define SECBIT_KEEP_CAPS_LOCKED (1 << 5)
#define SECBIT_NO_CAP_AMBIENT_RAISE (1 << 6)
#define SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED (1 << 7)
#endif

namespace paddock::jail {

bool BringUpLoopback(ChildError& error) {
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    SetChildError(error, errno, "open", "socket to configure loopback");
    return false;
  }
  struct ifreq ifr {};
  strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
  bool ok = ioctl(fd, SIOCGIFFLAGS, &ifr) == 0;
  if (ok) {
    ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
    ok = ioctl(fd, SIOCSIFFLAGS, &ifr) == 0;
  }
  if (!ok) SetChildError(error, errno, "bring up", "loopback interface");
  close(fd);
  return ok;
}

bool SetupIdentity(const ChildContext& ctx, ChildError& error) {
  const auto& plan = *ctx.plan;
  if (plan.namespaces.uts &&
      sethostname(plan.hostname.c_str(), plan.hostname.size()) != 0) {
    SetChildError(error, errno, "set hostname", plan.hostname.c_str());
    return false;
  }
  if (plan.namespaces.net && !BringUpLoopback(error)) return false;
  return true;
}

// Before the child creates anything: a file made by an id the namespace
// does not map fails with EOVERFLOW (root's case: host uid 0 is unmapped).
// The namespace's capabilities survive: its uid 0 is not mapped either, so
// there is no "root to non-root" transition to clear them.
bool SwitchIds(const ChildContext& ctx, ChildError& error) {
  const auto& plan = *ctx.plan;
  if (plan.drop_groups && setgroups(0, nullptr) != 0) {
    SetChildError(error, errno, "drop", "supplementary groups");
    return false;
  }
  if (setresgid(plan.inside_gid, plan.inside_gid, plan.inside_gid) != 0) {
    SetChildError(error, errno, "switch to", "the jail's group id");
    return false;
  }
  if (setresuid(plan.inside_uid, plan.inside_uid, plan.inside_uid) != 0) {
    SetChildError(error, errno, "switch to", "the jail's user id");
    return false;
  }
  // Changing ids clears the parent-death signal.
  prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  return true;
}

bool DropCapabilities(const ChildContext& ctx, ChildError& error) {
  for (int cap = 0; cap <= ctx.cap_last_cap; ++cap) {
    if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno != EINVAL) {
      SetChildError(error, errno, "drop", "capability bounding set");
      return false;
    }
  }
  if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL) {
    SetChildError(error, errno, "clear", "ambient capabilities");
    return false;
  }
  // uid 0 (only with --allow-host-root) gains nothing from exec either.
  if (prctl(PR_SET_SECUREBITS, SECBIT_NOROOT | SECBIT_NOROOT_LOCKED | SECBIT_NO_SETUID_FIXUP |
                                   SECBIT_NO_SETUID_FIXUP_LOCKED | SECBIT_KEEP_CAPS_LOCKED |
                                   SECBIT_NO_CAP_AMBIENT_RAISE | SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED,
            0, 0, 0) != 0) {
    SetChildError(error, errno, "set", "securebits");
    return false;
  }
  struct __user_cap_header_struct header {};
  header.version = _LINUX_CAPABILITY_VERSION_3;
  struct __user_cap_data_struct data[2] {};
  if (syscall(SYS_capset, &header, data) != 0) {
    SetChildError(error, errno, "clear", "capabilities");
    return false;
  }
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
    SetChildError(error, errno, "set", "no_new_privs");
    return false;
  }
  return true;
}

}  // namespace paddock::jail
