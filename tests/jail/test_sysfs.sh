#!/usr/bin/env bash
# /sys in the jail: an allow-list of sysfs, read-only. Runtimes and build
# tools that size themselves from it get the host's answers (CPU topology,
# online CPUs, NUMA nodes, huge pages); host identifiers, other devices and
# the kernel's debug, tracing, security and BPF filesystems are absent, and
# /sys/fs/cgroup holds the jail's own cgroup at most (test_limits.sh).
source "$(dirname "$0")/lib.sh"
probe() { jail -- ./probe "$@"; }

# The same answer inside as outside, for the tools the issue names and the
# libraries under them (glibc's sysconf reads /sys/devices/system/cpu/online).
same_inside() {  # same_inside CMD...: CMD prints the same inside and outside
  local outside inside
  outside=$("$@" 2>&1) || return 1
  inside=$(jail -- "$@" 2>&1) || { echo "inside failed: $inside"; return 1; }
  [[ $inside == "$outside" ]] || { echo "outside: $outside / inside: $inside"; return 1; }
}
check "nproc gives the host's answer" same_inside nproc
check "getconf _NPROCESSORS_ONLN (sysconf, /sys/devices/system/cpu/online)" same_inside getconf _NPROCESSORS_ONLN
check "getconf _NPROCESSORS_CONF (the cpuN directories)" same_inside getconf _NPROCESSORS_CONF
check "python3 os.cpu_count()" same_inside /usr/bin/python3 -c 'import os; print(os.cpu_count())'
check "/sys/devices/system/cpu/online is the host's" same_inside cat /sys/devices/system/cpu/online
if command -v node >/dev/null; then
  check "node os.cpus().length" same_inside node -e 'console.log(require("os").cpus().length)'
fi
if command -v lscpu >/dev/null; then
  check "lscpu sees the CPU topology" same_inside sh -c 'lscpu | grep -E "^(CPU\(s\)|On-line CPU|Thread|Core|Socket)"'
fi
if command -v taskset >/dev/null && [[ $(nproc) -gt 1 ]]; then
  # Affinity is per process: inside a one-CPU mask nproc says 1, sysconf
  # still counts the online CPUs.
  check "taskset -c 0: nproc 1 and the online count unchanged inside" \
    expect_output "1 $(getconf _NPROCESSORS_ONLN)" taskset -c 0 "$PADDOCK" run -- sh -c 'echo "$(nproc) $(getconf _NPROCESSORS_ONLN)"'
fi
if [[ -e /sys/kernel/mm/transparent_hugepage/enabled ]]; then
  check "transparent huge pages setting is readable (JVM, jemalloc, Go)" \
    same_inside cat /sys/kernel/mm/transparent_hugepage/enabled
fi

# The jail's interfaces only, from a sysfs of its own network namespace.
check "/sys/class/net lists the jail's loopback only" expect_output lo jail -- ls /sys/class/net
check "/sys/class/net/lo resolves into /sys/devices/virtual/net" jail -- cat /sys/class/net/lo/mtu
check "the host has other interfaces (control)" test "$(ls /sys/class/net | wc -l)" -gt 1
check "--net host: CPU topology still shown" expect_output "$(getconf _NPROCESSORS_ONLN)" \
  jail --net host -- getconf _NPROCESSORS_ONLN
check "--net host: the host's interfaces' sysfs is not shown" jail --net host -- sh -c 'test ! -e /sys/class/net'

# In most containers the host's /sys has masks over non-empty directories, so
# the kernel refuses a fresh sysfs ("too revealing"): the CPU parts come from
# the host's /sys, the network parts (the host's interfaces) stay out.
if is_root && command -v unshare >/dev/null; then
  check "a host whose /sys is partly masked: CPUs from the host's sysfs, no /sys/class/net" \
    expect_output "$(getconf _NPROCESSORS_ONLN) no-net" unshare -m --propagation private sh -c \
    'mount -t tmpfs none /sys/firmware && "$1" run -- sh -c "echo \$(getconf _NPROCESSORS_ONLN) \$(test -e /sys/class/net || echo no-net)"' \
    _ "$PADDOCK"
fi

# Identifiers and kernel internals: absent, not merely unreadable.
for path in /sys/class/dmi/id/product_uuid /sys/devices/virtual/dmi /sys/firmware /sys/kernel/debug \
  /sys/kernel/tracing /sys/kernel/security /sys/fs/bpf /sys/devices/virtual/powercap \
  /sys/block /sys/bus /sys/module /sys/kernel/vmcoreinfo /sys/devices/pci0000:00; do
  check "$path is absent" probe exists "$path"
done
# The host's cgroups: none. The jail's own leaves have no cgroup below them.
check "/sys/fs/cgroup shows no cgroup but the jail's own" jail -- /usr/bin/python3 -c '
import os
roots = [l.split()[4] for l in open("/proc/self/mountinfo") if l.split()[4].startswith("/sys/fs/cgroup")]
for root in roots:
    for d, subdirs, _ in os.walk(root):
        assert d in roots and all(os.path.join(d, s) in roots for s in subdirs), (d, subdirs)
if not roots:
    assert not os.path.exists("/sys/fs/cgroup") or not os.listdir("/sys/fs/cgroup"), os.listdir("/sys/fs/cgroup")'
check "the escape probe's sys-identifiers attempt is contained" \
  bash -c '"$1" check --json | python3 -c "import json,sys; d=json.load(sys.stdin); a=[a for a in d[\"attempts\"] if a[\"id\"]==\"sys-identifiers\"]; assert a and a[0][\"result\"]==\"contained\", a"' _ "$PADDOCK"

# Read-only, whoever started paddock.
check "cannot take a CPU offline" fails jail -- sh -c 'echo 0 > /sys/devices/system/cpu/cpu0/online || echo 0 > /sys/devices/system/cpu/cpu1/online'
check "cannot change transparent huge pages" fails jail -- sh -c 'echo never > /sys/kernel/mm/transparent_hugepage/enabled'
check "cannot create files in /sys" fails jail -- sh -c 'mkdir /sys/x || touch /sys/x'
check "every /sys mount is read-only, nosuid, nodev, noexec" jail -- /usr/bin/python3 -c '
mounts = [l.split() for l in open("/proc/self/mountinfo")]
sys_mounts = [m for m in mounts if m[4] == "/sys" or m[4].startswith("/sys/")]
assert len(sys_mounts) > 1, sys_mounts
for m in sys_mounts:
    assert {"ro", "nosuid", "nodev", "noexec"} <= set(m[5].split(",")), m'
finish
