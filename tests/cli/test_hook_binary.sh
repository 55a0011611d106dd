#!/usr/bin/env bash
# paddock-hook, the `paddock hook` command in a binary of its own
# (src/jail/binaries.h): it answers every event exactly as `paddock hook`
# does, `paddock init` registers it when it sits beside paddock (and
# `paddock hook` when it does not), a re-run of init replaces the other form
# instead of registering the hook twice, and its --jail-commands rewrite runs
# paddock, not itself. paddock-hook alone is registered in exec form (Claude
# Code spawns it without a shell); lines with arguments stay in shell form.
set -uo pipefail
PADDOCK=$(readlink -f "${PADDOCK:?path of the paddock binary}")
HOOK=$(dirname "$PADDOCK")/paddock-hook
SRC=${PADDOCK_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }
check() {  # check NAME CMD...
  local name=$1; shift
  if "$@"; then ok "$name"; else bad "$name"; return 1; fi
}
hook_commands() {  # the PreToolUse handlers of a settings file, one per line: "exec|shell: LINE"
  python3 -c 'import json,sys
for g in json.load(open(sys.argv[1]))["hooks"]["PreToolUse"]:
    for h in g["hooks"]:
        print("exec: " + " ".join([h["command"]] + h["args"]) if "args" in h else "shell: " + h["command"])' "$1"
}

check "paddock-hook is built beside paddock, executable" test -x "$HOOK"

# 1. The same answers: every case of the policy corpora, as a Bash event in a
# project whose settings hold the case's rules, through both binaries.
# Exit status, stdout and stderr must be identical byte for byte.
python3 - "$PADDOCK" "$HOOK" "$tmp/diff" "$SRC"/tests/policy/*.jsonl <<'EOF'
import json, os, subprocess, sys
paddock, hook, work, corpora = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
proj = os.path.join(work, "proj")
os.makedirs(os.path.join(proj, ".claude"), exist_ok=True)
env = {"PATH": "/usr/bin:/bin", "HOME": os.path.join(work, "home"), "CLAUDE_PROJECT_DIR": proj}
os.makedirs(env["HOME"], exist_ok=True)
cases = same = 0
differ = []
for corpus in corpora:
    for line in open(corpus):
        if not line.strip():
            continue
        case = json.loads(line)
        if "command" not in case:
            continue
        rules = case.get("rules", {"deny": ["Bash(sudo:*)", "Read(~/.ssh/**)"]})
        with open(os.path.join(proj, ".claude", "settings.json"), "w") as f:
            json.dump({"permissions": rules}, f)
        event = json.dumps({"session_id": "s", "transcript_path": "/dev/null", "cwd": proj,
                            "hook_event_name": "PreToolUse", "permission_mode": "default",
                            "tool_name": "Bash", "tool_input": {"command": case["command"]}})
        answers = []
        for argv in ([paddock, "hook", "--audit-log", "none"], [hook, "--audit-log", "none"]):
            r = subprocess.run(argv, input=event.encode(), capture_output=True, env=env, cwd=proj, timeout=20)
            answers.append((r.returncode, r.stdout, r.stderr))
        cases += 1
        if answers[0] == answers[1]:
            same += 1
        elif len(differ) < 5:
            differ.append((case["command"], answers))
for command, (a, b) in differ:
    print(f"  differs on {command!r}:\n    paddock hook: {a}\n    paddock-hook: {b}")
print(f"{same} of {cases} cases answered identically")
sys.exit(0 if cases >= 500 and same == cases else 1)
EOF
if [[ $? == 0 ]]; then ok "every corpus case: the same answer from both"; else bad "every corpus case: the same answer from both"; fi

# 2. Fail closed as `paddock hook` does: a usage error, and malformed input, exit 2.
"$HOOK" --no-such-option </dev/null >/dev/null 2>&1
check "a usage error exits 2 (a deny)" test $? = 2
err=$(echo 'not json' | "$HOOK" --audit-log none 2>&1 >/dev/null); rc=$?
if [[ $rc == 2 && $err == "paddock hook: blocked (fail closed): malformed"* ]]; then
  ok "malformed input exits 2, fail closed"
else
  bad "malformed input exits 2, fail closed: exit $rc, stderr: $err"
fi

# 3. init registers paddock-hook beside paddock, `paddock hook` without it.
mkdir -p "$tmp/both" "$tmp/alone" "$tmp/p1" "$tmp/p2"
cp "$PADDOCK" "$HOOK" "$tmp/both/"
cp "$PADDOCK" "$tmp/alone/"
"$tmp/both/paddock" init --dir "$tmp/p1" >/dev/null 2>&1
check "init registers paddock-hook when it sits beside paddock, in exec form (no shell)" \
  test "$(hook_commands "$tmp/p1/.claude/settings.json")" = "exec: $tmp/both/paddock-hook"
"$tmp/alone/paddock" init --dir "$tmp/p2" >/dev/null 2>&1
check "init registers 'paddock hook' when paddock is alone, in shell form (clients before args)" \
  test "$(hook_commands "$tmp/p2/.claude/settings.json")" = "shell: $tmp/alone/paddock hook"

# 4. Upgrading: the same install's `paddock hook` becomes paddock-hook; a
# second registration would start the hook twice per tool call.
mkdir -p "$tmp/p3/.claude"
cat >"$tmp/p3/.claude/settings.json" <<EOF
{"hooks": {"PreToolUse": [{"matcher": "*", "hooks": [{"type": "command", "command": "$tmp/both/paddock hook"}]},
                          {"matcher": "Bash", "hooks": [{"type": "command", "command": "/usr/bin/true"}]}]}}
EOF
"$tmp/both/paddock" init --dir "$tmp/p3" >/dev/null 2>&1
check "re-running init replaces 'paddock hook' by paddock-hook and keeps the user's own hook" \
  test "$(hook_commands "$tmp/p3/.claude/settings.json" | tr '\n' ' ')" = "exec: $tmp/both/paddock-hook shell: /usr/bin/true "
"$tmp/both/paddock" init --dir "$tmp/p3" --jail-commands >/dev/null 2>&1
check "init --jail-commands turns it into the jailing hook, once" \
  test "$(hook_commands "$tmp/p3/.claude/settings.json" | tr '\n' ' ')" = "shell: $tmp/both/paddock-hook --jail-commands shell: /usr/bin/true "

# 5. --jail-commands from paddock-hook: the rewritten command runs paddock.
event='{"session_id":"s","transcript_path":"/dev/null","cwd":"'$tmp/p3'","hook_event_name":"PreToolUse",'
event+='"permission_mode":"bypassPermissions","tool_name":"Bash","tool_input":{"command":"ls"}}'
out=$(cd "$tmp/p3" && env -u CLAUDE_PROJECT_DIR HOME="$tmp" "$tmp/both/paddock-hook" --jail-commands --audit-log none <<<"$event")
jailed=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["hookSpecificOutput"]["updatedInput"]["command"])' "$out" 2>/dev/null)
check "the --jail-commands rewrite of paddock-hook runs paddock run" \
  grep -q "^$tmp/both/paddock run " <<<"$jailed"
check "  and never paddock-hook" eval "! grep -q paddock-hook <<<\"\$jailed\""

# 6. In a jail: an agent preset's managed settings register paddock-hook,
# and the jail shows it (a stand-in `claude` runs the registered command on
# an event with a denied command).
mkdir -p "$tmp/bin" "$tmp/p4"
cat >"$tmp/bin/claude" <<'AGENT'
#!/bin/sh
settings=/etc/claude-code/managed-settings.d/50-paddock.json
form=$(python3 -c 'import json,sys; h=json.load(open(sys.argv[1]))["hooks"]["PreToolUse"][0]["hooks"][0]; print("exec" if h.get("args") == [] else "shell")' "$settings")
hook=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["hooks"]["PreToolUse"][0]["hooks"][0]["command"])' "$settings")
echo "registered: $form $hook"
# As Claude Code runs it: exec form spawned directly, shell form through sh -c.
printf '{"session_id":"s","transcript_path":"/dev/null","cwd":"%s","hook_event_name":"PreToolUse","permission_mode":"bypassPermissions","tool_name":"Bash","tool_input":{"command":"echo x | sudo id"}}' "$PWD" |
  if [ "$form" = exec ]; then "$hook"; else sh -c "$hook"; fi >/dev/null 2>&1
echo "hook exit: $?"
AGENT
chmod 755 "$tmp/bin/claude"
# Its own HOME: the preset makes the shared ~/.claude skeleton there.
mkdir -p "$tmp/home4"
out=$(cd "$tmp/p4" && HOME="$tmp/home4" PATH="$tmp/bin:$PATH" timeout -k 5 60 "$tmp/both/paddock" claude 2>&1)
check "a preset's managed settings in the jail register paddock-hook" grep -qx "registered: exec $tmp/both/paddock-hook" <<<"$out"
if ! check "  and it runs there: sudo in a pipeline is denied (exit 2)" grep -qx "hook exit: 2" <<<"$out"; then
  echo "$out" | sed 's/^/    /'
fi

echo "hook-binary: $pass passed, $fail failed"
((fail == 0))
