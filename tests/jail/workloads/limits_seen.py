# What a runtime finds as its limits, the way libuv (Node) and the JVM look:
# its cgroup from /proc/self/cgroup, the files below /sys/fs/cgroup.
# Prints "<cgroup paths> memory=<bytes|max|none> pids=<n|max|none>".
import os

paths = {}
for line in open("/proc/self/cgroup"):
    _, controllers, path = line.rstrip("\n").split(":", 2)
    for c in controllers.split(",") if controllers else [""]:
        paths[c] = path


def read(path):
    try:
        return open(path).read().strip()
    except OSError:
        return "none"


if os.path.exists("/sys/fs/cgroup/cgroup.controllers"):  # v2
    base = "/sys/fs/cgroup" + paths.get("", "/")
    memory, pids = read(base + "/memory.max"), read(base + "/pids.max")
else:  # v1: one hierarchy per controller
    memory = read("/sys/fs/cgroup/memory" + paths.get("memory", "/") + "/memory.limit_in_bytes")
    pids = read("/sys/fs/cgroup/pids" + paths.get("pids", "/") + "/pids.max")
shown = sorted(set(p for c, p in paths.items() if c in ("", "memory", "pids")))
print(",".join(shown), "memory=" + memory, "pids=" + pids)
