#!/usr/bin/env bash
# The jail cannot signal the process group that started it, even where
# Landlock's signal scoping is missing (kernels before 6.12): the jail has a
# process group of its own, so kill(0), killpg(getpgrp()) and kill(-1) from
# inside reach only jail processes. Landlock is switched off here to prove it
# (the PRETEND seam with --degrade landlock, docs/hardening.md).
#
# The invoker is what a CI job or a script is: a non-interactive shell with no
# terminal and no job control, so paddock, the shell and the shell's other
# children share one process group.
#
# As root the jail runs as another uid than the invoking shell, so these kills
# fail with EPERM whatever the process groups: the test passes as root for
# that reason alone. The unprivileged run (tests/jail/run_as_user.sh), where
# the ids match, is the one that proves the point.
source "$(dirname "$0")/lib.sh"
if ! command -v setsid >/dev/null; then
  echo "SKIP: setsid not installed"
  finish
  exit
fi

invoker=$T_ROOT/invoker.sh
cat >"$invoker" <<'EOF'
# $1: file for the sibling's pid; the rest: the jailed command, in which
# @PGID@ stands for this shell's process group.
pidfile=$1; shift
sleep 300 >/dev/null 2>&1 &
echo $! >"$pidfile"
cmd=("${@//@PGID@/$$}")
PADDOCK_TEST_PRETEND_NO_LANDLOCK=1 "$PADDOCK" run --degrade landlock -- "${cmd[@]}"
echo "invoker-survived rc=$?"
EOF

# invoke CMD...: runs CMD jailed from a fresh session (the invoker above);
# sets $said (what the invoker printed, stderr included) and $sibling_alive.
invoke() {
  local pidfile=$T_ROOT/sibling
  rm -f "$pidfile"
  said=$(PADDOCK=$PADDOCK setsid -w bash "$invoker" "$pidfile" "$@" 2>&1)
  sibling_alive=no
  local sibling; sibling=$(cat "$pidfile" 2>/dev/null)
  # A killed sibling may linger as a zombie until its new parent reaps it.
  local state; state=$(awk '{print $3}' "/proc/$sibling/stat" 2>/dev/null)
  if [[ -n $state && $state != Z ]]; then
    sibling_alive=yes
    kill "$sibling"
  fi
}
# survived WANT_RC: the invoking shell and its sibling both lived through it.
survived() {
  grep -q "invoker-survived rc=$1" <<<"$said" && [[ $sibling_alive == yes ]] && return 0
  echo "invoker output:"; echo "$said"; echo "sibling alive: $sibling_alive"; return 1
}

invoke sh -c 'exit 3'
check "the invoker runs paddock and goes on (control)" survived 3
check "Landlock really is off in these runs (control)" grep -qi "landlock" <<<"$said"

invoke bash -c 'kill -9 0'
check "bash 'kill -9 0' in the jail leaves the invoking shell and its children alive" survived 137

invoke ./probe signal-group kill0 15
check "kill(0, SIGTERM) in the jail leaves the invoking group alive" survived 0
invoke ./probe signal-group killpg 15
check "killpg(getpgrp(), SIGTERM) in the jail leaves the invoking group alive" survived 0
invoke ./probe signal-group all 15
check "kill(-1, SIGTERM) in the jail leaves the invoking group alive" survived 0

invoke ./probe kill -@PGID@ 15
check "kill(-PGID) of the invoking process group fails from inside" grep -q "BLOCKED kill" <<<"$said"
check "and the invoking group is alive" survived 0

# The jail's own processes still get what is sent to its group.
invoke sh -c 'trap "echo got-term" TERM; kill -TERM 0; echo after-kill'
check "kill(0) still signals the jail's own processes (control)" grep -q got-term <<<"$said"

finish
