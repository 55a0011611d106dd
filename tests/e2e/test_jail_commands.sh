#!/usr/bin/env bash
# Commands jailed one by one (docs/jail-commands.md). Claude Code runs on the
# host, in a project set up with `paddock init --jail-commands`: the hook
# rewrites each Bash call its policy lets through to run inside a fresh
# `paddock run` of the project. The model, played by the mock, asks for:
#   0 Bash `cat $HOME/.ssh/id_ed25519`            (the planted key, by its variable)
#   1 Bash `bash peek.sh`: a script the repository ships that cats the key
#     (the policy cannot see into it, so the hook lets it through, jailed)
#   2 Bash `echo made-in-jail > f1.txt`           3 Bash `cat f1.txt` (a second jail)
#   4 Bash `sudo true`                            (init's deny list)
#   5 Bash `echo before-exit; exit 3`             (output and status come back)
# Proves: the key never reaches the model, whether the hook stops the call (0)
# or lets it through to a jail that has no such file (1); a file written in
# one jail is the invoking user's on the host and the next jail reads it; a
# denied command is blocked by the hook exactly as without the option; the
# settings init wrote turn Claude Code's own sandbox off. Runs as root or as a user.
source "$(dirname "$0")/lib.sh"
find_claude

cd "$PROJECT" || exit 1
git init -q .
echo "a project" >README
# A hostile repository's script; the policy cannot see what it reads.
printf 'cat "$HOME/.ssh/id_ed25519"\n' >peek.sh
check "outside any jail, peek.sh prints the key (so the check on turn 1 can fail)" expect_output "$SECRET" bash peek.sh
check "paddock init --jail-commands sets the project up" timeout -k 5 30 "$PADDOCK" init --jail-commands
check "init registered 'paddock-hook --jail-commands' for every tool and turned Claude Code's sandbox off" \
  "$PY" - .claude/settings.json "$PADDOCK" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
# paddock-hook, built beside paddock: the `paddock hook` command alone.
want = sys.argv[2] + "-hook --jail-commands"
groups = s.get("hooks", {}).get("PreToolUse", [])
ok = any(g.get("matcher") == "*" and any(h.get("command") == want for h in g.get("hooks", [])) for g in groups)
ok = ok and s.get("sandbox", {}).get("enabled") is False
ok = ok and any(r.startswith("Bash(sudo") for r in s.get("permissions", {}).get("deny", []))
sys.exit(0 if ok else "settings:\n" + json.dumps(s, indent=1))
EOF

script=$("$PY" - <<'EOF'
import json
turns = [
  {"tool": "Bash", "input": {"command": "cat $HOME/.ssh/id_ed25519", "description": "show the key"}},   # 0
  {"tool": "Bash", "input": {"command": "bash peek.sh", "description": "run the project's script"}},  # 1
  {"tool": "Bash", "input": {"command": "echo made-in-jail > f1.txt", "description": "write a file"}},  # 2
  {"tool": "Bash", "input": {"command": "cat f1.txt", "description": "read it back"}},                # 3
  {"tool": "Bash", "input": {"command": "sudo true", "description": "escalate"}},                     # 4
  {"tool": "Bash", "input": {"command": "echo before-exit; exit 3", "description": "fail"}},          # 5
  {"text": "done"},
]
print(json.dumps(turns))
EOF
)
start_mock "$script"

claude_on_host 200 /usr/bin:/bin -p "Look around." --output-format json

check "claude ($CLAUDE_VERSION) ran to the end on the host (exit $rc)" claude_ok "$T_ROOT/claude.out"
check "the client played every scripted turn" expect_turns 6
check "cat \$HOME/.ssh/id_ed25519 fails" logq expect-error 0 'paddock: deny|No such file'
check "a script that reads the key is let through, and the jail has no such file" \
  logq expect-error 1 '[Nn]o such file'
check "  the hook ran it jailed (audit log)" "$PY" - "$T_ROOT/audit.jsonl" <<'EOF'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
hit = [r for r in recs if r.get("command") == "bash peek.sh"]
sys.exit(0 if hit and all(r.get("jailed") and r.get("decision") == "passthrough" for r in hit)
         else "audit records: %s" % hit)
EOF
check "the key's content never reaches the model" fails grep -qF "$SECRET" "$MOCK_LOG"
check "echo > f1.txt in the jail succeeds" logq expect-ok 2 '^\(Bash completed with no output\)$'
check "the host sees f1.txt with its content" file_has "$PROJECT/f1.txt" made-in-jail
check "f1.txt belongs to the invoking user on the host" owned_by_ids "$PROJECT/f1.txt" "$(id -u)" "$(id -g)"
check "a second jail reads it back" logq expect-ok 3 'made-in-jail'
check "sudo true: blocked by paddock's hook, as without --jail-commands" \
  logq expect-error 4 'paddock: deny: Bash\(sudo[^)]*\) matched .sudo true'
check "a failing command's output and exit code come back" logq expect-error 5 'before-exit'
check "  with its exit code" logq expect-error 5 '^Exit code 3'
finish
