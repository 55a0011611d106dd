#!/usr/bin/env bash
# Core jail: exit statuses, signals, clear errors, and nothing left behind.
source "$(dirname "$0")/lib.sh"

mounts_before=$(wc -l </proc/self/mountinfo)
# paddock must create no temp files of its own: give it a private TMPDIR.
export TMPDIR=$T_ROOT/tmpdir
mkdir -p "$TMPDIR"
status_of() { "$@" >/dev/null 2>&1; echo $?; }

check "exit status passes through" test "$(status_of jail -- sh -c 'exit 7')" == 7
check "killed by signal N gives 128+N" test "$(status_of jail -- sh -c 'kill -TERM $$')" == 143
check "a missing command gives 127 and says why (not a stage of the child)" bash -c '"$0" run -- /nonexistent-cmd 2>&1 >/dev/null | grep -qx "paddock: cannot execute /nonexistent-cmd: No such file or directory"; test ${PIPESTATUS[0]} == 127' "$PADDOCK"
check "an unknown option is a clear error" bash -c '"$0" run --no-such-flag -- true 2>&1 | grep -q "no-such-flag"' "$PADDOCK"
check "a missing --ro path is a clear error, before the child (no stage)" bash -c '"$0" run --ro /no/such/path -- true 2>&1 | grep -qx "paddock: cannot grant read-only /no/such/path: No such file or directory"' "$PADDOCK"
check "a missing project is a clear error" bash -c '"$0" run --project /no/such/dir -- true 2>&1 | grep -q "cannot use project /no/such/dir"' "$PADDOCK"
check "the home directory itself is refused as a project" bash -c 'cd "$HOME" && ! "$0" run -- true' "$PADDOCK"

# A stage of the child that fails is named in the error (src/jail/child.cc).
# fails_with STATUS LINE CMD...: CMD exits STATUS and prints LINE (a whole line).
fails_with() {
  local want_status=$1 want_line=$2; shift 2
  local out status
  out=$("$@" 2>&1); status=$?
  [[ $status == "$want_status" ]] && grep -qxF "$want_line" <<<"$out" && return 0
  echo "status $status (want $want_status), output:"; echo "$out"; return 1
}
cat >"$T_ROOT/nofork.json" <<'J'
{"defaultAction": "SCMP_ACT_ALLOW",
 "syscalls": [{"names": ["fork", "vfork", "clone", "clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}
J
cat >"$T_ROOT/noexec.json" <<'J'
{"defaultAction": "SCMP_ACT_ALLOW",
 "syscalls": [{"names": ["execve", "execveat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}
J
check "a failing stage is named: init, under a profile that denies fork" \
  fails_with 125 "paddock: stage init: cannot fork the command: Operation not permitted" \
  jail --seccomp-profile "$T_ROOT/nofork.json" -- true
check "an exec failure is not a stage: 126 and the command named" \
  fails_with 126 "paddock: cannot execute true: Operation not permitted" \
  jail --seccomp-profile "$T_ROOT/noexec.json" -- true
# The host's /proc/PID (this script's) cannot exist in the jail's own pid namespace.
host_pid=$$
if is_root; then
  # Root's grants go through idmapped mounts paddock makes before clone;
  # procfs cannot be idmapped, so this fails before the child.
  check "a grant that fails before the child names no stage" \
    fails_with 125 "paddock: cannot create idmapped mount of /proc/$host_pid: Invalid argument" \
    jail --ro "/proc/$host_pid" -- true
else
  check "a failing stage is named: mounts, for a grant whose mount point cannot exist" \
    fails_with 125 "paddock: stage mounts: cannot open mount point /proc/$host_pid: No such file or directory" \
    jail --ro "/proc/$host_pid" -- true
fi

marker=paddock-lifecycle-$$-$RANDOM
# A sleep whose name marks the jail's processes for pgrep.
ln -s /bin/sleep "$PROJECT/$marker"
alive() { pgrep -f "^\./$marker" >/dev/null; }
wait_gone() { for _ in $(seq 50); do alive || return 0; sleep 0.1; done; return 1; }
# Until the jailed command runs (a loaded machine may take a while).
wait_alive() { for _ in $(seq 100); do alive && return 0; sleep 0.1; done; return 1; }

# SIGTERM to paddock is relayed: the command's handler runs.
"$PADDOCK" run -- sh -c "trap 'echo got-term; exit 42' TERM; ./$marker 300 & wait" >"$T_ROOT/out" 2>&1 &
pid=$!
wait_alive
kill -TERM "$pid"
for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill -KILL "$pid" 2>/dev/null
wait "$pid"
rc=$?
check "SIGTERM is relayed to the command" grep -q got-term "$T_ROOT/out"
check "paddock exits with the command's status after SIGTERM" test "$rc" == 42
check "nothing of the jail remains after SIGTERM" wait_gone

# SIGINT and SIGHUP sent to paddock end an ordinary command too. A script's
# background job starts with SIGINT ignored (inherited by the command, as
# with any program), so start paddock with default dispositions.
with_default_signals() {
  exec /usr/bin/python3 -c 'import os, signal, sys
for s in (signal.SIGINT, signal.SIGQUIT, signal.SIGHUP): signal.signal(s, signal.SIG_DFL)
os.execv(sys.argv[1], sys.argv[1:])' "$@"
}
# wait_for_exit PID: paddock must end within 10 s (else it is killed, and fails).
wait_for_exit() {
  for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || { wait "$1"; return 0; }; sleep 0.1; done
  kill -KILL "$1"; wait "$1"; return 1
}
for sig in INT HUP; do
  with_default_signals "$PADDOCK" run -- "./$marker" 300 >/dev/null 2>&1 &
  pid=$!
  wait_alive
  kill -$sig "$pid"
  check "SIG$sig to paddock ends paddock" wait_for_exit "$pid"
  check "SIG$sig to paddock ends the jail" wait_gone
done

# The command killed with SIGKILL: background children die with it.
jail -- sh -c "./$marker 300 & sleep 0.2; kill -KILL \$\$" >/dev/null 2>&1
check "SIGKILL of the command gives 137" test $? == 137
check "its background children are gone" wait_gone

# paddock itself killed with SIGKILL: the whole jailed tree dies.
"$PADDOCK" run -- sh -c "./$marker 300 & ./$marker 300" >/dev/null 2>&1 &
pid=$!
wait_alive
check "the jail is running (control)" alive
kill -KILL "$pid"
wait "$pid" 2>/dev/null
check "SIGKILL of paddock kills the jailed tree" wait_gone

# The jail dies after its release, before paddock confirms its cgroup (as
# when a stage fails while a cgroup v1 leaf is attached): paddock reports
# it and cleans up; it does not die of SIGPIPE on the sync channel.
PADDOCK_TEST_KILL_JAIL_BEFORE_CGROUP=1 "$PADDOCK" run -- touch ran-after-kill >"$T_ROOT/killed.out" 2>&1 &
pid=$!
wait "$pid"; rc=$?
check "a jail gone before its cgroup is confirmed: paddock's error (125), not SIGPIPE (141)" \
  bash -c '[[ $1 == 125 ]] && grep -q "cannot release the jail into its cgroup" "$2"' _ "$rc" "$T_ROOT/killed.out"
check "... the command never ran" test ! -e "$PROJECT/ran-after-kill"
check "... and no cgroup leaf of that paddock is left" \
  bash -c '! find /sys/fs/cgroup -maxdepth 6 -type d -name "paddock-$1-*" 2>/dev/null | grep -q .' _ "$pid"

check "no mount is left in the host's namespace" test "$(wc -l </proc/self/mountinfo)" == "$mounts_before"
check "nothing is left in TMPDIR" test -z "$(ls -A "$TMPDIR")"

# On a systemd host / is a shared mount. Started by root, paddock clones the
# project's tree (idmapped) in its own namespace: a clone that stayed in /'s
# peer group would carry every bind the jail makes below it (the protected
# paths) back into the host's namespace, during the run and after it.
if is_root && command -v unshare >/dev/null; then
  check "root on a host whose / is shared: no jail mount appears in the host's namespace" \
    expect_output "during 0 after 0 jail ok" unshare -m --propagation shared sh -c '
      mount --make-rshared / && test "$(findmnt -no PROPAGATION /)" = shared || exit 1
      "$1" run -- sh -c "sleep 2; test -d .git && echo jail ok" >"$2/jail.out" 2>&1 &
      sleep 1
      during=$(findmnt -rn -o TARGET | grep -c "^$PWD/")
      wait
      echo "during $during after $(findmnt -rn -o TARGET | grep -c "^$PWD/") $(cat "$2/jail.out")"' _ "$PADDOCK" "$T_ROOT"
fi

finish
