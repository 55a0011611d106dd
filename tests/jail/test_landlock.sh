#!/usr/bin/env bash
# Landlock: a second filesystem wall. With a deliberate mount
# mistake (the real home exposed read-write, a test-only knob), Landlock alone
# keeps the jail out; renames inside writable trees still work (REFER);
# abstract Unix sockets of the host are out of reach; a host without Landlock
# is refused unless --degrade landlock.
source "$(dirname "$0")/lib.sh"

EXPOSED=/paddock-test-exposed-home
weakened() { PADDOCK_TEST_WEAKEN_EXPOSE_HOME=1 jail "$@"; }
without_landlock() { PADDOCK_TEST_PRETEND_NO_LANDLOCK=1 PADDOCK_TEST_WEAKEN_EXPOSE_HOME=1 jail --degrade landlock "$@"; }

check "plan reports Landlock enforced with the kernel's ABI" \
  bash -c "$PADDOCK plan -- true | python3 -c '
import json, sys
d = json.load(sys.stdin)
l = [x for x in d[\"layers\"] if x[\"layer\"] == \"landlock\"][0]
assert l[\"enforced\"] and l[\"detail\"].startswith(\"ABI \"), l
assert d[\"landlock\"][\"enabled\"]'"

# The mount layer is weakened on purpose: Landlock must still hold.
check "exposed real home: reading a planted secret is denied (EACCES)" \
  env PADDOCK_TEST_WEAKEN_EXPOSE_HOME=1 "$PADDOCK" run --env PROBE_ERRNO=13 -- ./probe read "$EXPOSED/.ssh/id_ed25519"
check "exposed real home: writing is denied (EACCES)" \
  env PADDOCK_TEST_WEAKEN_EXPOSE_HOME=1 "$PADDOCK" run --env PROBE_ERRNO=13 -- ./probe write "$EXPOSED/planted"
check "exposed real home: nothing was written on the host" test ! -e "$HOME/planted"
check "control: without Landlock the same mistake leaks the secret" \
  bash -c "PADDOCK_TEST_PRETEND_NO_LANDLOCK=1 PADDOCK_TEST_WEAKEN_EXPOSE_HOME=1 $PADDOCK run --degrade landlock -- cat $EXPOSED/.ssh/id_ed25519 2>/dev/null | grep -q PRIVATE-KEY-SECRET"

# Writes stay possible exactly where the mount plan is writable.
check "project, /tmp, /dev/shm and the jail home are writable" \
  jail -- bash -c 'set -e; touch p1 /tmp/t1 /dev/shm/s1 "$HOME/h1"; rm p1 /tmp/t1 /dev/shm/s1 "$HOME/h1"'
check "renames across directories work (REFER)" jail -- python3 -c '
import os
os.makedirs("ra/x"); os.makedirs("rb")
open("ra/x/f", "w").write("1")
os.rename("ra/x/f", "rb/f"); os.rename("ra/x", "rb/x")
os.makedirs("/tmp/q/r"); open("/tmp/q/r/f", "w").write("1"); os.rename("/tmp/q/r/f", "/tmp/q/f")'
check "executables in the project and /tmp run" jail -- bash -c 'cp /bin/true /tmp/t && /tmp/t && ./probe sys-list >/dev/null'

# Abstract Unix sockets are per network namespace; with --net host Landlock's
# scope (ABI 6) keeps host listeners (X11, D-Bus, ...) out of reach.
# The kernel's ABI is asked directly (landlock_create_ruleset with
# LANDLOCK_CREATE_RULESET_VERSION), not taken from what paddock reports.
abi=$(python3 -c 'import ctypes; libc = ctypes.CDLL(None, use_errno=True); print(max(0, libc.syscall(444, None, 0, 1)))')
plan_abi=$("$PADDOCK" plan -- true | python3 -c 'import json,sys; print([l for l in json.load(sys.stdin)["layers"] if l["layer"]=="landlock"][0]["detail"].split()[1].rstrip(","))')
# paddock never claims more than the kernel has, and uses what the checks
# below need (up to ABI 6, the scopes) whenever the kernel has it.
check "paddock plan uses the kernel's Landlock ABI (kernel $abi, plan $plan_abi)" \
  test "$plan_abi" -le "$abi" -a "$plan_abi" -ge "$((abi < 6 ? abi : 6))"
# The plan says what is enforced: the ABI probed once, the rights handled at
# it and what it drops (the jail applies exactly these, probing nothing).
plan_landlock_says_what_is_enforced() {
  "$PADDOCK" plan -- true | python3 -c "
import json, sys
ll = json.load(sys.stdin)['landlock']
abi = min($abi, 7)
handled, dropped = set(ll['handled_access_fs']), set(ll['dropped_for_abi']['access_fs'])
assert ll['abi'] == abi, ll['abi']
assert ('truncate' in handled) == (abi >= 3) and ('ioctl_dev' in handled) == (abi >= 5), handled
assert not handled & dropped and len(handled | dropped) == 16, (handled, dropped)
assert (ll['scoped'] == ['abstract_unix_socket', 'signal']) == (abi >= 6), ll['scoped']"
}
check "paddock plan shows the enforced ABI, its rights and what it drops" plan_landlock_says_what_is_enforced
check "a test seam is named loudly in the run's warnings" bash -c "
  PADDOCK_TEST_PRETEND_NO_SECCOMP=1 $PADDOCK run --degrade seccomp -- true 2>&1 |
  grep -q 'warning: TEST SEAM ACTIVE (test build only): pretending the kernel has no seccomp filters'"
if (( abi >= 6 )); then
  name="paddock-test-$$-$RANDOM"
  python3 -c "
import socket, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.bind('\0$name'); s.listen(5); time.sleep(20)" &
  listener=$!
  sleep 0.5
  connect_abstract='import socket,sys; s=socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.connect("\0'$name'"); print("connected")'
  check "--net host: a host abstract socket is out of reach (Landlock scope)" \
    bash -c "! $PADDOCK run --net host -- python3 -c '$connect_abstract' 2>/dev/null | grep -q connected"
  check "control: without Landlock the host abstract socket is reachable" \
    bash -c "PADDOCK_TEST_PRETEND_NO_LANDLOCK=1 $PADDOCK run --degrade landlock --net host -- python3 -c '$connect_abstract' 2>/dev/null | grep -q connected"
  kill $listener 2>/dev/null; wait $listener 2>/dev/null
else
  # Before ABI 6 (e.g. Debian 12's Linux 6.1) paddock says what covers the
  # missing scopes, and warns that --net host shares the host's abstract sockets.
  detail=$("$PADDOCK" plan -- true | python3 -c 'import json,sys; print([l for l in json.load(sys.stdin)["layers"] if l["layer"]=="landlock"][0]["detail"])')
  net_host_err=$("$PADDOCK" run --net host -- true 2>&1)
  has() { [[ $1 == *"$2"* ]] || { echo "not in: $1"; return 1; }; }
  check "ABI $abi: the layer says the pid namespace and process group cover signal scoping" \
    has "$detail" "no signal scoping (ABI 6): the jail's own pid namespace and process group cover it"
  check "ABI $abi: ... and the network namespace covers abstract sockets" \
    has "$detail" "no abstract-socket scoping (ABI 6): the jail's own network namespace covers it"
  check "ABI $abi: --net host warns that the host's abstract sockets are reachable" \
    has "$net_host_err" "warning: with --net host on Landlock ABI $abi the jail can connect to the host's abstract Unix sockets"
fi

# Fail closed, degrade by name.
check "no Landlock on the host: refused, naming layer, reason and fix" bash -c "
  out=\$(PADDOCK_TEST_PRETEND_NO_LANDLOCK=1 $PADDOCK run -- touch ran 2>&1); rc=\$?
  [[ \$rc == 125 && ! -e ran ]] && grep -q 'cannot apply layer landlock: the kernel has no Landlock' <<<\"\$out\" &&
  grep -q -- '--degrade landlock' <<<\"\$out\""
check "--degrade landlock runs and says the layer is not enforced" bash -c "
  PADDOCK_TEST_PRETEND_NO_LANDLOCK=1 $PADDOCK run --degrade landlock -- true 2>&1 | grep -q 'layer landlock is NOT enforced'"
check "--degrade of another layer does not excuse Landlock" bash -c "
  PADDOCK_TEST_PRETEND_NO_LANDLOCK=1 $PADDOCK run --degrade seccomp -- true 2>&1 | grep -q 'cannot apply layer landlock'"
check "no seccomp on the host: refused unless degraded" bash -c "
  PADDOCK_TEST_PRETEND_NO_SECCOMP=1 $PADDOCK run -- true 2>&1 | grep -q 'cannot apply layer seccomp' &&
  PADDOCK_TEST_PRETEND_NO_SECCOMP=1 $PADDOCK run --degrade seccomp -- true"
check "user namespaces refused: refused by name" bash -c "
  PADDOCK_TEST_PRETEND_NO_USERNS=1 $PADDOCK run -- true 2>&1 | grep -q 'cannot apply layer userns'"

finish
