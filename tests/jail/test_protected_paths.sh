#!/usr/bin/env bash
# Protected paths (issue 4): read-only inside the writable project, not
# creatable when missing, and not to be got around by rename, hard link,
# symlink swap or replacing a parent; git keeps working.
source "$(dirname "$0")/lib.sh"

cd "$PROJECT" || exit 1
git init -q .
git config user.email t@e && git config user.name t
echo one > file.txt && git add file.txt && git commit -qm one
mkdir -p .vscode .claude && echo '{}' > .vscode/tasks.json && echo '{}' > .claude/settings.json
echo 'export X=1' > .envrc
config_sum=$(sha256sum .git/config)
hooks_before=$(ls -A .git/hooks | sort | tr '\n' ' ')

denied() { jail -- bash -c "$1" >/dev/null 2>&1 && return 1; return 0; }

for p in .git/config .envrc .vscode/tasks.json .claude/settings.json; do
  check "write to $p fails" denied "echo evil >> $p"
  check "truncate $p fails" denied ": > $p"
  check "remove $p fails" denied "rm -f $p"
  check "rename $p away fails" denied "mv $p moved"
  check "hard link of $p fails" denied "ln $p linked"
  check "symlink swap of $p fails" denied "ln -sfn /tmp/evil $p"
done
check "new hook cannot be created" denied "echo 'rm -rf ~' > .git/hooks/pre-commit && chmod +x .git/hooks/pre-commit"
check "hard link into hooks fails" denied "echo x > h && ln h .git/hooks/post-checkout"
check "hooks dir cannot be replaced" denied "mv .git/hooks .git/hooks.old && mkdir .git/hooks"
check "replace .git (mv .git .git2; new .git) fails" denied "mv .git .git2"
check "remove .git fails" denied "rmdir .git || rm .git"
check "remove the hooks dir fails" denied "rm -rf .git/hooks && test ! -e .git/hooks"
check "replace .vscode dir fails" denied "mv .vscode v2"
check "core.hooksPath cannot be set" denied "git config core.hooksPath /tmp/h"
check "commondir redirection cannot be planted" denied "echo ../evil > .git/commondir"

# Not existing yet: must not be creatable.
for p in .mcp.json .gitmodules .bashrc .zshrc .profile .gitconfig .paddock.toml; do
  check "missing $p cannot be created" denied "echo x > $p"
done
for d in .codex .idea .paddock; do
  check "missing $d/ cannot be created" denied "mkdir -p $d/sub && echo x > $d/sub/f"
done
check "placeholders are removed after the run" bash -c "
  $PADDOCK run -- true && for p in .mcp.json .gitmodules .codex .idea .paddock .git/commondir; do [[ ! -e \$p ]] || { echo left: \$p; exit 1; }; done"

# Git still works in the same repository.
check "git add/commit/branch/checkout work" jail -- bash -c '
  set -e; echo two >> file.txt; git add file.txt; git commit -qm two
  git branch feature; git checkout -q feature; echo f > f.txt; git add f.txt; git commit -qm f
  git checkout -q -; git merge -q --no-edit feature; git status --short | wc -l'
check "commits landed on the host" bash -c "git log --oneline | grep -q two && git log --oneline | grep -q ' f$'"
check "ordinary edits work" jail -- bash -c 'echo edit >> file.txt && mkdir -p src && echo x > src/a.c'
check "host: .git/config unchanged" bash -c "[[ \"\$(sha256sum .git/config)\" == '$config_sum' ]]"
check "host: no new hook" bash -c "[[ \"\$(ls -A .git/hooks | sort | tr '\n' ' ')\" == '$hooks_before' ]]"
check "host: .envrc unchanged" grep -qx 'export X=1' .envrc
check "host: .mcp.json never appeared" test ! -e .mcp.json

# --protect / --unprotect.
echo deploy > deploy.sh
check "--protect makes a project file read-only" bash -c "! $PADDOCK run --protect deploy.sh -- sh -c 'echo x >> deploy.sh' 2>/dev/null"
check "--protect of a missing dir blocks creating it" bash -c "! $PADDOCK run --protect secrets/ -- mkdir secrets 2>/dev/null && [[ ! -e secrets ]]"
check "--unprotect re-allows with a warning" bash -c "
  out=\$($PADDOCK run --unprotect .envrc -- sh -c 'echo export Y=2 >> .envrc' 2>&1) && grep -q 'not protected' <<<\"\$out\" && grep -q Y=2 .envrc"
check "--unprotect of something not protected is an error" bash -c "! $PADDOCK run --unprotect src -- true 2>/dev/null"
check "a protected path that is a symlink is refused" bash -c "
  ln -s /etc/hostname .zshrc; out=\$($PADDOCK run -- true 2>&1); rc=\$?; rm .zshrc; [[ \$rc == 125 ]] && grep -q 'symbolic link' <<<\"\$out\""

# No repository yet: .git itself is protected; --unprotect .git allows git init.
mkdir -p "$T_ROOT/fresh" && cp probe "$T_ROOT/fresh/"
check "no .git: git init is refused (it would create config and hooks)" bash -c "
  cd $T_ROOT/fresh && ! $PADDOCK run -- git init -q 2>/dev/null && [[ ! -e .git ]]"
check "no .git: --unprotect .git allows git init" bash -c "
  cd $T_ROOT/fresh && $PADDOCK run --unprotect .git -- git init -q 2>/dev/null && [[ -d .git/objects ]]"

# A worktree whose git dir lives outside the project.
git -C "$PROJECT" worktree add -q "$T_ROOT/wt" -b wt 2>/dev/null
check "worktree: commit works through the outside git dir" bash -c "
  cd $T_ROOT/wt && $PADDOCK run -- bash -c 'echo w > w.txt && git add w.txt && git commit -qm wt' && git -C $PROJECT log --oneline wt | grep -q wt"
check "worktree: the main repository's hooks are read-only" bash -c "
  cd $T_ROOT/wt && ! $PADDOCK run -- sh -c 'echo evil > $PROJECT/.git/hooks/post-commit' 2>/dev/null && [[ ! -e $PROJECT/.git/hooks/post-commit ]]"
check "worktree: the main repository's config is read-only" bash -c "
  cd $T_ROOT/wt && ! $PADDOCK run -- git config --file $PROJECT/.git/config core.fsmonitor evil 2>/dev/null"
check "worktree: the .git pointer file cannot be redirected" bash -c "
  cd $T_ROOT/wt && ! $PADDOCK run -- sh -c 'echo gitdir: /tmp/evil > .git' 2>/dev/null"
check "worktree: its commondir pointer cannot be rewritten" bash -c "
  cd $T_ROOT/wt && ! $PADDOCK run -- sh -c 'echo /tmp/evil > $PROJECT/.git/worktrees/wt/commondir' 2>/dev/null"
check "worktree: the main git dir cannot get a commondir" bash -c "
  cd $T_ROOT/wt && ! $PADDOCK run -- sh -c 'echo ../evil > $PROJECT/.git/commondir' 2>/dev/null && [[ ! -e $PROJECT/.git/commondir ]]"
check "host: main config still unchanged" bash -c "[[ \"\$(sha256sum .git/config)\" == '$config_sum' ]]"

# Crash: paddock SIGKILLed leaves its placeholders; the next run removes them.
"$PADDOCK" run -- sleep 30 &
pid=$!
for _ in $(seq 50); do [[ -e .mcp.json ]] && break; sleep 0.1; done
kill -9 $pid; wait $pid 2>/dev/null
sleep 0.3
left=$([[ -e .mcp.json ]] && echo yes)
check "after a crash the next run removes the old placeholders" bash -c "
  [[ '$left' == yes ]] && $PADDOCK run -- true && [[ ! -e .mcp.json && ! -e .codex ]]"

finish
