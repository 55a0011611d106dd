#!/usr/bin/env bash
# Proves the settings written by `paddock init` are accepted by the real
# Claude Code client (pinned, from scripts/install-claude-code), offline:
# Claude Code silently drops a settings file that fails its schema, so we
# check its debug log for the deny rules it loaded from our file, and that it
# honoured our sandbox keys. A deliberately invalid file is the control that
# shows the check can fail. Prints "SKIP: reason" only when claude cannot be
# installed.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=${PADDOCK_SOURCE_DIR:-$(cd "$here/../.." && pwd)}
paddock=${PADDOCK:?PADDOCK must point at the paddock binary}
if ! claude=$("$src/scripts/install-claude-code" 2>/tmp/paddock-claude-install.$$); then
  echo "SKIP: claude not installable: $(tail -1 /tmp/paddock-claude-install.$$)"
  rm -f /tmp/paddock-claude-install.$$
  exit 0
fi
rm -f /tmp/paddock-claude-install.$$
work=$(mktemp -d /tmp/paddock-claude-init.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/proj" "$work/config"
fail() { echo "FAIL: $*"; exit 1; }

# Runs claude -p in $work/proj with a fresh config dir; never touches the network
# for long (there is none here): no key, no updater, no telemetry, and a timeout.
run_claude() {  # run_claude NAME
  ( cd "$work/proj" && env -u ANTHROPIC_API_KEY -u CLAUDE_CODE_OAUTH_TOKEN HOME="$work" IS_SANDBOX=1 \
      CLAUDE_CONFIG_DIR="$work/config" DISABLE_AUTOUPDATER=1 DISABLE_TELEMETRY=1 \
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 \
      timeout 90 "$claude" -p "say hi" --debug-file "$work/$1.debug" </dev/null >"$work/$1.out" 2>&1 )
  echo $?
}

"$paddock" init --dir "$work/proj" --profile standard >/dev/null || fail "paddock init failed"
settings=$work/proj/.claude/settings.json
[[ -f $settings ]] || fail "no settings written"
ndeny=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["permissions"]["deny"]))' "$settings")

rc=$(run_claude good)
[[ $rc != 124 ]] || fail "claude hung (timeout)"
if grep -qiE "invalid settings|settings error|validation error" "$work/good.out" "$work/good.debug" 2>/dev/null; then
  cat "$work/good.out"; fail "claude reported a settings error"
fi
grep -q "Adding $ndeny deny rule(s) to destination 'projectSettings'" "$work/good.debug" ||
  { grep -i "deny rule" "$work/good.debug" | head -3; fail "claude did not load the $ndeny deny rules from $settings"; }
# Our sandbox keys are live: either the sandbox works, or failIfUnavailable stops claude.
if grep -q "sandbox required but unavailable" "$work/good.out"; then
  echo "claude honoured sandbox.failIfUnavailable (sandbox dependencies missing here)"
fi

# Control: a file that breaks the schema is dropped, and the check above notices.
echo '{"permissions":{"defaultMode":"bogus","deny":"not a list"}}' >"$settings"
run_claude bad >/dev/null
grep -q "deny rule(s) to destination 'projectSettings'" "$work/bad.debug" && fail "control: invalid settings were not rejected"

echo "claude $("$claude" --version 2>/dev/null | head -1) accepted the settings of paddock init ($ndeny deny rules)"
echo "PASS"
