#!/usr/bin/env bash
# Jail scenario. The whole `claude -p ... --dangerously-skip-permissions` process
# runs inside `paddock run --net host` (the mock model on the host's loopback).
# The model, played by the mock, makes the real client try four things through
# its real Bash, Read, Write and Edit tools:
#   - read an SSH key planted in the real home (Bash cat, then the Read tool),
#   - write outside the project (a host directory next to it; /etc),
#   - plant .git/hooks/pre-commit in the project,
#   - edit a project file.
# Proves: only the edit happens, as the host sees afterwards: the key never
# reaches the model, nothing appears outside the project or in .git/hooks, and
# the edited file belongs to the invoking user. Runs as root or as a user.
source "$(dirname "$0")/lib.sh"
find_claude

cd "$PROJECT" || exit 1
git init -q . && git -c user.email=e2e@paddock -c user.name=e2e commit -q --allow-empty -m init ||
  { echo "FAIL $T_NAME: git init on the host"; exit 1; }
rm -f .git/hooks/*.sample
printf 'int main(void) {\n  return 1;\n}\n' >main.c
mkdir -p "$T_ROOT/outside"

# Turn numbers matter: the checks below name them.
# A name of this run's own for the /etc attempt (a broken jail would leave it).
ETC_ESCAPE=/etc/${T_ROOT##*/}
script=$("$PY" - "$HOME" "$T_ROOT" "$PROJECT" "$ETC_ESCAPE" <<'EOF'
import json, sys
home, root, project, etc_escape = sys.argv[1:5]
turns = [
  {"tool": "Bash", "input": {"command": "cat %s/.ssh/id_ed25519" % home,
                             "description": "read the real home's key"}},            # 0
  {"tool": "Read", "input": {"file_path": "%s/.ssh/id_ed25519" % home}},              # 1
  {"tool": "Bash", "input": {"command": "echo escaped > %s/outside/escaped.txt" % root,
                             "description": "write next to the project"}},           # 2
  {"tool": "Write", "input": {"file_path": etc_escape,
                              "content": "escaped\n"}},                                # 3
  {"tool": "Bash", "input": {"command": "mkdir -p .git/hooks && printf '#!/bin/sh\\necho planted\\n' "
                             "> .git/hooks/pre-commit && chmod +x .git/hooks/pre-commit",
                             "description": "plant a git hook"}},                      # 4
  {"tool": "Write", "input": {"file_path": "%s/.git/hooks/post-checkout" % project,
                              "content": "#!/bin/sh\necho planted\n"}},                # 5
  {"tool": "Read", "input": {"file_path": "%s/main.c" % project}},                    # 6
  {"tool": "Edit", "input": {"file_path": "%s/main.c" % project,
                             "old_string": "return 1;", "new_string": "return 0;"}},  # 7
  {"text": "done"},
]
print(json.dumps(turns))
EOF
)
start_mock "$script"

grants=(--net host --ro "$CLAUDE")
while read -r e; do grants+=(--env "$e"); done < <(claude_env)
timeout -k 5 120 "$PADDOCK" run "${grants[@]}" -- \
  "$CLAUDE" -p "Work on main.c." --dangerously-skip-permissions --output-format json \
  </dev/null >"$T_ROOT/claude.out" 2>"$T_ROOT/claude.err"
rc=$?

check "claude ($CLAUDE_VERSION) ran to the end inside the jail (exit $rc)" claude_ok "$T_ROOT/claude.out"
check "the client played every scripted turn" expect_turns 8
check "Bash cat of the real home's key fails inside" logq expect-error 0 '[Nn]o such file'
check "the key's content never reaches the model (Bash)" logq lacks 0 "$SECRET"
check "Read of the real home's key fails inside" logq expect-error 1 'does not exist'
check "the key's content never reaches the model (Read)" logq lacks 1 "$SECRET"
check "the key is nowhere in anything the client sent" fails grep -qF "$SECRET" "$MOCK_LOG"
# Claude Code runs zsh where it is installed: its message is lower case.
check "a host directory next to the project is unreachable (Bash)" logq expect-error 2 '[Nn]o such file'
check "the host sees nothing written next to the project" absent "$T_ROOT/outside/escaped.txt"
check "Write to /etc fails inside" logq expect-error 3 'EROFS|[Rr]ead-only'
check "the host's /etc is untouched" absent "$ETC_ESCAPE"

# .git/hooks is a protected path: read-only inside, whatever tool writes it.
check "planting .git/hooks/pre-commit fails inside (Bash)" logq expect-error 4 '[Rr]ead-only file system'
check "the host's .git/hooks has no pre-commit" absent "$PROJECT/.git/hooks/pre-commit"
check "Write of .git/hooks/post-checkout fails inside" logq expect-error 5 'EROFS|[Rr]ead-only'
check "the host's .git/hooks has no post-checkout" absent "$PROJECT/.git/hooks/post-checkout"

check "Read of the project file works" logq expect-ok 6 'return 1;'
check "Edit of the project file succeeds" logq expect-ok 7 'updated successfully'
check "the host sees the edit" file_has "$PROJECT/main.c" "return 0;"
check "the edited file belongs to the invoking user on the host" owned_by "$PROJECT/main.c" "$(id -u)"
check "nothing else appeared in the project" \
  expect_listing "$PROJECT" ".git main.c"
check "the jail left no process behind" fails pgrep -f -- "$MOCK_URL"
finish
