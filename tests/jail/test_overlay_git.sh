#!/usr/bin/env bash
# --overlay and git (docs/overlay.md, "Git"): inside the overlay the agent
# commits, rebases, resets and prunes as it likes; `paddock apply` brings
# its new objects and refs, refuses a rewritten history of a protected
# branch (HEAD's branch and the tracked ones by default, --protect-branch),
# a moved tag and a replace ref unless --rewrite names the ref, and never
# deletes git objects, so the host repository stays whole whatever is
# refused.
source "$(dirname "$0")/lib.sh"

git_q() { git -c user.email=t@example.com -c user.name=t -c init.defaultBranch=main "$@"; }
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null

# main tracks an upstream (a bare repository beside the project); feature
# is local and not checked out; v1 tags the first commit.
cd "$PROJECT" || exit 1
rm -f probe
printf 'one\n' >a.txt
git_q init -q . && git_q add -A && git_q commit -qm first && git_q tag v1
printf 'two\n' >>a.txt && git_q commit -qam second
git_q branch feature
git_q init -q --bare "$T_ROOT/origin.git"
git_q remote add origin "$T_ROOT/origin.git" && git_q push -q -u origin main 2>/dev/null
SECOND=$(git rev-parse HEAD)
FIRST=$(git rev-parse HEAD~1)

runs_of() { "$PADDOCK" changes 2>/dev/null | grep -oE '^[0-9]{8}-[0-9]{6}-[0-9a-f]{4}'; }
latest() { runs_of | tail -1; }
# The project's files and git state as one digest.
snapshot() { (cd "$PROJECT" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) | sha256sum; }
in_jail() { jail -q --overlay "$@" >/dev/null 2>&1; }
AS_AGENT='git -c user.email=a@example.com -c user.name=agent'

# 1. Ordinary work: a commit on top of main applies, objects and ref.
check "the agent commits in the overlay" in_jail -- sh -c "echo three >>a.txt && $AS_AGENT commit -qam third"
RUN=$(latest)
check "the run is recorded with its protected branches" \
  bash -c "python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r[\"protected_branches\"]==[\"main\"], r' \
    '$XDG_STATE_HOME'/paddock/overlays/*/'$RUN'/run.json"
check "changes shows main's update as a fast-forward" bash -c "'$PADDOCK' changes '$RUN' | grep -q '^ref main [0-9a-f]* -> [0-9a-f]* (fast-forward)$'"
check "a fast-forward of main applies" "$PADDOCK" apply "$RUN"
check "... main has the agent's commit" expect_output third git log -1 --format=%s main
check "... whose parent is the old main" expect_output "$SECOND" git rev-parse main~1
check "... the work tree has it" expect_output three tail -1 a.txt
check "... and the repository is whole" git fsck --no-progress --no-dangling
THIRD=$(git rev-parse main)

# 2. A rewritten main: reset, a different commit, reflog expired, pruned.
REWRITE="git reset -q --hard HEAD~2 && echo other >a.txt && $AS_AGENT commit -qam rewritten &&
  git -c gc.reflogExpire=now reflog expire --expire=now --all && git gc -q --prune=now"
check "the agent rewrites main and prunes" in_jail -- sh -c "$REWRITE"
RUN=$(latest)
BEFORE=$(snapshot)
check "changes shows the rewrite, refused" bash -c "'$PADDOCK' changes '$RUN' | grep -q '^ref main .*(rewrites history).*refused'"
check "changes --json has the ref's verdict" bash -c "'$PADDOCK' changes --json '$RUN' | python3 -c '
import json, sys
refs = {r[\"ref\"]: r for r in json.load(sys.stdin)[\"refs\"]}
assert refs[\"refs/heads/main\"][\"fast_forward\"] is False and refs[\"refs/heads/main\"][\"refused\"], refs'"
check "apply refuses the rewrite of main" fails "$PADDOCK" apply "$RUN"
check "... naming the branch and why" bash -c "'$PADDOCK' apply '$RUN' 2>&1 | grep -q 'refs/heads/main.*rewrites the history of the protected branch main'"
check "... with nothing written" test "$(snapshot)" = "$BEFORE"
check "... main is where it was" expect_output "$THIRD" git rev-parse main
check "apply --rewrite main applies it" "$PADDOCK" apply --rewrite main "$RUN"
check "... main is the agent's commit" expect_output rewritten git log -1 --format=%s main
check "... the pruned commits are still in the host's objects" git cat-file -e "$THIRD^{commit}"
check "... the repository is whole" git fsck --no-progress --no-dangling --connectivity-only
check "... and the run is gone, its object deletions dropped" test -z "$(runs_of)"
git_q reset -q --hard "$THIRD"

# 3. A branch named with --protect-branch cannot be deleted; without it, a
#    local branch that tracks nothing can.
check "a run with --protect-branch 'feat*' deletes feature" \
  in_jail --protect-branch 'feat*' -- sh -c 'git branch -q -D feature'
RUN=$(latest)
check "apply refuses the deletion of feature" bash -c "'$PADDOCK' apply '$RUN' 2>&1 | grep -q 'deletes the protected branch feature'"
check "... feature is still there" git rev-parse -q --verify refs/heads/feature
"$PADDOCK" discard "$RUN" >/dev/null
check "a run without it deletes feature" in_jail -- sh -c 'git branch -q -D feature'
check "... and that applies" "$PADDOCK" apply "$(latest)"
check "... feature is gone" fails git rev-parse -q --verify refs/heads/feature
git_q branch -q side "$SECOND"
check "a run moves the unprotected branch side backwards" in_jail -- sh -c "git branch -q -f side $FIRST"
RUN=$(latest)
check "apply --protect-branch side refuses that" \
  bash -c "'$PADDOCK' apply --protect-branch side '$RUN' 2>&1 | grep -q 'rewrites the history of the protected branch side'"
check "... side unchanged" expect_output "$SECOND" git rev-parse side
check "... without it, it applies" "$PADDOCK" apply "$RUN"
check "... side moved back" expect_output "$FIRST" git rev-parse side

# 4. Tags stay; replace refs are not smuggled in.
check "the agent moves tag v1" in_jail -- sh -c 'git tag -f v1 HEAD >/dev/null'
RUN=$(latest)
check "apply refuses the moved tag" bash -c "'$PADDOCK' apply '$RUN' 2>&1 | grep -q 'moves the tag v1'"
check "... v1 is where it was" expect_output "$FIRST" git rev-parse v1
"$PADDOCK" discard "$RUN" >/dev/null
check "the agent adds a replace ref for the last commit" in_jail -- sh -c "git replace $THIRD $FIRST"
RUN=$(latest)
check "apply refuses the replace ref" bash -c "'$PADDOCK' apply '$RUN' 2>&1 | grep -q 'replace ref'"
check "... host git shows the real commit" expect_output third git log -1 --format=%s "$THIRD"
"$PADDOCK" discard "$RUN" >/dev/null

# 5. A loose object rewritten in place is refused, whatever is named.
OBJ=.git/objects/${THIRD:0:2}/${THIRD:2}
check "the agent overwrites an object file" in_jail -- sh -c "chmod u+w $OBJ && printf x >$OBJ"
RUN=$(latest)
check "apply refuses it even when named" bash -c "'$PADDOCK' apply '$RUN' $OBJ 2>&1 | grep -q 'git objects never change'"
check "... the object is intact" git cat-file -e "$THIRD^{commit}"
"$PADDOCK" discard "$RUN" >/dev/null


# 6. A run continuing a pending run (--overlay-on): its ref updates start
#    from the base's commits, which only the base's layer holds.
check "run A commits on main" in_jail -- sh -c "echo A >>a.txt && $AS_AGENT commit -qam from-A"
RUN_A=$(latest)
check "run B on A commits again" in_jail --overlay-on "$RUN_A" -- sh -c "echo B >>a.txt && $AS_AGENT commit -qam from-B"
RUN_B=$(latest)
check "changes B shows main moving forward from A's commit" \
  bash -c "'$PADDOCK' changes '$RUN_B' | grep -q '^ref main [0-9a-f]* -> [0-9a-f]* (fast-forward)$'"
check "apply A, then B" bash -c "'$PADDOCK' apply '$RUN_A' >/dev/null && '$PADDOCK' apply '$RUN_B' >/dev/null"
check "... main is B's commit on A's" expect_output "from-B from-A third" bash -c "git log -3 --format=%s main | xargs"
check "... and the repository is whole" git fsck --no-progress --no-dangling

# 7. A stacked run keeps protecting its base's branches, chosen when the base
#    started, even after the host's HEAD moved to another branch (topic is
#    not tracked: only A's start protects it).
git checkout -q -b topic
check "run A commits on topic" in_jail -- sh -c "echo A2 >>a.txt && $AS_AGENT commit -qam from-A2"
RUN_A=$(latest)
git checkout -q -b elsewhere
check "run B on A, the host now on branch elsewhere" in_jail --overlay-on "$RUN_A" -- sh -c 'echo B >b-note.txt'
RUN_B=$(latest)
check "B protects topic (its base's) and elsewhere (the host's HEAD now)" \
  bash -c "python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert {\"topic\",\"elsewhere\"} <= set(r[\"protected_branches\"]), r' \
    '$XDG_STATE_HOME'/paddock/overlays/*/'$RUN_B'/run.json"
"$PADDOCK" discard "$RUN_B" >/dev/null && "$PADDOCK" discard "$RUN_A" >/dev/null
git checkout -q main && git branch -q -D topic elsewhere

# 8. A nested repository the run made would run its config and hooks on the
#    host (core.fsmonitor when the user's git or shell prompt is there):
#    apply refuses its git dir, and a .git pointer file, unless named.
check "a run makes a nested repository with an fsmonitor and a hook" in_jail -- sh -c '
  git init -q vendor/x && git -C vendor/x config core.fsmonitor "touch $0" &&
  printf "#!/bin/sh\ntouch %s\n" "$0" >vendor/x/.git/hooks/post-checkout && chmod +x vendor/x/.git/hooks/post-checkout &&
  mkdir -p vendor/y && echo "gitdir: ../x/.git" >vendor/y/.git && echo ok >vendor/notes.txt' "$T_ROOT/pwned"
RUN=$(latest)
BEFORE=$(snapshot)
check "changes marks the nested git dir protected" bash -c "'$PADDOCK' changes '$RUN' | grep -q 'vendor/x/.git/config.*protected'"
check "apply refuses it" bash -c "'$PADDOCK' apply '$RUN' 2>&1 | grep -q 'protected path vendor/x/.git; name vendor/x/.git'"
check "... and the .git pointer file" bash -c "'$PADDOCK' apply '$RUN' 2>&1 | grep -q 'protected path vendor/y/.git'"
check "... writing nothing" expect_output "$BEFORE" snapshot
check "the rest applies when named apart" bash -c "'$PADDOCK' apply '$RUN' vendor/notes.txt >/dev/null && test -f vendor/notes.txt"
check "... without the repository" test ! -e vendor/x/.git
check "naming the git dirs applies them" "$PADDOCK" apply "$RUN" vendor/x/.git vendor/y/.git
check "... and nothing ran on the host meanwhile" test ! -e "$T_ROOT/pwned"
rm -rf vendor
git_q init -q lib && git_q -C lib commit -q --allow-empty -m lib-first
check "a commit in a nested repository present at the start" in_jail -- sh -c "$AS_AGENT -C lib commit -q --allow-empty -m lib-second"
check "... applies without naming it" "$PADDOCK" apply "$(latest)"
check "... lib has the commit" expect_output lib-second git -C lib log -1 --format=%s
rm -rf lib


# 9. A directory the run made look like a git dir (HEAD, objects, refs) is a
#    bare repository to the host's git run inside it: its core.pager runs on
#    `git log` there. apply refuses everything in it unless it is named.
check "a run makes docs/ look like a git dir with a pager" in_jail -- sh -c '
  mkdir -p docs/objects docs/refs && echo "ref: refs/heads/main" >docs/HEAD &&
  printf "[core]\n\tpager = touch %s\n" "$0" >docs/config && echo text >docs/guide.md && echo ok >notes.txt' "$T_ROOT/pwned"
RUN=$(latest)
BEFORE=$(snapshot)
check "changes marks it" bash -c "'$PADDOCK' changes '$RUN' | grep -q 'docs/config.*protected: docs'"
check "apply refuses it, saying why" bash -c "'$PADDOCK' apply '$RUN' 2>&1 | grep -q 'the run made docs look like a git dir'"
check "... writing nothing" expect_output "$BEFORE" snapshot
check "the rest applies when named apart" bash -c "'$PADDOCK' apply '$RUN' notes.txt >/dev/null && test -f notes.txt"
check "... without docs" test ! -e docs/HEAD
check "naming it applies it" "$PADDOCK" apply "$RUN" docs
check "... which host git then takes for a repository" bash -c '[[ $(git -C docs rev-parse --is-bare-repository) == true ]]'
check "... and nothing ran on the host meanwhile" test ! -e "$T_ROOT/pwned"
rm -rf docs notes.txt

finish
