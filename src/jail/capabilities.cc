#include "jail/capabilities.h"

#include <errno.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

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
namespace {

bool DropBoundingSetAndLock(ChildContext& ctx, ChildError& error) {
  for (int cap = 0; cap <= ctx.cap_last_cap; ++cap) {
    if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno != EINVAL)
      return FailWithErrno(error, "drop", "capability bounding set");
  }
  // uid 0 (only with --allow-host-root) gains nothing from exec either.
  if (prctl(PR_SET_SECUREBITS,
            SECBIT_NOROOT | SECBIT_NOROOT_LOCKED | SECBIT_NO_SETUID_FIXUP | SECBIT_NO_SETUID_FIXUP_LOCKED |
                SECBIT_KEEP_CAPS_LOCKED | SECBIT_NO_CAP_AMBIENT_RAISE | SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED,
            0, 0, 0) != 0)
    return FailWithErrno(error, "set", "securebits");
  return true;
}

}  // namespace

bool DropCapabilities(ChildContext& ctx, ChildError& error) {
  // Without a user namespace an ordinary user holds no capability, cannot
  // change the bounding set or securebits (CAP_SETPCAP), and no_new_privs
  // keeps exec from granting any: clearing the sets below is all there is.
  if (ctx.plan->namespaces.user) {
    if (!DropBoundingSetAndLock(ctx, error)) return false;
  }
  if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL)
    return FailWithErrno(error, "clear", "ambient capabilities");
  struct __user_cap_header_struct header {};
  header.version = _LINUX_CAPABILITY_VERSION_3;
  struct __user_cap_data_struct data[2]{};
  if (syscall(SYS_capset, &header, data) != 0) return FailWithErrno(error, "clear", "capabilities");
  return true;
}

}  // namespace paddock::jail
