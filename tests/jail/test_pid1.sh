#!/usr/bin/env bash
# The jail's pid 1: once the command runs it is paddock-init, a small program
# of its own (src/init_main.cc), not a copy of paddock; the command still
# cannot inspect, trace or stop it, and it still reaps and relays.
source "$(dirname "$0")/lib.sh"

init=$(dirname "$PADDOCK")/paddock-init
check "paddock-init is built beside paddock" test -x "$init"
# After 50 ms (child.cc, kShortRunMs): a command that ends sooner never waits for the exec.
check "pid 1 is paddock-init once the command has run a moment" expect_output paddock-init jail -- sh -c 'sleep 0.3; cat /proc/1/comm'
# The probes below wait as long, so that they face paddock-init.
check "pid 1's environment cannot be read" jail -- sh -c 'sleep 0.3; ! grep -q . /proc/1/environ 2>/dev/null'
check "pid 1's descriptors cannot be listed" jail -- sh -c 'sleep 0.3; ! ls /proc/1/fd 2>/dev/null'
check "pid 1's memory map cannot be read" jail -- sh -c 'sleep 0.3; ! cat /proc/1/maps 2>/dev/null | grep -q .'
check "pid 1 cannot be traced, even with --allow-debug" \
  jail --allow-debug -- sh -c 'sleep 0.3; ! strace -p 1 -o /dev/null 2>/dev/null'
check "strace still works on the command's own children with --allow-debug (control)" \
  jail --allow-debug -- strace -f -o /dev/null sh -c 'sleep 0.01'
check "a signal to pid 1 from inside does not end the jail" \
  expect_output alive jail -- sh -c 'sleep 0.3; kill -TERM 1 2>/dev/null; kill -INT 1 2>/dev/null; sleep 0.1; echo alive'
status=0
"$PADDOCK" run -- sh -c 'sleep 0.3; sleep 0.05 & sleep 0.05 & exit 3' >/dev/null 2>&1 || status=$?
check "the command's status comes out of paddock-init" test "$status" == 3
check "orphans are reaped: no zombie is left in the jail" \
  expect_output 0 jail -- sh -c 'sleep 0.3; (sh -c "sleep 0.05 &" ); sleep 0.3; grep -l "^State:.*Z" /proc/[0-9]*/status 2>/dev/null | wc -l'
# Without paddock-init beside it, paddock still runs: pid 1 stays paddock.
mkdir -p "$T_ROOT/alone"
cp "$PADDOCK" "$T_ROOT/alone/paddock"
check "without paddock-init beside it, pid 1 stays paddock and the run works" \
  expect_output paddock "$T_ROOT/alone/paddock" run -- sh -c 'sleep 0.3; cat /proc/1/comm'
finish
