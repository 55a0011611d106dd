#!/usr/bin/env bash
# --overlay-on (docs/overlay.md, "Stacking runs"): a run continues a pending
# run, seeing its changes; `changes` shows only its own, relative to what it
# started from; it is applied only after its base; the base cannot be
# discarded under it, nor continued while it runs.
source "$(dirname "$0")/lib.sh"

cd "$PROJECT" || exit 1
mkdir -p src
printf 'main v1\n' >src/main.c
printf 'readme\n' >README.md
printf 'doomed\n' >old.txt
BEFORE=$(cd "$PROJECT" && tar --sort=name --mtime=@0 --exclude=./probe -cf - . | sha256sum)
unchanged() { test "$(cd "$PROJECT" && tar --sort=name --mtime=@0 --exclude=./probe -cf - . | sha256sum)" = "$BEFORE"; }
runs_of() { "$PADDOCK" changes 2>/dev/null | grep -oE '^[0-9]{8}-[0-9]{6}-[0-9a-f]{4}'; }

# A: modifies a project file and adds one.
check "run A (modify, add)" jail -q --overlay -- sh -c 'echo "main by A" >src/main.c; echo "added by A" >src/a.txt'
A=$(runs_of | tail -1)
check "A is pending" test -n "$A"

# B on A: sees A's files, modifies A's added file, deletes a project file.
check "run B on A sees A's changes" jail -q --overlay-on "${A:0:15}" -- sh -c \
  'test "$(cat src/main.c)" = "main by A" && test "$(cat src/a.txt)" = "added by A" && echo "a by B" >src/a.txt && rm old.txt'
B=$(runs_of | grep -v "^$A$" | tail -1)
check "B is pending" test -n "$B"
check "the real project is unchanged" unchanged
check "the run list shows B on A" bash -c "'$PADDOCK' changes | grep -E '^$B' | grep -q 'on $A'"
check "run.json records the base" grep -q "\"base\": \"$A\"" "$XDG_STATE_HOME/paddock/overlays/"*"/$B/run.json"
check "changes B: A's added file modified, the project file deleted" \
  expect_output "$(printf 'D old.txt\nM src/a.txt')" "$PADDOCK" changes "$B"
check "changes A is unchanged by B" expect_output "$(printf 'A src/a.txt\nM src/main.c')" "$PADDOCK" changes "$A"
check "changes --diff B compares with A's file" bash -c "'$PADDOCK' changes $B --diff | grep -qx -- '-added by A'"
check "the plan shows the base chain" bash -c "'$PADDOCK' plan --overlay-on $B -- true | grep -q '\"on\"'"

# C on B: a chain of three; it re-creates what B deleted.
check "run C on B sees both layers" jail -q --overlay-on "$B" -- sh -c \
  'test "$(cat src/main.c)" = "main by A" && test "$(cat src/a.txt)" = "a by B" && test ! -e old.txt && echo back >old.txt'
C=$(runs_of | grep -v -e "^$A$" -e "^$B$" | tail -1)
check "changes C: B's deleted file re-created is added" expect_output "A old.txt" "$PADDOCK" changes "$C"

# Refusals, each leaving the project and the runs as they were.
check "apply B is refused while A is pending" fails "$PADDOCK" apply "$B"
check "... saying why" bash -c "'$PADDOCK' apply $B 2>&1 | grep -q 'continues run $A, which is still pending'"
check "... writing nothing" unchanged
check "discard A is refused while B continues it" fails "$PADDOCK" discard "$A"
check "... naming B" bash -c "'$PADDOCK' discard $A 2>&1 | grep -q '$B'"
check "... A is still there" bash -c "'$PADDOCK' changes | grep -q '^$A'"
check "--overlay-on an unknown run is refused" fails jail -q --overlay-on 19990101 -- true
n_runs=$(runs_of | wc -l)
check "... and leaves no run behind" test "$(runs_of | wc -l)" = "$n_runs"

# A run that is still running cannot be continued, nor its base discarded.
"$PADDOCK" run -q --overlay-on "$C" -- sh -c 'sleep 30' >/dev/null 2>&1 &
RUNNING=$!
for _ in $(seq 100); do [[ $(runs_of | wc -l) -gt $n_runs ]] && break; sleep 0.1; done
sleep 1
D=$(runs_of | grep -v -e "^$A$" -e "^$B$" -e "^$C$" | tail -1)
check "--overlay-on a running run is refused" fails jail -q --overlay-on "$D" -- true
check "... saying it is running" bash -c "'$PADDOCK' run -q --overlay-on $D -- true 2>&1 | grep -q 'still running'"
check "discard C is refused while a run on it is running" fails "$PADDOCK" discard "$C"
kill "$RUNNING" 2>/dev/null
wait "$RUNNING" 2>/dev/null
"$PADDOCK" discard "$D" >/dev/null 2>&1
check "discard C once nothing continues it" "$PADDOCK" discard "$C"

# Apply A, then B: the project ends as B saw it.
check "apply A" "$PADDOCK" apply "$A"
check "... A is gone" bash -c "! '$PADDOCK' changes | grep -q '^$A'"
check "... B now stacks on the project" bash -c "! '$PADDOCK' changes | grep -E '^$B' | grep -q ' on '"
check "... and shows the same changes" expect_output "$(printf 'D old.txt\nM src/a.txt')" "$PADDOCK" changes "$B"
check "apply B (A's files do not look changed on the host)" "$PADDOCK" apply "$B"
check "the project: A's modification" expect_output "main by A" cat src/main.c
check "... B's version of A's file" expect_output "a by B" cat src/a.txt
check "... B's deletion" test ! -e old.txt
check "... the untouched file" expect_output readme cat README.md
check "no run is left" test -z "$(runs_of)"

finish
