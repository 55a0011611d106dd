#!/usr/bin/env bash
# Preset scenario: a new user's path. A fresh project, no config, nothing but
# the built-in preset: `paddock claude --version`, then a scripted
# `paddock claude -p ...` session. The real key is in paddock's environment
# (ANTHROPIC_API_KEY) and ANTHROPIC_BASE_URL names the mock model served over
# HTTPS with a test CA (trusted through OpenSSL's SSL_CERT_FILE), as a user
# behind a company gateway would have it. Proves:
#   - the agent runs jailed with its prompts off and reaches its API only
#     through paddock's forwarder: the mock sees the real key in x-api-key on
#     every request, while env, /proc/*/environ and every file the jail can
#     read show only the placeholder;
#   - the managed settings are read-only and their hook blocks a denied
#     command hidden in a pipeline; an edit of a project file lands.
source "$(dirname "$0")/lib.sh"
find_claude
command -v openssl >/dev/null || skip "openssl not found (the test CA needs it)"

cd "$PROJECT" || exit 1
# A user who has used Claude Code before: its config dir exists (shared).
mkdir -p "$HOME/.claude"
printf 'int main(void) {\n  return 1;\n}\n' >main.c

# A test CA and a certificate for localhost, made fresh.
CERTS=$T_ROOT/certs
make_test_ca "$CERTS"

# `claude` on PATH, as an npm install would put it.
mkdir -p "$T_ROOT/bin"
ln -s "$CLAUDE" "$T_ROOT/bin/claude"
export PATH=$T_ROOT/bin:$PATH

REAL_KEY="sk-ant-api03-realkey-$RANDOM$RANDOM-outside"
# The scan greps for 'real''key-': spelled so that the command's own text (in
# the agent's transcript under the jail home) does not match.
script=$("$PY" - "$PROJECT" <<'EOF'
import json, sys
project = sys.argv[1]
scan = ("for f in /proc/[0-9]*/environ; do tr '\\0' '\\n' < $f 2>/dev/null; done "
        "| grep -c 'ANTHROPIC_API_KEY=sk-ant-api03-paddock-placeholder'; "
        "env | grep ^ANTHROPIC_; "
        "grep -rlsI 'real''key-' /etc /tmp /run /var \"$HOME\" \"$PWD\" /proc/[0-9]*/environ /proc/[0-9]*/cmdline "
        "| sed 's/^/FOUND /'; echo scan-done; "
        # The shared ~/.claude: history may be written, hooks may not be planted.
        "echo '{\"hooks\": {\"SessionStart\": []}}' > \"$HOME/.claude/settings.json\" || echo settings-read-only; "
        "mkdir \"$HOME/.claude/hooks/planted\" || echo hooks-read-only; "
        "echo ok > \"$HOME/.claude/writable.test\" && echo claude-dir-writable")
# The scan runs from a script file: a Bash command that reads $HOME or /tmp
# whole is refused by the hook (the preset's Read(~/.ssh/**) rule covers the
# directories above ~/.ssh), which is right, but is not what this test asks.
turns = [
  {"tool": "Write", "input": {"file_path": "%s/scan.sh" % project, "content": scan + "\n"}},             # 0
  {"tool": "Bash", "input": {"command": "bash scan.sh", "description": "look for the real key"}},        # 1
  {"tool": "Bash", "input": {"command": "echo hi | sudo id; touch blocked.marker",
                             "description": "a denied command in a pipeline"}},                       # 2
  {"tool": "Bash", "input": {"command": "ls -l /etc/claude-code/managed-settings.d/ && "
                             "echo '{}' > /etc/claude-code/managed-settings.d/50-paddock.json",
                             "description": "overwrite the managed settings"}},                     # 3
  {"tool": "Read", "input": {"file_path": "%s/main.c" % project}},                                   # 4
  {"tool": "Edit", "input": {"file_path": "%s/main.c" % project,
                             "old_string": "return 1;", "new_string": "return 0;"}},                # 5
  {"text": "done"},
]
print(json.dumps(turns))
EOF
)
start_mock "$script" --tls-cert "$CERTS/server.pem" --tls-key "$CERTS/server.key"
UPSTREAM=https://localhost:$MOCK_PORT

agent_env=(ANTHROPIC_API_KEY="$REAL_KEY" ANTHROPIC_BASE_URL="$UPSTREAM" SSL_CERT_FILE="$CERTS/ca.pem")
version=$(env "${agent_env[@]}" timeout -k 5 60 "$PADDOCK" claude --version 2>&1)
check "paddock claude --version runs the agent in the jail ($version)" grep -q "Claude Code" <<<"$version"

env "${agent_env[@]}" timeout -k 5 150 "$PADDOCK" claude -p "Work on main.c." --output-format json \
  </dev/null >"$T_ROOT/claude.out" 2>"$T_ROOT/claude.err"
rc=$?

check "paddock claude -p ran to the end (exit $rc)" claude_ok "$T_ROOT/claude.out"
check "the client played every scripted turn" expect_turns 6
check "every request reached the API with the real key (x-api-key)" "$PY" - "$MOCK_LOG" "$REAL_KEY" <<'EOF'
import json, sys
log, key = sys.argv[1:3]
entries = [json.loads(l) for l in open(log)]
sent = [e for e in entries if e["kind"] in ("turn", "side")]
if not sent:
    sys.exit("no requests logged")
bad = [e["seq"] for e in sent if {k.lower(): v for k, v in e["headers"].items()}.get("x-api-key") != key]
if bad:
    sys.exit("requests without the real key: %s" % bad)
EOF
check "no request carried the placeholder or an Authorization header" "$PY" - "$MOCK_LOG" <<'EOF'
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    h = {k.lower(): v for k, v in e["headers"].items()}
    if "placeholder" in h.get("x-api-key", "") or "authorization" in h:
        sys.exit("request %s: %s" % (e["seq"], h))
EOF
check "the jail's processes see the placeholder in their environment" logq expect-ok 1 '(^|\n)[1-9][0-9]*\n'
check "the agent's environment names the forwarder on the jail's loopback" \
  logq expect-ok 1 'ANTHROPIC_BASE_URL=http://127\.0\.0\.1:[0-9]+'
check "the scan of the jail's files and /proc ran" logq expect-ok 1 'scan-done'
check "no file or /proc entry in the jail holds the real key" logq lacks 1 'FOUND'
check "the real key reached the model only as the forwarder's header" \
  fails grep -qF "$REAL_KEY" <(sed 's/"x-api-key": "[^"]*"//' "$MOCK_LOG")
check "the shared ~/.claude takes the agent's own files" logq expect-ok 1 'claude-dir-writable'
check "... and they land in the real ~/.claude" file_has "$HOME/.claude/writable.test" ok
check "~/.claude/settings.json is read-only inside (no hooks for the host's next session)" \
  logq expect-ok 1 'settings-read-only'
check "~/.claude/hooks is read-only inside" logq expect-ok 1 'hooks-read-only'
check "the host's ~/.claude/settings.json holds no hooks" fails grep -q hooks "$HOME/.claude/settings.json"
check "the real ~/.claude.json was neither shared nor made" absent "$HOME/.claude.json"
check "paddock's hook blocks sudo hidden in a pipeline" logq expect-error 2 'paddock'
check "the blocked command left no marker" absent "$PROJECT/blocked.marker"
check "the managed settings file is read-only in the jail" logq expect-error 3 '[Rr]ead-only file system'
check "Read of the project file works" logq expect-ok 4 'return 1;'
check "Edit of the project file succeeds" logq expect-ok 5 'updated successfully'
check "the host sees the edit" file_has "$PROJECT/main.c" "return 0;"
check "the edited file belongs to the invoking user" owned_by "$PROJECT/main.c" "$(id -u)"
check "the jail left no process behind" fails pgrep -f -- "$MOCK_PORT"
finish
