#!/usr/bin/env bash
# Resource limits and lifecycle: a fork bomb, a memory hog, a /tmp filler and
# a tree that ignores SIGTERM each hurt only themselves, the mechanism that
# stopped them is reported, and nothing of the jail remains afterwards.
#
# Every destructive run is bounded several times over: small limits, a
# host-side RLIMIT_NPROC safety net, `timeout -s KILL`, bombs that stop on
# their own after a few seconds and hogs that stop at a fixed size.
#
# As root the suite runs twice: with the cgroups this host offers, and with
# PADDOCK_TEST_PRETEND_NO_CGROUP=1 (the rlimit fallback an unprivileged user
# gets where no cgroup is delegated). As a user it runs once, with whatever
# the host offers; each check names the mechanism it expects.
workloads=$(cd "$(dirname "$0")/workloads" && pwd)  # lib.sh enters the project
source "$(dirname "$0")/lib.sh"

marker=paddock-limits-$$-$RANDOM
cat >"$PROJECT/bomb.py" <<'PY'
# Every process forks as fast as it can for 3 s (refused forks are retried),
# then all sleep 1 s and exit: exponential, but over by itself.
import os, sys, time
end = time.time() + 3
while time.time() < end:
    try:
        os.fork()
    except OSError:
        time.sleep(0.005)
time.sleep(1)
PY
cp "$workloads/hog.py" "$workloads/spin.py" "$workloads/limits_seen.py" "$PROJECT/"

# A sleep whose name marks the jail's processes for pgrep.
ln -s /bin/sleep "$PROJECT/$marker"
count_marked() { pgrep -c -f "$marker" 2>/dev/null || true; }
wait_gone() { for _ in $(seq 100); do [[ $(count_marked) == 0 ]] && return 0; sleep 0.1; done; return 1; }
# Leaves of one paddock process (by pid) anywhere in the cgroup trees.
leaves_of() { find /sys/fs/cgroup -maxdepth 6 -type d -name "paddock-$1-*" 2>/dev/null; }
# A transient systemd scope (a user's login session, jail/systemd_scope.h)
# is removed by systemd once paddock has left it: allow it a moment.
no_leaves_of() {
  for _ in $(seq 30); do [[ -z $(leaves_of "$1") ]] && return 0; sleep 0.1; done
  leaves_of "$1"; return 1
}

# start_bg OUT ARGS...: `paddock run ARGS` in the background, its pid (and so
# its leaf names) in BG_PID. Bounded whatever the jail's own limits do: a
# host-side RLIMIT_NPROC (the kernel checks the creator's limit at every user
# namespace level, so it caps the jail's uid too) and a SIGKILL watchdog.
start_bg() {
  local out=$1; shift
  (ulimit -u 1500 2>/dev/null; exec "$PADDOCK" run "$@") >"$out" 2>&1 &
  BG_PID=$!
  (sleep 90; kill -KILL "$BG_PID") 2>/dev/null &
  BG_DOG=$!
}
# wait_bg: waits for it; its status in BG_RC.
wait_bg() {
  wait "$BG_PID" 2>/dev/null
  BG_RC=$?
  pkill -P "$BG_DOG" 2>/dev/null
  kill "$BG_DOG" 2>/dev/null
  wait "$BG_DOG" 2>/dev/null
}
# run_bg ARGS...: start_bg + wait_bg, output in $T_ROOT/out.
run_bg() { start_bg "$T_ROOT/out" "$@"; wait_bg; }

# Where no cgroup can be had, paddock samples the jail's resident memory:
# a group of processes each under RLIMIT_DATA but together over --memory,
# and the default limit (half of RAM; a test seam shrinks RAM to 512 MiB)
# against one hog, are killed; runtimes that reserve large address ranges
# still start under the default.
no_cgroup_memory() {
  local mode=$1
  run_bg --stats --memory 200m -- sh -c \
    'for i in 1 2 3 4; do python3 -c "b = bytearray(80 << 20); print(\"held\", flush=True); import time; time.sleep(20)" & done; wait'
  echo "     [$mode] 4 x 80 MiB under --memory 200m: $(grep -c held "$T_ROOT/out") allocations held, exit $BG_RC"
  check "[$mode] a group over --memory 200m is killed by paddock (exit 137)" test "$BG_RC" == 137
  check "[$mode] ... --stats names paddock's sampling" grep -q "limit hit: memory (the jail was killed at .* over the 200 MiB limit, by paddock's sampling)" "$T_ROOT/out"
  check "[$mode] ... and a sampled peak memory" grep -q "peak memory .* (sampled)" "$T_ROOT/out"
  check "[$mode] ... and no process of it remains" bash -c '! pgrep -f "b = bytearra[y]"'
  PADDOCK_TEST_TOTAL_MEMORY=$((512 << 20)) run_bg --stats -- python3 hog.py
  local reached; reached=$(grep -E '^[0-9]+$' "$T_ROOT/out" | tail -1)
  echo "     [$mode] default limit (256 MiB of a pretended 512): the hog reached ${reached:-0} MiB, exit $BG_RC"
  check "[$mode] the default limit stops a hog without a cgroup (exit 137)" test "$BG_RC" == 137
  check "[$mode] ... near the default limit of 256 MiB (overshoot: what it touches between samples)" test "${reached:-999}" -lt 384
  check "[$mode] ... reported as paddock's" grep -q "memory 256 MiB \[paddock\]" "$T_ROOT/out"
  if command -v node >/dev/null; then
    check "[$mode] node starts under the default memory limit" expect_output ok \
      env PADDOCK_TEST_TOTAL_MEMORY=$((512 << 20)) "$PADDOCK" run --quiet -- node -e 'console.log("ok")'
  fi
  if command -v java >/dev/null; then
    check "[$mode] the JVM starts under the default memory limit" \
      env PADDOCK_TEST_TOTAL_MEMORY=$((512 << 20)) "$PADDOCK" run -- java -version
  fi
}

suite() {
  local mode=$1 mech=$2 # mode: label; mech: expected mechanism for pids/memory

  # --- the mechanism, as --stats reports it ---------------------------------
  run_bg --stats --memory 64m --pids 64 -- true
  check "[$mode] --stats names $mech for pids" grep -q "pids 64 \[$mech\]" "$T_ROOT/out"
  local mem_mech=$mech  # without a cgroup, paddock samples the jail's memory
  [[ $mech == cgroup-* ]] || mem_mech=paddock
  check "[$mode] --stats names $mem_mech for memory" grep -q "memory 64 MiB \[$mem_mech\]" "$T_ROOT/out"

  # --- the limits, where runtimes look for them ------------------------------
  # The JVM, Go and Node size heaps and thread pools from /sys/fs/cgroup: the
  # jail's own leaf, read-only, in a cgroup namespace rooted there.
  if [[ $mech == cgroup-* ]]; then
    check "[$mode] the jail's cgroup is / and shows its limits in /sys/fs/cgroup" \
      expect_output "/ memory=67108864 pids=64" jail --quiet --memory 64m --pids 64 -- python3 limits_seen.py
    check "[$mode] ... this run's own (another run, other limits)" \
      expect_output "/ memory=100663296 pids=80" jail --quiet --memory 96m --pids 80 -- python3 limits_seen.py
    check "[$mode] the view is read-only: the memory limit cannot be raised" fails jail --memory 64m -- sh -c \
      'for f in /sys/fs/cgroup/memory.max /sys/fs/cgroup/memory/memory.limit_in_bytes; do [ -e $f ] && echo max > $f && exit 0; done; exit 1'
    # Without Landlock, the read-only mount is the wall (a v2 mounted with
    # nsdelegate also refuses limits at a namespace's root, not cgroup.procs
    # or a child cgroup, which are delegated).
    check "[$mode] ... none of it without Landlock either" fails \
      env PADDOCK_TEST_PRETEND_NO_LANDLOCK=1 "$PADDOCK" run --degrade landlock --memory 64m -- sh -c \
      'for f in memory.max memory/memory.limit_in_bytes; do [ -e /sys/fs/cgroup/$f ] && echo max > /sys/fs/cgroup/$f && exit 0; done
       for d in /sys/fs/cgroup /sys/fs/cgroup/memory; do [ -e $d/cgroup.procs ] && { echo $$ > $d/cgroup.procs || mkdir $d/x; } && exit 0; done
       exit 1'
    check "[$mode] ... nor the pids limit" fails jail --pids 64 -- sh -c \
      'for f in /sys/fs/cgroup/pids.max /sys/fs/cgroup/pids/pids.max; do [ -e $f ] && echo max > $f && exit 0; done; exit 1'
    check "[$mode] ... nor a child cgroup made, nor a process moved" fails jail -- sh -c \
      'mkdir /sys/fs/cgroup/x || mkdir /sys/fs/cgroup/memory/x || echo $$ > /sys/fs/cgroup/cgroup.procs || echo $$ > /sys/fs/cgroup/pids/cgroup.procs'
    check "[$mode] every /sys/fs/cgroup mount is read-only, nosuid, nodev, noexec, rooted at the jail's cgroup" \
      jail -- python3 -c '
mounts = [l.split() for l in open("/proc/self/mountinfo") if l.split()[4].startswith("/sys/fs/cgroup")]
assert mounts, "no cgroup view"
for m in mounts:
    assert {"ro", "nosuid", "nodev", "noexec"} <= set(m[5].split(",")) and m[3] == "/", m'
    if command -v node >/dev/null; then
      check "[$mode] node sees the memory limit (process.constrainedMemory)" \
        expect_output 268435456 jail --quiet --memory 256m -- node -e 'console.log(process.constrainedMemory())'
    fi
    if command -v java >/dev/null && [[ $mech == cgroup-v2 ]]; then
      # JDK 17 on cgroup v1 also wants the cpu and cpuset hierarchies, where the jail has no leaf.
      check "[$mode] the JVM sizes its heap to the memory limit (a quarter of 512 MiB)" \
        expect_output 134217728 jail --quiet --memory 512m -- sh -c 'java -XX:+PrintFlagsFinal -version 2>/dev/null | awk "/ MaxHeapSize /{print \$4}"'
    fi
  else
    check "[$mode] no cgroup: /sys/fs/cgroup is absent" fails jail -- test -e /sys/fs/cgroup
  fi

  # --- fork bomb -------------------------------------------------------------
  # Counted from the host: the jail's python processes (not paddock, whose
  # own command line names the marker too).
  local max=0 n
  start_bg "$T_ROOT/bomb" --stats --pids 64 --timeout 30s -- python3 bomb.py "$marker"
  local bomb=$BG_PID
  while kill -0 "$bomb" 2>/dev/null; do
    n=$(pgrep -c -f "^python3 bomb.py $marker" 2>/dev/null)
    ((n > max)) && max=$n
    sleep 0.05
  done
  wait_bg
  echo "     [$mode] fork bomb: at most $max processes seen (limit 64)"
  check "[$mode] the fork bomb grew up to the limit (the test can fail)" test "$max" -ge 40
  check "[$mode] the fork bomb never exceeded --pids 64 ($mech)" test "$max" -le 64
  if [[ $mech == cgroup-* ]]; then
    check "[$mode] --stats says the pids limit was hit" grep -q "limit hit: pids" "$T_ROOT/bomb"
  else
    check "[$mode] --stats says rlimit hits are not observable" grep -q "rlimit hits are not observable" "$T_ROOT/bomb"
  fi
  check "[$mode] the host is responsive after the bomb" timeout 5 sh -c 'for i in 1 2 3 4 5; do /bin/true; done'
  check "[$mode] no bomb process remains" wait_gone
  check "[$mode] no cgroup leaf of the bomb run remains" no_leaves_of "$bomb"

  # --- memory hog ------------------------------------------------------------
  run_bg --stats --memory 64m -- python3 hog.py
  local reached; reached=$(grep -E '^[0-9]+$' "$T_ROOT/out" | tail -1)
  echo "     [$mode] memory hog reached ${reached:-0} MiB of 512 (limit 64 MiB), exit $BG_RC"
  check "[$mode] the memory hog stopped below 64 MiB ($mech)" test "${reached:-0}" -lt 64
  check "[$mode] the memory hog did not finish" test "$BG_RC" -ne 0
  if [[ $mech == cgroup-* ]]; then
    check "[$mode] the hog was OOM-killed (exit 137)" test "$BG_RC" == 137
    check "[$mode] --stats says the memory limit was hit" grep -q "limit hit: memory (1 process killed by the 64 MiB limit)" "$T_ROOT/out"
    check "[$mode] peak memory is reported near the limit" grep -Eq "peak memory (6[0-4](\.[0-9])? MiB|64 MiB)" "$T_ROOT/out"
  else
    # RLIMIT_DATA refuses the one process's allocation, or the sampling
    # kills the jail first.
    check "[$mode] the hog's allocation was refused or the jail killed" \
      bash -c 'grep -q MemoryError "$1" || [[ $2 == 137 ]]' _ "$T_ROOT/out" "$BG_RC"
    no_cgroup_memory "$mode"
  fi
  check "[$mode] no cgroup leaf of the hog run remains" no_leaves_of "$BG_PID"

  # --- /tmp filler -----------------------------------------------------------
  run_bg --tmp-size 16m -- sh -c 'dd if=/dev/zero of=/tmp/fill bs=1M count=64 2>&1; stat -c %s /tmp/fill'
  check "[$mode] the /tmp filler hits ENOSPC (tmpfs)" grep -q "No space left on device" "$T_ROOT/out"
  check "[$mode] the filler's file stopped at --tmp-size" test "$(tail -1 "$T_ROOT/out")" -le $((16 << 20))

  # --- timeout ---------------------------------------------------------------
  local start=$SECONDS
  run_bg --stats --timeout 2s -- sh -c "trap '' TERM; ./$marker 300 & ./$marker 300"
  local took=$((SECONDS - start))
  echo "     [$mode] a tree ignoring SIGTERM ended after ${took}s (timeout 2s + 5s grace)"
  check "[$mode] --timeout kills a tree that ignores SIGTERM" test "$took" -le 12
  check "[$mode] ... not before the timeout and the grace" test "$took" -ge 6
  check "[$mode] ... with SIGKILL (exit 137)" test "$BG_RC" == 137
  check "[$mode] --stats says the timeout was hit" grep -q "limit hit: timeout (2s, killed after SIGTERM was ignored)" "$T_ROOT/out"
  check "[$mode] no process of the timed-out tree remains" wait_gone
  check "[$mode] no cgroup leaf of the timed-out run remains" no_leaves_of "$BG_PID"

  run_bg --stats --timeout 1s -- sh -c "trap 'echo got-term; exit 3' TERM; ./$marker 300 & wait"
  check "[$mode] a tree that honours SIGTERM ends with its own status" test "$BG_RC" == 3
  check "[$mode] ... after running its handler" grep -q got-term "$T_ROOT/out"
  check "[$mode] ... and --stats says it was terminated" grep -q "limit hit: timeout (1s, terminated)" "$T_ROOT/out"
  check "[$mode] ... and its children are gone" wait_gone

  # --- CPU -------------------------------------------------------------------
  if [[ $mech == cgroup-* ]]; then
    run_bg --stats --cpus 0.5 -- python3 spin.py
    local ratio; ratio=$(sed -nE 's/^spin: .* ratio ([0-9.]+)$/\1/p' "$T_ROOT/out")
    echo "     [$mode] --cpus 0.5: $(grep '^spin:' "$T_ROOT/out" || echo 'spin: no figures') (unthrottled: 1.00)"
    # The spinner's own CPU over wall time during its loop: 0.5 of a CPU
    # expected, ±0.15 for quota periods cut at the loop's edges and a busy host.
    check "[$mode] --cpus 0.5 throttles a spinner to about half a CPU ($mech)" \
      awk -v r="$ratio" 'BEGIN{exit !(r != "" && r >= 0.35 && r <= 0.65)}'
    check "[$mode] ... and --stats reports the run's CPU time" grep -qE "stats: wall [0-9.hms]+, cpu [0-9.hms]+," "$T_ROOT/out"
    # Go's GOMAXPROCS, .NET and the JVM read the quota there.
    check "[$mode] ... and the jail reads its quota in /sys/fs/cgroup" expect_output "50000 100000" jail --quiet --cpus 0.5 -- sh -c \
      'if [ -e /sys/fs/cgroup/cpu.max ]; then cat /sys/fs/cgroup/cpu.max; else echo $(cat /sys/fs/cgroup/cpu*/cpu.cfs_quota_us /sys/fs/cgroup/cpu*/cpu.cfs_period_us 2>/dev/null); fi'
  else
    check "[$mode] --cpus without a cgroup is refused by name" \
      bash -c '"$0" run --cpus 0.5 -- true 2>&1 | grep -q "cannot enforce --cpus 0.5: no writable cgroup offers the cpu controller.*--degrade cgroup"' "$PADDOCK"
    check "[$mode] ... and runs with --degrade cgroup, saying it is not enforced" \
      bash -c '"$0" run --degrade cgroup --cpus 0.5 -- true 2>&1 | grep -q "warning: --cpus 0.5 is not enforced"' "$PADDOCK"
  fi

  # --- paddock killed with SIGKILL ----------------------------------------------
  start_bg /dev/null --pids 64 -- sh -c "./$marker 300 & ./$marker 300"
  local pad=$BG_PID
  for _ in $(seq 50); do [[ $(pgrep -c -f "^./$marker") -ge 2 ]] && break; sleep 0.1; done
  check "[$mode] the jail is running (control)" test "$(pgrep -c -f "^./$marker")" -ge 2
  kill -KILL "$pad"
  wait_bg
  check "[$mode] SIGKILL of paddock kills the jailed tree" wait_gone
  if [[ $mech == cgroup-* ]]; then
    # Its leaves stay until a later run cleans them (a concurrent paddock
    # run on this host may be that run already).
    echo "     [$mode] leaves left by the killed paddock: $(leaves_of "$pad" | wc -l)"
    jail --pids 64 -- true
    check "[$mode] the next run removes the stale leaves" no_leaves_of "$pad"
  fi
}

plan_mech() { # what `paddock plan` says enforces --pids here
  "$PADDOCK" plan --pids 64 -- true | python3 -c 'import json,sys; print(json.load(sys.stdin)["limits"]["pids"]["by"])'
}

# What this host offers this user, found without asking paddock: a v2
# subtree (the parent of our own cgroup, writable, with pids enabled or
# enablable, or else a scope from the user's systemd manager) or a writable
# v1 pids cgroup of our own; else rlimits.
host_mech() {
  python3 - <<'PY'
import os
root = "/sys/fs/cgroup"
own = {}
for line in open("/proc/self/cgroup"):
    _, controllers, path = line.rstrip("\n").split(":", 2)
    for c in (controllers.split(",") if controllers else [""]):
        own[c] = path
def w(p): return os.access(p, os.W_OK)
def words(p):
    try: return open(p).read().split()
    except OSError: return []
if os.path.exists(root + "/cgroup.controllers"):
    rel = own.get("", "/")
    parent = root if rel == "/" else os.path.normpath(root + os.path.dirname(rel))
    at_root = parent == root
    enablable = w(parent + "/cgroup.subtree_control") and (at_root or not words(parent + "/cgroup.procs"))
    if w(parent) and w(parent + "/cgroup.procs") and (
            "pids" in words(parent + "/cgroup.subtree_control") or
            (enablable and "pids" in words(parent + "/cgroup.controllers"))):
        print("cgroup-v2"); raise SystemExit
    # Not delegated: the user's systemd manager gives a scope per run when
    # it listens and delegates pids (a login session on a systemd host).
    uid = os.getuid()
    rt = os.environ.get("XDG_RUNTIME_DIR", "")
    if not (rt and os.path.isdir(rt) and os.stat(rt).st_uid == uid):
        rt = "/run/user/%d" % uid
    sock = rt + "/systemd/private"
    manager = root + "/user.slice/user-%d.slice/user@%d.service/cgroup.controllers" % (uid, uid)
    if uid != 0 and os.path.exists(sock) and os.lstat(sock).st_uid == uid and "pids" in words(manager):
        print("cgroup-v2"); raise SystemExit
elif os.path.exists(root + "/pids/cgroup.procs"):
    d = os.path.normpath(root + "/pids/" + own.get("pids", "/"))
    if w(d) and w(d + "/cgroup.procs"):
        print("cgroup-v1"); raise SystemExit
print("rlimit")
PY
}

mech=$(host_mech)
echo "     this host offers $(id -un): $mech"
check "paddock enforces --pids with what the host offers ($mech)" expect_output "$mech" plan_mech
if is_root; then
  check "root on this host has writable cgroups" test "$mech" != rlimit
fi
suite "$(id -un)" "$mech"
# The cgroup v1 attach runs while the jail sets up its mounts; if it fails,
# nothing of the command runs and nothing is left.
if [[ $mech == cgroup-* ]]; then
  attach_mark=$T_ROOT/attach-ran
  PADDOCK_TEST_FAIL_CGROUP_ATTACH=1 run_bg --pids 64 -- touch "$attach_mark"
  check "a failed cgroup attach stops the run (125) and names it" \
    bash -c '[[ $1 == 125 ]] && grep -q "cannot attach the jail to its cgroup" "$2"' _ "$BG_RC" "$T_ROOT/out"
  check "... the command never ran" test ! -e "$attach_mark"
  check "... and no cgroup leaf of that run remains" no_leaves_of "$BG_PID"
  check "... nor any process of it" bash -c '! pgrep -f "touch $1" >/dev/null' _ "$attach_mark"
fi
if is_root; then
  export PADDOCK_TEST_PRETEND_NO_CGROUP=1
  mech=rlimit
  check "with no writable cgroup, pids fall back to rlimit" expect_output rlimit plan_mech
  suite "root, no cgroup" "$mech"
  unset PADDOCK_TEST_PRETEND_NO_CGROUP
fi

finish
