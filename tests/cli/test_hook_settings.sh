#!/usr/bin/env bash
# `paddock hook` and the settings files it reads: a file that is not there,
# or is a directory (paddock's placeholder for a protected name inside a
# jail), is absent; one that is there but cannot be read (a FIFO, mode 000
# for a user, a device) might hold deny rules, so the hook fails closed.
set -uo pipefail
PADDOCK=$(readlink -f "${PADDOCK:?path of the paddock binary}")
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
proj=$tmp/proj
mkdir -p "$tmp/home" "$proj/.claude"
git -C "$proj" init -q
event='{"session_id":"s","transcript_path":"/dev/null","cwd":"'$proj'","hook_event_name":"PreToolUse",'
event+='"permission_mode":"default","tool_name":"Bash","tool_input":{"command":"ls"}}'
settings=$proj/.claude/settings.json

hook() { (cd "$proj" && env -u CLAUDE_PROJECT_DIR HOME="$tmp/home" timeout 10 "$PADDOCK" hook <<<"$event"); }
# expect NAME STATUS STDERR-PATTERN
expect() {
  local err rc
  err=$(hook 2>&1 >/dev/null); rc=$?
  if [[ $rc == "$2" ]] && grep -qE -- "$3" <<<"$err"; then
    pass=$((pass + 1)); echo "ok   $1"
  else
    fail=$((fail + 1)); echo "FAIL $1: exit $rc (want $2), stderr: $err"
  fi
}

expect "no settings file: the hook decides (no fail-closed)" 0 '^$'
mkdir "$settings"
expect "a directory in its place is absent" 0 '^$'
rmdir "$settings"
mkfifo "$settings"
expect "a FIFO in its place fails closed, naming it" 2 "blocked \(fail closed\).*settings.json: cannot read"
rm "$settings"
echo '{"permissions": ' >"$settings"
expect "a settings file that does not parse fails closed" 2 "blocked \(fail closed\)"
echo '{"permissions": {"deny": ["Bash(ls:*)"]}}' >"$settings"
expect "a readable settings file is applied (control)" 2 "Bash\(ls:\*\)"
if [[ $(id -u) != 0 ]]; then
  chmod 000 "$settings"
  expect "a settings file this user cannot read fails closed" 2 "cannot read: Permission denied"
  chmod 644 "$settings"
fi
echo "hook-settings: $pass passed, $fail failed"
((fail == 0))
