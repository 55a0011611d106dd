// Rlimits the child sets on itself (src/jail/child.cc), before it drops its
// capabilities: the fallback when no cgroup can be written and an extra
// guard next to one. Only ever lowers limits.
//
// RLIMIT_NPROC counts tasks per (user namespace, real uid) since Linux 5.14
// and is checked at every level of the namespace chain. Set inside the
// jail's own user namespace it therefore bounds the jail's processes, not
// all processes of the invoking user on the host; on older kernels (or
// without a user namespace) it would count the user's host processes too,
// so the plan does not use it there (plan::CgroupFacts::rlimit_nproc_per_userns).
// The new task is counted before the check, so N allows exactly N tasks;
// a refused fork fails with EAGAIN and is not counted anywhere paddock can
// read (unlike the pids cgroup's pids.events).
//
// RLIMIT_DATA (private writable memory per process) rather than RLIMIT_AS:
// AS also counts PROT_NONE reservations that runtimes make and never touch.
// Both are per process, so a memory limit by rlimit bounds each process, not
// the jail; the plan reports it as weaker.
#pragma once

#include "plan/limits_types.h"

namespace paddock::jail {

// Applies `plan` to the calling process. Async-signal-safe (no allocation):
// callable between clone and exec. Returns 0, or an errno with *failed set
// to the name of the rlimit ("RLIMIT_NPROC"...).
int ApplyRlimits(const plan::RlimitsPlan& plan, const char** failed);

}  // namespace paddock::jail
