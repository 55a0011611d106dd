#!/usr/bin/env bash
# `paddock plan` changes nothing on disk (issue 10 item 4): probing only
# reads. Stale placeholders a crashed run left are planned as missing and
# removed by the next run, not by the plan; the project scan's cache and
# paddock's state directory are written by runs only.
source "$(dirname "$0")/lib.sh"

# A repository with a commit and a nested one (the scan has something to cache).
git init -q . && echo one >file.txt && git add file.txt &&
  git -c user.email=t@e -c user.name=t commit -qm one
mkdir -p vendor/lib && git -C vendor/lib init -q

# What is on disk, one line per entry: path, type, mode, size, mtime, ctime.
state() { find "$PROJECT" "$HOME" -printf '%p %y %m %s %T@ %C@\n' 2>/dev/null | sort; }
# plan_changes_nothing: `paddock plan` in the project leaves `state` as it was.
plan_changes_nothing() {
  local before after
  before=$(state)
  "$PADDOCK" plan -- true >"$T_ROOT/plan.json" || return 1
  after=$(state)
  [[ "$before" == "$after" ]] || { diff <(echo "$before") <(echo "$after"); return 1; }
}
# no_writes_traced: strace sees no call that changes the filesystem.
no_writes_traced() {
  strace -f -qq -o "$T_ROOT/trace" -e trace=%file,%desc "$PADDOCK" plan -- true >/dev/null || return 1
  # /proc/PID/{uid,gid}_map: the idmapped-mount probe's throwaway namespace (root).
  local calls='mkdir|mkdirat|unlink|unlinkat|rename|renameat|renameat2|rmdir|symlink|symlinkat|link|linkat'
  calls+='|truncate|ftruncate|chmod|fchmod|fchmodat|chown|fchown|fchownat|lchown|utimensat|mknod|mknodat'
  ! grep -E "^[0-9]+ +($calls)\(|O_CREAT|O_WRONLY|O_RDWR|O_TRUNC" "$T_ROOT/trace" |
    grep -Ev '= -1 E|/proc/[0-9]+/(uid|gid)_map'
}

# A fresh home: no state directory, no scan cache.
[[ ! -e $XDG_STATE_HOME/paddock ]] || rm -rf "$XDG_STATE_HOME/paddock"
check "fresh home, cold cache: paddock plan changes nothing" plan_changes_nothing
check "fresh home: no state directory appears" test ! -e "$XDG_STATE_HOME/paddock"
if command -v strace >/dev/null; then
  check "fresh home: paddock plan makes no write call" no_writes_traced
fi

# Stale placeholders: paddock SIGKILLed during a run leaves them.
"$PADDOCK" run -- sleep 30 &
pid=$!
for _ in $(seq 50); do [[ -e .mcp.json ]] && break; sleep 0.1; done
kill -9 $pid; wait $pid 2>/dev/null
sleep 0.3
check "a crashed run left placeholders" test -d .mcp.json -a -d .codex
rm -rf "$XDG_STATE_HOME/paddock/scan"  # and no scan cache
check "stale placeholders, cold cache: paddock plan changes nothing" plan_changes_nothing
check "the placeholders are still there after the plan" test -d .mcp.json -a -d .codex
check "no scan cache was written" test ! -e "$XDG_STATE_HOME/paddock/scan"
if command -v strace >/dev/null; then
  check "stale placeholders: paddock plan makes no write call" no_writes_traced
fi
check "the plan lists them as stale and plans them as missing (placeholders again)" python3 -c "
import json, sys
p = json.load(open('$T_ROOT/plan.json'))
stale = set(p['stale_placeholders']); planned = {x['path'] for x in p['placeholders']}
want = {'$PROJECT/.mcp.json', '$PROJECT/.codex'}
sys.exit(0 if want <= stale and want <= planned else 'stale %s planned %s' % (sorted(stale), sorted(planned)))"
check "the next run removes them" bash -c "$PADDOCK run -- true && [[ ! -e .mcp.json && ! -e .codex ]]"
check "a plan after the run still changes nothing" plan_changes_nothing

finish
