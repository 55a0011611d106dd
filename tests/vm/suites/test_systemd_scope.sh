#!/usr/bin/env bash
# Limits for a normal user on a systemd host whose own cgroup is not
# delegated -- an ssh or console login, whose session-N.scope belongs to
# root: paddock asks the user's systemd manager for a delegated scope per
# run (src/jail/systemd_scope.h) and enforces the limits there. Issue 15,
# item 3. Runs in the VM's "session" mode (tests/vm/guest/guest-run): as the
# user, in a root-owned scope of the user's slice, as a login session is.
workloads=$(cd "$(dirname "$0")/../../jail/workloads" && pwd)  # lib.sh enters the project
source "$(dirname "$0")/../../jail/lib.sh"

uid=$(id -u)
own=$(sed -n 's/^0:://p' /proc/self/cgroup)
manager=/run/user/$uid/systemd/private
marker=paddock-scope-$$-$RANDOM
ln -s /bin/sleep "$PROJECT/$marker"
cp "$workloads/hog.py" "$workloads/spin.py" "$PROJECT/"

check "runs as a normal user" fails is_root
check "this shell is in a scope of the user's slice, as a login session's" \
  grep -Eq "^/user.slice/user-$uid.slice/[^/]+\.scope$" <<<"$own"
check "... which is not delegated to the user" fails test -w "/sys/fs/cgroup$(dirname "$own")/cgroup.procs"
check "the user's systemd manager listens on $manager" test -S "$manager"

plan_limits() { "$PADDOCK" plan "$@" -- true | python3 -c 'import json,sys; l=json.load(sys.stdin)["limits"]; print(l["cgroup"], l.get("cgroup_systemd_manager"), l["memory_bytes"]["by"], l["pids"]["by"], l["cpus"]["by"])'; }
check "plan: the limits go to a scope from the user's systemd (no flags)" \
  expect_output "v2 unix:path=$manager cgroup-v2 cgroup-v2 none" plan_limits
check "plan: --cpus 0.5 too" expect_output "v2 unix:path=$manager cgroup-v2 cgroup-v2 cgroup-v2" plan_limits --cpus 0.5

units() { systemctl --user list-units --all --no-legend --plain 'paddock-*.scope' 2>/dev/null | awk '{print $1}'; }
scope_dirs() { find /sys/fs/cgroup/user.slice -maxdepth 6 -type d -name 'paddock-*.scope' 2>/dev/null; }
wait_scopes_gone() {
  for _ in $(seq 100); do [[ -z $(units) && -z $(scope_dirs) ]] && return 0; sleep 0.1; done
  units; scope_dirs; return 1
}

# The manager starts units outside any jail: the jail must not reach it.
agent_sockets() {
  "$PADDOCK" check --json | python3 -c 'import json,sys; a=[x for x in json.load(sys.stdin)["attempts"] if x["id"]=="agent-sockets"][0]; print(a["result"], a["detail"])'
}
export -f agent_sockets
export PADDOCK
check "paddock check: the manager's socket is tried from the jail, and contained" \
  bash -c 'out=$(agent_sockets); echo "$out"; [[ $out == contained* && $out == *"$0"* ]]' "$manager"

# --- where the jail and paddock are while it runs ---------------------------
"$PADDOCK" run -- "./$marker" 30 >"$T_ROOT/out" 2>&1 &
pad=$!
jailed=
for _ in $(seq 100); do jailed=$(pgrep -u "$uid" -f "^./$marker" | head -1); [[ -n $jailed ]] && break; sleep 0.1; done
check "the jailed command runs (control)" test -n "$jailed"
jail_cg=$(sed -n 's/^0:://p' "/proc/$jailed/cgroup" 2>/dev/null)
pad_cg=$(sed -n 's/^0:://p' "/proc/$pad/cgroup" 2>/dev/null)
echo "     jail: $jail_cg"
echo "     paddock: $pad_cg"
check "the jail's leaf is in a paddock scope of the user's manager" \
  grep -Eq "^/user.slice/user-$uid.slice/user@$uid.service/.*/paddock-$pad-[0-9]+\.scope/paddock-$pad-[0-9]+$" <<<"$jail_cg"
check "paddock itself waits in the scope's supervisor leaf" \
  grep -Eq "/paddock-$pad-[0-9]+\.scope/supervisor$" <<<"$pad_cg"
scope=$(dirname "$jail_cg")
check "the scope is delegated to the user" test -O "/sys/fs/cgroup$scope" -a -w "/sys/fs/cgroup$scope/cgroup.subtree_control"
check "the jail's leaf has the default limits (memory.max, pids.max 4096)" \
  bash -c '[[ $(cat "$1/memory.max") =~ ^[0-9]+$ && $(cat "$1/pids.max") == 4096 ]]' _ "/sys/fs/cgroup$jail_cg"
check "systemctl --user lists the scope" grep -q "^paddock-$pad-[0-9]*\.scope$" <(units)
kill -TERM "$pad"
wait "$pad"
check "after the run, no paddock scope is left (unit or cgroup)" wait_scopes_gone

# --- no flags: a fork bomb ------------------------------------------------------
# The classic: every shell forks two more and waits, and whatever dies of a
# refused fork is replaced. No exec: fast under TCG, light enough per process
# that the pids limit, not memory, stops it. Once the kernel has refused a
# fork, paddock is asked to end it (SIGTERM); --timeout bounds it otherwise.
# systemd's own default for a unit (2310 tasks in this VM) would stop it
# far below: paddock raises the scope's TasksMax. The jail's RLIMIT_NPROC
# guard sits at twice the limit, so the cgroup is what refuses and counts.
peak=0 refused=0
"$PADDOCK" run --stats --timeout 150s -- sh -c 'b() { b & b & wait; }; b' >"$T_ROOT/bomb" 2>&1 &
pad=$!
leaf=
while kill -0 "$pad" 2>/dev/null; do
  [[ -n $leaf ]] || leaf=$(find /sys/fs/cgroup/user.slice -maxdepth 7 -type d -path "*/paddock-$pad-*.scope/paddock-$pad-*" 2>/dev/null | head -1)
  if [[ -n $leaf ]]; then
    n=$(cat "$leaf/pids.current" 2>/dev/null || echo 0)
    ((n > peak)) && peak=$n
    [[ -n ${pids_max:-} ]] || pids_max=$(cat "$leaf/pids.max" 2>/dev/null)
    refused=$(sed -n 's/^max //p' "$leaf/pids.events" 2>/dev/null || echo "$refused")
    # A second more at the edge, sampling, before paddock is asked to stop.
    if [[ -z ${edge:-} ]] && { ((refused > 0)) || grep -q "Cannot fork" "$T_ROOT/bomb"; }; then edge=$SECONDS; fi
    if [[ -n ${edge:-} ]] && ((SECONDS - edge >= 2)); then
      kill -TERM "$pad"
      break
    fi
  fi
  sleep 0.1
done
wait "$pad"
echo "     fork bomb: the jail's pids.max ${pids_max:-?}, pids.current peaked at $peak, forks refused: ${refused:-0}"
grep -v "Cannot fork" "$T_ROOT/bomb" | grep -o "paddock: .*" | tail -3 | sed 's/^/     | /'
check "no flags: the jail's leaf holds the default pids limit" test "${pids_max:-}" == 4096
check "no flags: the fork bomb grew to it, past systemd's default (the test can fail)" test "$peak" -ge 4000 -a "$peak" -le 4096
check "no flags: ... where the cgroup refused its forks" test "${refused:-0}" -gt 0
check "no flags: --stats says the pids limit was hit" grep -q "limit hit: pids ([0-9]* forks refused at 4096)" "$T_ROOT/bomb"
check "no flags: --stats names the cgroup for pids" grep -q "pids 4096 \[cgroup-v2\]" "$T_ROOT/bomb"
check "no bomb process remains" bash -c '! pgrep -u "$0" -x sh' "$uid"
check "the host is responsive after the bomb" timeout 5 sh -c 'for i in 1 2 3 4 5; do /bin/true; done'

# --- no flags: a memory hog ------------------------------------------------------
total_mib=$(($(getconf _PHYS_PAGES) * $(getconf PAGESIZE) >> 20))
"$PADDOCK" run --stats -- python3 hog.py 2048 >"$T_ROOT/out" 2>&1
rc=$?
reached=$(grep -E '^[0-9]+$' "$T_ROOT/out" | tail -1)
echo "     no flags: the hog reached ${reached:-0} MiB (RAM $total_mib MiB, default limit half), exit $rc"
check "no flags: the hog was OOM-killed (exit 137)" test "$rc" == 137
check "no flags: ... below half of RAM" test "${reached:-99999}" -lt $((total_mib / 2))
check "no flags: ... near it (the test can fail)" test "${reached:-0}" -ge $((total_mib / 2 - 64))
check "no flags: --stats says the memory limit was hit, by the cgroup" \
  grep -q "limit hit: memory (1 process killed by the" "$T_ROOT/out"

# --- --memory 256m ---------------------------------------------------------------
"$PADDOCK" run --stats --memory 256m -- python3 hog.py >"$T_ROOT/out" 2>&1
rc=$?
reached=$(grep -E '^[0-9]+$' "$T_ROOT/out" | tail -1)
echo "     --memory 256m: the hog reached ${reached:-0} MiB, exit $rc"
check "--memory 256m OOM-kills (exit 137)" test "$rc" == 137
check "--memory 256m: ... at 256 MiB (reached 200..255)" test "${reached:-0}" -ge 200 -a "${reached:-999}" -lt 256
check "--memory 256m: --stats names the cgroup" grep -q "memory 256 MiB \[cgroup-v2\]" "$T_ROOT/out"
check "--memory 256m: --stats says the limit was hit" grep -q "limit hit: memory (1 process killed by the 256 MiB limit)" "$T_ROOT/out"

# --- --cpus 0.5 ------------------------------------------------------------------
# The spinner's own CPU over wall time during its loop (spin.py says why).
"$PADDOCK" run --cpus 0.5 -- python3 spin.py >"$T_ROOT/out" 2>&1
ratio=$(sed -nE 's/^spin: .* ratio ([0-9.]+)$/\1/p' "$T_ROOT/out")
echo "     --cpus 0.5: $(grep '^spin:' "$T_ROOT/out" || echo 'spin: no figures') (unthrottled: 1.00)"
check "--cpus 0.5 throttles a spinner to about half a CPU (0.35..0.65)" \
  awk -v r="$ratio" 'BEGIN{exit !(r != "" && r >= 0.35 && r <= 0.65)}'

# What the scope costs a start (reported, not asserted: TCG timings).
mean_ms() {
  local start; start=$(date +%s%N)
  for _ in 1 2 3 4 5 6 7 8 9 10; do "$PADDOCK" run -- true; done
  echo $((($(date +%s%N) - start) / 10000000))
}
with=$(mean_ms)
without=$(PADDOCK_TEST_PRETEND_NO_CGROUP=1 mean_ms)
echo "     start-up under TCG, mean of 10: ${with} ms with the scope, ${without} ms without any cgroup"

check "after every run, no paddock scope is left" wait_scopes_gone

# --- the manager is gone: refused by name, nothing left ----------------------------
# XDG_RUNTIME_DIR names where paddock looks; a socket nobody listens on
# stands for a manager that died after the probe.
fake=$T_ROOT/runtime
mkdir -p "$fake/systemd"
python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])' "$fake/systemd/private"
chmod 700 "$fake"
check "a dead manager: the run is refused, naming the scope and why" \
  bash -c 'XDG_RUNTIME_DIR=$1 "$0" run -- true 2>&1 | grep -q "cannot start a systemd scope for the jail.s limits paddock-.*\.scope: cannot connect to the user.s systemd at unix:path=$1/systemd/private"' "$PADDOCK" "$fake"
check "a dead manager: exit 125" bash -c 'XDG_RUNTIME_DIR=$1 "$0" run -- true; [[ $? == 125 ]]' "$PADDOCK" "$fake"

finish
