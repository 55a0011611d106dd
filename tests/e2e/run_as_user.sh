#!/usr/bin/env bash
# Runs the e2e scenarios that do not need root as the unprivileged user
# 'paddock-tester' (rootless is paddock's main use case). Started by root: it
# creates that user if needed, resolves the Claude Code client once as root
# (the install lives in the repository's .cache) and runs each test as the
# user. Started by anyone else: there is nothing to add, the ordinary e2e
# entries already run unprivileged.
set -uo pipefail
: "${PADDOCK:?path to the paddock binary}"
: "${PADDOCK_SOURCE_DIR:?path to the source tree}"
here=$(cd "$(dirname "$0")" && pwd)
user=paddock-tester
if [[ $(id -u) != 0 ]]; then
  echo "SKIP: e2e as user: already running unprivileged (uid $(id -u)); the other e2e tests cover it"
  exit 0
fi
err=$(mktemp /tmp/paddock-e2e-install.XXXXXX)
trap 'rm -f "$err"' EXIT
if ! claude=$(timeout -k 5 240 "$PADDOCK_SOURCE_DIR/scripts/install-claude-code" 2>"$err"); then
  echo "SKIP: e2e as user: Claude Code is not installed and cannot be: $(tr '\n' ' ' <"$err")"
  exit 0
fi
# Codex and Gemini CLI for their preset test; without them it skips them, saying why.
codex=$(timeout -k 5 240 "$PADDOCK_SOURCE_DIR/scripts/install-agent" codex 2>/dev/null) || codex=
gemini=$(timeout -k 5 240 "$PADDOCK_SOURCE_DIR/scripts/install-agent" gemini 2>/dev/null) || gemini=
id "$user" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash "$user" || exit 1
# Everything the user runs must be reachable by it.
for p in "$(readlink -f "$PADDOCK")" "$(readlink -f "$claude")" "$here/test_jail.sh" "$here/lib.sh" \
  "$here/test_preset_claude.sh" "$here/test_preset_agents.sh" "$here/../lib/common.sh"; do
  runuser -u "$user" -- test -r "$p" ||
    { echo "SKIP: e2e as user: $p is not readable by $user"; exit 0; }
done

passed=0 failed=0
for t in "$here"/test_jail.sh "$here"/test_hook.sh "$here"/test_jail_commands.sh "$here"/test_preset_claude.sh "$here"/test_preset_agents.sh; do
  [[ -f $t ]] || continue
  if timeout -k 5 140 runuser -u "$user" -- env -i PATH=/usr/local/bin:/usr/bin:/bin \
       TERM="${TERM:-dumb}" PADDOCK="$(readlink -f "$PADDOCK")" PADDOCK_SOURCE_DIR="$PADDOCK_SOURCE_DIR" \
       CLAUDE_BIN="$(readlink -f "$claude")" ${codex:+CODEX_BIN="$(readlink -f "$codex")"} \
       ${gemini:+GEMINI_BIN="$(readlink -f "$gemini")"} bash "$t"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
  fi
done
echo "e2e-as-user: $passed passed, $failed failed"
((failed == 0))
