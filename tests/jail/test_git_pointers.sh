#!/usr/bin/env bash
# Git pointers: nothing in the project decides what gets mounted. A .git
# file (or a worktree's commondir) that the jail or a downloaded tarball can
# write names any directory; paddock mounts a git dir outside the project
# only when git's back-pointers, which live outside the project, confirm it,
# or when the user grants it. Real worktrees and submodules keep working.
source "$(dirname "$0")/lib.sh"

git_id=(-c user.email=t@e -c user.name=t)
SECRET=$T_ROOT/secret-dir            # stands for the real home, /root, another project
mkdir -p "$SECRET" && echo TOP-SECRET >"$SECRET/key"

# A downloaded tarball (or an earlier run) left a .git file pointing outside.
mkdir -p "$PROJECT/pkg" && cp probe "$PROJECT/pkg/"
echo "gitdir: $SECRET" >"$PROJECT/pkg/.git"
in_pkg() { (cd "$PROJECT/pkg" && "$PADDOCK" run "$@"); }
check "a .git file naming an outside dir does not make it readable" \
  in_pkg -- ./probe read "$SECRET/key"
check "... nor writable (the host sees nothing)" \
  bash -c "cd $PROJECT/pkg && ! $PADDOCK run -- sh -c 'echo x >> $SECRET/key; echo y > $SECRET/new' 2>/dev/null; [[ \$(cat $SECRET/key) == TOP-SECRET && ! -e $SECRET/new ]]"
check "... and paddock says why and how to grant it" \
  bash -c "cd $PROJECT/pkg && $PADDOCK run -- true 2>&1 | grep -q -- '--rw $SECRET'"
check "paddock plan mounts nothing outside the project for it" \
  bash -c "cd $PROJECT/pkg && $PADDOCK plan -- true | python3 -c '
import json, sys
d = json.load(sys.stdin)
bad = [m for m in d[\"mounts\"] if m.get(\"source\", \"\").startswith(\"$SECRET\")]
assert not bad, bad'"
check "the pointer itself cannot be rewritten inside the jail" \
  bash -c "cd $PROJECT/pkg && ! $PADDOCK run -- sh -c 'echo gitdir: /tmp > .git' 2>/dev/null"
check "granting it by name works (--rw)" \
  bash -c "cd $PROJECT/pkg && $PADDOCK run --rw $SECRET -- cat $SECRET/key | grep -q TOP-SECRET"

# A grant named inside the project that is a symlink the jail could plant.
ln -s "$SECRET" "$PROJECT/data-link"
check "--ro of a project symlink to the outside is refused, naming the target" \
  bash -c "cd $PROJECT && out=\$($PADDOCK run --ro data-link -- true 2>&1); rc=\$?; [[ \$rc == 125 ]] && grep -q -- '--ro $SECRET' <<<\"\$out\""
rm "$PROJECT/data-link"
"$PADDOCK" seccomp export >"$PROJECT/profile.json"
check "a seccomp profile inside the project (the jail can rewrite it) gets a warning" \
  bash -c "cd $PROJECT && $PADDOCK run --seccomp-profile profile.json -- true 2>&1 | grep -q 'inside the project'"
rm "$PROJECT/profile.json"

# Forged worktree admin dir: the main repository's .git/worktrees/<x> names
# an outside common dir; a nested checkout points at it.
cd "$PROJECT" && git init -q . && git "${git_id[@]}" commit -q --allow-empty -m init
mkdir -p .git/worktrees/evil sub
echo "$SECRET" >.git/worktrees/evil/commondir
echo "$PROJECT/sub/.git" >.git/worktrees/evil/gitdir
echo "gitdir: $PROJECT/.git/worktrees/evil" >sub/.git
cp probe sub/
check "a forged worktree commondir does not mount its target" \
  bash -c "cd $PROJECT/sub && $PADDOCK run -- ./probe read $SECRET/key"
rm -rf .git/worktrees/evil sub

# A real linked worktree: its git dir lives in the main repository's .git.
git -C "$PROJECT" worktree add -q "$T_ROOT/wt" -b wt 2>/dev/null
cp probe "$T_ROOT/wt/"
check "a real worktree still commits through its confirmed git dir" \
  bash -c "cd $T_ROOT/wt && $PADDOCK run --env GIT_AUTHOR_NAME=t --env GIT_AUTHOR_EMAIL=t@e --env GIT_COMMITTER_NAME=t \
    --env GIT_COMMITTER_EMAIL=t@e -- sh -c 'echo w > w.txt && git add w.txt && git commit -qm wt' && git -C $PROJECT log --oneline wt | grep -q wt"
check "plan says why the common dir is mounted" \
  bash -c "cd $T_ROOT/wt && $PADDOCK plan -- true | grep -q 'names $T_ROOT/wt/.git'"
# ...but rewriting its back-pointer makes paddock stop trusting it.
cp "$PROJECT/.git/worktrees/wt/gitdir" "$T_ROOT/gitdir.saved"
echo "$T_ROOT/elsewhere/.git" >"$PROJECT/.git/worktrees/wt/gitdir"
check "a worktree whose back-pointer names another checkout is not mounted" \
  bash -c "cd $T_ROOT/wt && $PADDOCK run -- ./probe exists $PROJECT/.git/HEAD"
cp "$T_ROOT/gitdir.saved" "$PROJECT/.git/worktrees/wt/gitdir"

# A submodule: its git dir is in the superproject's .git/modules.
mkdir -p "$T_ROOT/libsrc" && git -C "$T_ROOT/libsrc" init -q && git -C "$T_ROOT/libsrc" "${git_id[@]}" commit -q --allow-empty -m lib
git -C "$PROJECT" -c protocol.file.allow=always submodule --quiet add "$T_ROOT/libsrc" lib 2>/dev/null
check "a submodule still commits through the superproject's .git/modules" \
  bash -c "cd $PROJECT/lib && $PADDOCK run --env GIT_AUTHOR_NAME=t --env GIT_AUTHOR_EMAIL=t@e --env GIT_COMMITTER_NAME=t \
    --env GIT_COMMITTER_EMAIL=t@e -- sh -c 'echo l > l.txt && git add l.txt && git commit -qm sub' && git -C $PROJECT/lib log --oneline | grep -q sub"
check "the submodule's hooks stay read-only" \
  bash -c "cd $PROJECT/lib && ! $PADDOCK run -- sh -c 'echo evil > $PROJECT/.git/modules/lib/hooks/post-checkout' 2>/dev/null && [[ ! -e $PROJECT/.git/modules/lib/hooks/post-checkout ]]"
check "a submodule pointer escaping .git/modules through a symlink is not mounted" \
  bash -c "cd $PROJECT/lib && ln -s $SECRET $PROJECT/.git/modules/evil && touch $SECRET/HEAD && cp .git .git.saved &&
    echo 'gitdir: ../.git/modules/evil' > .git && cp $PROJECT/probe . ; $PADDOCK run -- ./probe read $SECRET/key; rc=\$?;
    cp .git.saved .git; rm -f .git.saved $PROJECT/.git/modules/evil $SECRET/HEAD; exit \$rc"

finish
