#!/usr/bin/env bash
# Root scenario. Claude Code refuses --dangerously-skip-permissions when it runs
# as uid 0 (unless IS_SANDBOX=1 says a sandbox is in place). Started by root,
# paddock runs the agent as an unprivileged uid inside and gives it the project
# through an idmapped mount.
# Proves: (control) the same client unjailed as root, without IS_SANDBOX,
# refuses to start; jailed, without IS_SANDBOX, it works, its tools run as a
# uid other than 0, and the files it creates or edits in the project belong to
# root on the host, like files root made itself. Root only by nature.
# The mock also cuts its first streamed answer short: the client must retry
# that turn without streaming (the mock's non-streaming path, end to end).
source "$(dirname "$0")/lib.sh"
is_root || skip "the root scenario needs to be started by root (running as uid $(id -u))"
find_claude
unset IS_SANDBOX

cd "$PROJECT" || exit 1
printf 'hello\n' >notes.txt

script=$("$PY" - "$PROJECT" <<'EOF'
import json, sys
project = sys.argv[1]
turns = [
  {"tool": "Bash", "input": {"command": "echo uid=$(id -u) gid=$(id -g)",
                             "description": "who am I"}},                               # 0
  {"tool": "Write", "input": {"file_path": "%s/made-by-agent.txt" % project,
                              "content": "written by the agent\n"}},                   # 1
  {"tool": "Bash", "input": {"command": "mkdir -p sub && echo nested > sub/file.txt && cat sub/file.txt",
                             "description": "make a directory"}},                     # 2
  {"tool": "Read", "input": {"file_path": "%s/notes.txt" % project}},                  # 3
  {"tool": "Edit", "input": {"file_path": "%s/notes.txt" % project,
                             "old_string": "hello", "new_string": "hello from the agent"}},  # 4
  {"text": "done"},
]
print(json.dumps(turns))
EOF
)
start_mock "$script" --break-first-stream
mapfile -t cenv < <(claude_env)

# Control: unjailed as root, the client itself refuses. Its config dir is a
# throw-away one; the mock must see no conversation turn from it.
timeout -k 5 60 env -i PATH=/usr/bin:/bin HOME="$HOME" CLAUDE_CONFIG_DIR="$T_ROOT/control-config" \
  "${cenv[@]}" "$CLAUDE" -p "hi" --dangerously-skip-permissions \
  </dev/null >"$T_ROOT/control.out" 2>&1
control_rc=$?
check "(control) unjailed as root without IS_SANDBOX, claude refuses to start (exit $control_rc)" \
  test "$control_rc" -ne 0 -a "$control_rc" -ne 124
check "(control) it says why: root and --dangerously-skip-permissions" \
  grep -qiE 'root|sudo' "$T_ROOT/control.out"
check "(control) it did not talk to the model" expect_turns -1

grants=(--net host --ro "$CLAUDE")
for e in "${cenv[@]}"; do grants+=(--env "$e"); done
timeout -k 5 120 "$PADDOCK" run "${grants[@]}" -- \
  "$CLAUDE" -p "Tidy the notes." --dangerously-skip-permissions --output-format json \
  </dev/null >"$T_ROOT/claude.out" 2>"$T_ROOT/claude.err"
rc=$?

check "jailed, started by root, without IS_SANDBOX: claude runs to the end (exit $rc)" \
  claude_ok "$T_ROOT/claude.out"
check "the client played every scripted turn" expect_turns 5
check "after the broken stream the client retried turn 0 without streaming" \
  expect_output "stream plain" logq modes 0
check "inside, the agent's tools do not run as uid 0" logq expect-ok 0 '^uid=[1-9][0-9]* gid=[0-9]+\s*$'
check "Write of a new project file succeeds" logq expect-ok 1 'created successfully'
check "Bash can make a directory and a file in the project" logq expect-ok 2 'nested'
check "Edit of a file root made succeeds" logq expect-ok 4 'updated successfully'
for f in made-by-agent.txt sub sub/file.txt notes.txt; do
  check "on the host, $f belongs to root (uid 0, gid 0)" owned_by_ids "$PROJECT/$f" 0 0
done
check "the host sees the written file" file_has "$PROJECT/made-by-agent.txt" "written by the agent"
check "the host sees the edit" file_has "$PROJECT/notes.txt" "hello from the agent"
check "the jail left no process behind" fails pgrep -f -- "$MOCK_URL"
finish
