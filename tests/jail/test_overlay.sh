#!/usr/bin/env bash
# --overlay (docs/overlay.md): the agent may destroy the project inside the
# jail; the real project stays byte for byte what it was until `paddock
# apply`, which brings exactly what is named, refuses conflicts and
# protected paths with nothing half-written, and `paddock discard` drops a
# run. A run killed with -9 stays pending; one that changed nothing is not
# kept.
source "$(dirname "$0")/lib.sh"

git_q() { git -c user.email=t@example.com -c user.name=t -c init.defaultBranch=main "$@"; }

# A small repository with history, text and binary files, a subdirectory.
cd "$PROJECT" || exit 1
mkdir -p src docs
printf 'int main(void) { return 0; }\n' >src/main.c
printf 'line 1\nline 2\nline 3\n' >README.md
printf 'keep me\n' >docs/keep.txt
printf 'old\n' >docs/old.txt
head -c 3000 /dev/urandom >data.bin
git_q init -q . && git_q add -A && git_q commit -qm first && echo v2 >>README.md && git_q commit -qam second
git_q gc -q

# The project's content, modes and git state as one digest.
snapshot() {
  (cd "$PROJECT" && find . -path ./probe -prune -o -printf '%p %y %m %s\n' | LC_ALL=C sort &&
    find . -path ./probe -prune -o -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) | sha256sum
}
runs_of() { "$PADDOCK" changes 2>/dev/null | grep -oE '^[0-9]{8}-[0-9]{6}-[0-9a-f]{4}'; }
BEFORE=$(snapshot)

# The agent at its worst: rewrites and deletes files, commits, resets hard,
# prunes the objects, deletes the whole tree.
AGENT='set -e
echo rewritten >README.md
echo new file >added.txt
chmod 755 src/main.c
rm docs/old.txt
git -c user.email=a@example.com -c user.name=a commit -qam "agent work"
git reset -q --hard HEAD~2
git -c gc.reflogExpire=now reflog expire --expire=now --all
git gc -q --prune=now
rm -rf src docs data.bin README.md
echo survivor >only-this.txt'
check "the agent's destructive script runs in the overlay" jail -q --overlay -- sh -c "$AGENT"
check "the real project is byte for byte unchanged" test "$(snapshot)" = "$BEFORE"
check "git on the host still sees both commits" expect_output 2 git rev-list --count HEAD
RUN=$(runs_of | tail -1)
check "the run is pending" test -n "$RUN"
check "changes lists the run as ended" bash -c "'$PADDOCK' changes | grep -E '^$RUN' | grep -q ended"
check "changes lists the deletions" bash -c "'$PADDOCK' changes $RUN | grep -qx 'D src/'"
check "... the added file" bash -c "'$PADDOCK' changes $RUN | grep -qx 'A only-this.txt'"
check "... and the rewritten git state" bash -c "'$PADDOCK' changes $RUN | grep -q '^[AMD] \.git/'"
check "changes --json is JSON naming each change" \
  bash -c "'$PADDOCK' changes --json $RUN | python3 -c 'import json,sys; d=json.load(sys.stdin); s=json.dumps(d); assert \"only-this.txt\" in s and \"data.bin\" in s'"
check "paddock's mount points are not changes" bash -c "! '$PADDOCK' changes $RUN | grep -E ' \.vscode/?$| \.claude/?$'"
check "nothing of the run is visible in the project" test ! -e "$PROJECT/only-this.txt"

# A partial apply brings exactly the named path.
check "apply of one path" "$PADDOCK" apply "$RUN" only-this.txt
check "... brings that file" expect_output survivor cat "$PROJECT/only-this.txt"
check "... and nothing else" bash -c "test -f '$PROJECT/src/main.c' -a -f '$PROJECT/data.bin' && git -C '$PROJECT' rev-list --count HEAD | grep -qx 2"
check "... and changes no longer lists it" bash -c "! '$PADDOCK' changes $RUN | grep -q only-this.txt"
check "discard drops the rest" "$PADDOCK" discard "$RUN"
check "... the run is gone" bash -c "! runs_of() { '$PADDOCK' changes | grep -c '^$RUN'; }; test \$('$PADDOCK' changes | grep -c '^$RUN') = 0"
check "... and the project kept its history" expect_output 2 git rev-list --count HEAD

# A conflict: the real file changed after the run started.
jail -q --overlay -- sh -c 'echo agent >docs/keep.txt; echo agent2 >README.md' >/dev/null 2>&1
RUN=$(runs_of | tail -1)
echo host edit >docs/keep.txt
BEFORE=$(snapshot)
check "apply refuses a file changed on the host since the run started" fails "$PADDOCK" apply "$RUN"
check "... naming it" bash -c "'$PADDOCK' apply '$RUN' 2>&1 | grep -q 'docs/keep.txt'"
check "... with nothing half-written (README.md not applied either)" test "$(snapshot)" = "$BEFORE"
check "the other file applies alone" "$PADDOCK" apply "$RUN" README.md
check "... with the agent's content" expect_output agent2 cat README.md
"$PADDOCK" discard "$RUN" >/dev/null 2>&1

# Protected paths: unprotected for the run, still named on apply.
jail -q --overlay --unprotect .vscode -- sh -c 'mkdir -p .vscode && echo "{}" >.vscode/tasks.json' >/dev/null 2>&1
RUN=$(runs_of | tail -1)
check "apply of everything refuses a protected path" fails "$PADDOCK" apply "$RUN"
check "... and writes nothing" test ! -e .vscode/tasks.json
check "apply naming it brings it" "$PADDOCK" apply "$RUN" .vscode
check "... there" test -f .vscode/tasks.json
rm -rf .vscode

# Agent config below the root, which the run's review does not see in the
# layer: a hook in app/.claude runs when Claude Code starts in app/.
jail -q --overlay -- sh -c 'mkdir -p app/.claude && echo "{\"hooks\":{}}" >app/.claude/settings.json && echo x >app/main.c' \
  >/dev/null 2>&1
RUN=$(runs_of | tail -1)
check "apply of everything refuses agent config the run made below the root" fails "$PADDOCK" apply "$RUN"
check "... saying what runs it" bash -c "'$PADDOCK' apply '$RUN' 2>&1 | grep -q 'Claude Code started in app/'"
check "... and writes nothing" test ! -e app/main.c
check "paddock changes marks it" bash -c "'$PADDOCK' changes '$RUN' | grep -q 'protected: app/.claude'"
check "apply naming it brings it" "$PADDOCK" apply "$RUN" app/.claude app/main.c
check "... there" test -f app/.claude/settings.json
rm -rf app

# A paddock killed with -9 mid-run: the run stays pending, changes shows it,
# discard removes it.
"$PADDOCK" run -q --overlay -- sh -c 'echo partial >partial.txt; sleep 30' >/dev/null 2>&1 &
KILLED=$!
for _ in $(seq 100); do [[ -n $(runs_of) ]] && break; sleep 0.1; done
sleep 1
kill -9 "$KILLED"
wait "$KILLED" 2>/dev/null
RUN=$(runs_of | tail -1)
check "a killed run stays pending" test -n "$RUN"
check "... shown as interrupted" bash -c "'$PADDOCK' changes | grep -E '^$RUN' | grep -q interrupted"
check "... with what it wrote" bash -c "'$PADDOCK' changes $RUN | grep -qx 'A partial.txt'"
check "... not in the project" test ! -e partial.txt
check "discard removes it" "$PADDOCK" discard "$RUN"
check "... leaving no run" test -z "$(runs_of)"
check "... and the layer directory is gone" bash -c "test -z \"\$(ls '$XDG_STATE_HOME/paddock/overlays/'* 2>/dev/null)\""

# A run that changed nothing (reads, a touch, a file made and removed) leaves
# nothing to review: it is dropped at its end and says so.
check "a run that changes nothing says so" bash -c "'$PADDOCK' run --overlay -- sh -c 'cat README.md >/dev/null; touch src/main.c; echo t >tmp.txt; rm tmp.txt' 2>&1 |
  grep -q 'changed nothing in the project: nothing waits for review'"
check "... and leaves no run" test -z "$(runs_of)"
check "... nor a layer directory" bash -c "test -z \"\$(ls '$XDG_STATE_HOME/paddock/overlays/'* 2>/dev/null)\""
check "a run that changes one file is kept" jail -q --overlay -- sh -c 'echo more >>docs/keep.txt'
check "... with that change" bash -c "'$PADDOCK' changes \$('$PADDOCK' changes | grep -oE '^[0-9]{8}-[0-9]{6}-[0-9a-f]{4}') | grep -qx 'M docs/keep.txt'"

finish
