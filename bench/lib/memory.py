#!/usr/bin/env python3
"""Resident memory of a sandbox's own processes while its command sleeps.

usage: memory.py RUNS MATCH -- CMD... (CMD must end in a jailed `sleep N`)
Starts CMD RUNS times; each time waits until a `sleep` process appears among
its descendants (or among processes whose command line contains MATCH, for
daemons such as podman's conmon that leave the tree), waits 0.3 s more, then
sums VmRSS and VmHWM (peak) of those processes, without the `sleep` itself
and anything below it: the jailed command is not the sandbox's cost.
Prints one JSON object: medians over the runs, process count and names.
"""
import json, os, signal, statistics, subprocess, sys, time

def status(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            return {l.split(":")[0]: l.split(":", 1)[1].strip() for l in f}
    except OSError:
        return None

def all_procs():
    out = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                s = f.read()
            with open(f"/proc/{d}/cmdline", "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        comm = s[s.index("(") + 1:s.rindex(")")]
        ppid = int(s[s.rindex(")") + 2:].split()[1])
        out[int(d)] = (ppid, comm, cmd)
    return out

def sandbox(root, match):
    procs = all_procs()
    kids = {}
    for pid, (ppid, _, _) in procs.items():
        kids.setdefault(ppid, []).append(pid)
    seeds = [root] + [p for p, (_, _, c) in procs.items() if match and match in c and p != os.getpid()]
    seen, mine, slept = set(), [], False
    stack = list(seeds)
    while stack:
        p = stack.pop()
        if p in seen or p not in procs:
            continue
        seen.add(p)
        if procs[p][1] == "sleep":
            slept = True
            continue  # the jailed command and below: not the sandbox's
        mine.append(p)
        stack.extend(kids.get(p, []))
    return slept, mine, procs

def kib(v):
    return int(v.split()[0]) if v else 0

def one(cmd, match):
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and p.poll() is None:
        slept, _, _ = sandbox(p.pid, match)
        if slept:
            break
        time.sleep(0.02)
    else:
        err = p.communicate()[1].decode(errors="replace") if p.poll() is not None else "no sleep seen in 60 s"
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
        raise SystemExit(json.dumps({"error": err.strip()[:300] or f"exited {p.returncode}"}))
    time.sleep(0.3)
    _, mine, procs = sandbox(p.pid, match)
    rss = hwm = 0
    names = []
    for pid in mine:
        st = status(pid)
        if st is None:
            continue
        rss += kib(st.get("VmRSS"))
        hwm += kib(st.get("VmHWM"))
        names.append(procs[pid][1])
    p.communicate()
    return rss, hwm, names

def main():
    runs, match = int(sys.argv[1]), sys.argv[2]
    cmd = sys.argv[sys.argv.index("--") + 1:]
    res = [one(cmd, match) for _ in range(runs)]
    print(json.dumps({"rss_kib": statistics.median(r[0] for r in res), "hwm_kib": statistics.median(r[1] for r in res),
                      "processes": sorted(res[-1][2]), "runs": runs}))

main()
