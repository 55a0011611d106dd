#!/usr/bin/env bash
# A host without user namespaces (a container, a locked-down CI runner):
# paddock refuses to run unless told `--degrade userns`, and then the jail is
# Landlock over the host's own paths, seccomp as the network wall and a
# subreaper that ends every process. Every claim is tried for real, inside a
# user namespace whose user.max_user_namespaces is 0 (workloads/no_userns.py),
# never with a pretend seam.
#
# Started by root, the suite runs its jails as an unprivileged uid (this mode
# refuses root); started by a user, as that user.
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"

if ! /usr/bin/python3 -c 'import ctypes' 2>/dev/null; then
  echo "SKIP: python3 with ctypes is needed to make a host without user namespaces"
  finish
  exit
fi

uid=$(id -u) gid=$(id -g)
if is_root; then
  uid=65534 gid=65534
  # The world, the binary and the host-side fixtures become that user's.
  cp "$PADDOCK" "$T_ROOT/paddock" && PADDOCK=$T_ROOT/paddock
  chown -R "$uid:$gid" "$T_ROOT"
fi
cp "$here/workloads/no_userns.py" "$T_ROOT/no_userns.py"
chmod 755 "$T_ROOT/no_userns.py" "$T_ROOT"

# nouserns CMD...: CMD as $uid on a host that refuses user namespaces, with
# this suite's HOME and state.
nouserns() {
  /usr/bin/python3 "$T_ROOT/no_userns.py" "$uid" "$gid" env -i PATH=/usr/bin:/bin HOME="$HOME" \
    XDG_STATE_HOME="$XDG_STATE_HOME" XDG_CONFIG_HOME="$XDG_CONFIG_HOME" TERM=dumb "$@"
}
# degraded CMD...: CMD jailed there with --degrade userns.
degraded() { nouserns "$PADDOCK" run --quiet --degrade userns -- "$@"; }
# as_user CMD...: CMD on the host (no jail) as $uid.
as_user() { if is_root; then setpriv --reuid="$uid" --regid="$gid" --clear-groups "$@"; else "$@"; fi; }

check "the host really refuses user namespaces here" fails nouserns unshare -U true

refused() {
  local out
  out=$(nouserns "$PADDOCK" run -- true 2>&1)
  local rc=$?
  [[ $rc == 125 && $out == *"cannot apply layer userns"* && $out == *"--degrade userns"* ]] && return 0
  echo "rc=$rc $out"
  return 1
}
check "without --degrade userns the run is refused (exit 125), naming the layer and the fix" refused

said=$(nouserns "$PADDOCK" run --degrade userns -- true 2>&1)
says_what_is_missing() {
  for want in "no mount, pid, network" "Landlock alone" "NOT read-only" "TMPDIR="; do
    [[ $said == *"$want"* ]] || { echo "missing: $want"; echo "$said"; return 1; }
  done
}
check "degraded, the run says plainly what is missing" says_what_is_missing
plan=$(nouserns "$PADDOCK" plan --degrade userns -- true 2>/dev/null)
check "plan: no namespace, no mount, Landlock over host paths, the project read-write" /usr/bin/python3 -c '
import json, sys
p = json.loads(sys.argv[1]); project, home = sys.argv[2], sys.argv[3]
assert p["namespaces"] == [], p["namespaces"]
assert p["mounts"] == [], p["mounts"]
rules = {r["path"]: r["access"] for r in p["landlock"]["rules"]}
assert "write" in rules[project], rules
assert "/" not in rules, "the host root must not be listable"
assert not any(k.startswith(home) and not k.startswith(home + "/.local/state") for k in rules), rules
' "$plan" "$PROJECT" "$HOME"

# --- the filesystem: Landlock alone
check "work: the project is writable, TMPDIR works, /etc and /usr readable" degraded sh -c '
  echo hi > made && cat made && f=$(mktemp) && echo x > "$f" && rm "$f" && head -1 /etc/passwd >/dev/null && ls /usr/bin >/dev/null'
check "the real home's secrets cannot be read" fails degraded cat "$HOME/.ssh/id_ed25519"
check "... nor listed" fails degraded ls "$HOME/.ssh"
check "... nor written" fails degraded sh -c "echo x > '$HOME/.aws/credentials'"
check "HOME inside is the jail home, not the real one" degraded sh -c "[ \"\$HOME\" != '$HOME' ] && touch \"\$HOME/made-in-home\""
check "the host's /tmp is neither writable nor listable" degraded sh -c '! touch /tmp/paddock-escape-$$ && ! ls /tmp'
check "/dev/shm is not writable" fails degraded sh -c 'echo x > /dev/shm/paddock-escape'
check "system directories are not writable" fails degraded sh -c 'echo x > /etc/paddock-escape || echo x > /usr/paddock-escape'
check "the host's root cannot be listed" fails degraded ls /

# --- the network: seccomp
check "--net none: no IP socket can be made" degraded python3 -c '
import socket
for fam in (socket.AF_INET, socket.AF_INET6):
    try:
        socket.socket(fam)
    except OSError:
        continue
    raise SystemExit("made a socket of family %d" % fam)'
listener=$T_ROOT/run/bus
mkdir -p "$T_ROOT/run" && chmod 777 "$T_ROOT/run"
as_user /usr/bin/python3 -c '
import os, socket, sys, time
s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen(1)
a = socket.socket(socket.AF_UNIX); a.bind("\0paddock-test-abstract-%s" % sys.argv[2]); a.listen(1)
time.sleep(60)' "$listener" "$$" </dev/null >/dev/null 2>&1 &
for _ in $(seq 50); do [[ -S $listener ]] && break; sleep 0.1; done
check "the fixture listens on a Unix socket" test -S "$listener"
check "a Unix socket of the user's (a systemd or D-Bus socket) cannot be reached" degraded python3 -c '
import socket, sys
try:
    socket.socket(socket.AF_UNIX).connect(sys.argv[1])
except OSError as e:
    raise SystemExit(0)
raise SystemExit("connected to " + sys.argv[1])' "$listener"
check "... nor an abstract one" degraded python3 -c '
import socket, sys
try:
    socket.socket(socket.AF_UNIX).connect("\0paddock-test-abstract-" + sys.argv[1])
except OSError:
    raise SystemExit(0)
raise SystemExit("connected")' "$$"
check "socket pairs still work (pipes between processes)" degraded python3 -c '
import socket; a, b = socket.socketpair(); a.send(b"x"); assert b.recv(1) == b"x"'
net_allow_refused() {
  local out
  out=$(nouserns "$PADDOCK" run --degrade userns --net allow --allow-host example.com -- true 2>&1) && return 1
  [[ $out == *"--net allow"* ]] || { echo "$out"; return 1; }
}
check "--net allow is refused by name" net_allow_refused
check "--net host: IP sockets, but still no Unix socket" nouserns "$PADDOCK" run --quiet --degrade userns --net host -- python3 -c '
import socket, sys
socket.socket(socket.AF_INET).close()
try:
    socket.socket(socket.AF_UNIX).connect(sys.argv[1])
except OSError:
    raise SystemExit(0)
raise SystemExit("connected")' "$listener"
pkill -f "paddock-test-abstract" 2>/dev/null

# --- processes: signals, /proc, privileges, what is left behind
as_user env SECRET_OF_ANOTHER_PROCESS=1 sleep 3010 </dev/null >/dev/null 2>&1 &
sleep 0.3
outside=$(pgrep -f '^sleep 3010$')
check "the fixture runs as the jail's user, outside the jail" test "$(stat -c %u "/proc/$outside" 2>/dev/null)" = "$uid"
if /usr/bin/python3 -c 'import json, sys; sys.exit("signal" in json.loads(sys.argv[1])["landlock"]["dropped_for_abi"]["scopes"])' "$plan"; then
  check "the user's other processes cannot be signalled (Landlock scope)" fails degraded kill -0 "$outside"
else
  echo "note $T_NAME: Landlock here cannot scope signals (ABI < 6): the jail can signal them"
  check "... which the run says plainly (Landlock ABI < 6)" grep -q "can signal your other processes" <<<"$said"
fi
check "... nor their environment read" fails degraded cat "/proc/$outside/environ"
check "no_new_privs and a seccomp filter hold" degraded sh -c '
  grep -q "^NoNewPrivs:[[:space:]]*1" /proc/self/status && grep -q "^Seccomp:[[:space:]]*2" /proc/self/status'
check "no capability at all" degraded sh -c '
  grep -Eq "^CapEff:[[:space:]]*0+$" /proc/self/status && grep -Eq "^CapPrm:[[:space:]]*0+$" /proc/self/status'
pkill -f '^sleep 3010$'

check "the environment is scrubbed (a secret of the invoker's is not passed)" \
  /usr/bin/python3 "$T_ROOT/no_userns.py" "$uid" "$gid" env -i PATH=/usr/bin:/bin HOME="$HOME" \
  XDG_STATE_HOME="$XDG_STATE_HOME" XDG_CONFIG_HOME="$XDG_CONFIG_HOME" AWS_SECRET_ACCESS_KEY=leaked \
  "$PADDOCK" run --quiet --degrade userns -- sh -c '[ -z "${AWS_SECRET_ACCESS_KEY:-}" ]'
fds_closed() {
  local out
  out=$(nouserns sh -c 'exec 7</etc/hostname 8>/dev/null; "$0" run --quiet --degrade userns -- ls /proc/self/fd' "$PADDOCK")
  [[ $(tr '\n' ' ' <<<"$out") == "0 1 2 3 " ]] || { echo "descriptors inside: $out"; return 1; }
}
check "the invoker's other descriptors are closed (only 0, 1, 2 and ls's own)" fds_closed
check "rlimits are lowered (the pids guard)" degraded sh -c '[ "$(ulimit -u)" != unlimited ]'

# left_behind MARK CMD...: runs CMD, then succeeds if a process whose command
# line starts "sleep MARK" is still alive.
left_behind() {
  local mark=$1
  shift
  "$@" || true
  sleep 0.3
  pgrep -af "^sleep $mark"
}
started_both() {
  local n
  n=$(degraded sh -c 'sleep 3021 & setsid sh -c "sleep 3022 &" & sleep 0.3; pgrep -f "^sleep 302[12]$" | wc -l')
  [[ $n == 2 ]] || { echo "saw $n of 2"; return 1; }
}
check "the test's background processes do start inside the jail" started_both
check "background and double-forked processes end with the run" fails left_behind 302 \
  degraded sh -c 'sleep 3021 & setsid sh -c "sleep 3022 &" & sleep 0.3'
check "a timeout ends the whole tree" fails left_behind 304 \
  nouserns "$PADDOCK" run --quiet --degrade userns --timeout 1s -- sh -c 'setsid sh -c "sleep 3041 &"; sleep 3042'

# --- protected paths: not read-only, but every change is reported
as_user git -C "$PROJECT" init -q
review=$(degraded sh -c 'printf "#!/bin/sh\necho owned\n" > .git/hooks/pre-commit && echo "[core] fsmonitor = evil" >> .git/config' 2>&1)
reported() {
  [[ $review == *".git/hooks was changed"* && $review == *".git/config was changed"* ]] && return 0
  echo "$review"
  return 1
}
check "a planted git hook and a changed git config are reported after the run" reported
review=$(degraded true 2>&1)
check "a run that changes nothing reports nothing" fails reported

# --- real work
check "git, python and a C compiler work" degraded sh -c '
  git -c user.name=t -c user.email=t@t commit -q --allow-empty -m x &&
  python3 -c "import tempfile, multiprocessing; print(tempfile.gettempdir())" &&
  { ! command -v cc >/dev/null || { printf "int main(void){return 0;}\n" > t.c && cc -o t t.c && ./t; }; }'

# --- root
root_refused() {
  local out
  out=$(/usr/bin/python3 "$T_ROOT/no_userns.py" 0 0 env -i PATH=/usr/bin:/bin HOME="$HOME" \
    XDG_STATE_HOME="$XDG_STATE_HOME" "$PADDOCK" run --degrade userns -- true 2>&1) && return 1
  [[ $out == *"ordinary user"* ]] || { echo "$out"; return 1; }
}
if is_root; then
  check "root is refused in this mode (the command would be host uid 0)" root_refused
fi

finish
