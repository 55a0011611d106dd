# Shared helpers for the end-to-end tests: the real Claude Code client, offline,
# driven by tests/e2e/mock_model.py playing the model. Each test_*.sh sources
# this, writes a script of model turns, runs claude, then checks what the
# client sent back (the mock's request log) and what the host sees afterwards.
#
# Environment: PADDOCK (binary), PADDOCK_SOURCE_DIR (repository), optionally
# CLAUDE_BIN (a claude executable to use instead of scripts/install-claude-code).
# Where Claude Code cannot be had, a test prints "SKIP: <reason>" and exits 0.
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

: "${PADDOCK:?path to the paddock binary}"
: "${PADDOCK_SOURCE_DIR:?path to the source tree}"
PADDOCK=$(readlink -f "$PADDOCK")
E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# The system interpreter: a pyenv shim on PATH may live under an invisible /root.
PY=/usr/bin/python3
MOCK_PID=
CLAUDE_PREFIX=()

skip() { echo "SKIP: $T_NAME: $*"; exit 0; }

[[ -x $PY ]] || skip "$PY not found (the mock model server needs it)"
[[ -x $PADDOCK ]] || { echo "FAIL $T_NAME: no paddock binary at $PADDOCK"; exit 1; }

# A fake real home with a planted secret, the project, paddock's state under
# the fake home, the mock's files. E2E_KEEP=1 keeps them for diagnosis.
t_world paddock-e2e
T_KEEP=${E2E_KEEP:-}
MOCK=$T_ROOT/mock
mkdir -p "$MOCK"
SECRET="PRIVATE-KEY-SECRET-$RANDOM$RANDOM"
echo "$SECRET" >"$HOME/.ssh/id_ed25519"
chmod 600 "$HOME/.ssh/id_ed25519"
MOCK_LOG=$MOCK/requests.jsonl
: >"$MOCK_LOG"

t_on_cleanup() {
  if [[ -n $MOCK_PID ]]; then
    kill "$MOCK_PID" 2>/dev/null
    wait "$MOCK_PID" 2>/dev/null
  fi
  # Only where a broken jail let a test's own escape attempt through.
  [[ -z $T_KEEP && -f /etc/${T_ROOT##*/} ]] && rm -f "/etc/${T_ROOT##*/}"
}
trap 'exit 130' INT TERM HUP

# find_claude: sets CLAUDE to the real client executable, or skips.
find_claude() {
  local out err=$T_ROOT/install.err
  if [[ -n ${CLAUDE_BIN:-} ]]; then
    out=$CLAUDE_BIN
  elif ! out=$(timeout -k 5 240 "$PADDOCK_SOURCE_DIR/scripts/install-claude-code" 2>"$err"); then
    skip "Claude Code is not installed and cannot be: $(tr '\n' ' ' <"$err")"
  fi
  CLAUDE=$(readlink -f "$out") || skip "claude not found at $out"
  [[ -x $CLAUDE ]] || skip "claude at $CLAUDE is not executable"
  timeout -k 5 30 "$CLAUDE" --version >/dev/null 2>&1 || skip "$CLAUDE --version does not run"
  CLAUDE_VERSION=$(timeout -k 5 30 "$CLAUDE" --version 2>/dev/null | head -1)
}

# start_mock SCRIPT_JSON [mock options]: starts the model server on an
# ephemeral loopback port; sets MOCK_PORT and MOCK_URL.
start_mock() {
  local script=$1; shift
  printf '%s\n' "$script" >"$MOCK/script.json"
  start_server mock_model.py --script "$MOCK/script.json" "$@"
}

# start_server SCRIPT [options]: a server of tests/e2e (mock_model.py,
# header_echo.py) logging to MOCK_LOG, on an ephemeral loopback port; sets
# MOCK_PID, MOCK_PORT and MOCK_URL (http; an HTTPS server is https://localhost).
start_server() {
  local server=$1; shift
  "$PY" "$E2E_DIR/$server" --log "$MOCK_LOG" --port-file "$MOCK/port" --max-seconds 280 "$@" \
    2>"$MOCK/server.err" &
  MOCK_PID=$!
  local i
  for ((i = 0; i < 100; i++)); do
    [[ -s $MOCK/port ]] && break
    kill -0 "$MOCK_PID" 2>/dev/null || break
    sleep 0.1
  done
  if [[ ! -s $MOCK/port ]]; then
    echo "FAIL $T_NAME: $server did not start"; cat "$MOCK/server.err"; exit 1
  fi
  MOCK_PORT=$(<"$MOCK/port")
  MOCK_URL=http://127.0.0.1:$MOCK_PORT
}

# make_test_ca DIR: a fresh test CA (DIR/ca.pem) and a certificate for
# localhost and 127.0.0.1 signed by it (DIR/server.pem, DIR/server.key).
make_test_ca() {
  local dir=$1
  mkdir -p "$dir"
  (cd "$dir" &&
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=paddock test CA" \
      -keyout ca.key -out ca.pem -addext basicConstraints=critical,CA:TRUE -addext keyUsage=keyCertSign &&
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout server.key -out server.csr &&
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n' >ext.cnf &&
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile ext.cnf \
      -out server.pem) >"$dir/openssl.log" 2>&1 ||
    { echo "FAIL $T_NAME: making the test CA"; cat "$dir/openssl.log"; exit 1; }
  chmod 644 "$dir"/*.pem
}

# claude_on_host SECONDS PATH ARGS...: the real client, not jailed, with the
# project's settings (init), talking to the mock; root may only use
# bypassPermissions with IS_SANDBOX=1, which says the scenario is about the
# hook. Output in T_ROOT/claude.{out,err}; sets rc. CLAUDE_PREFIX (an array,
# optional) is put before the client, e.g. a tracer.
claude_on_host() {
  local seconds=$1 path=$2 root_env=() cenv
  shift 2
  is_root && root_env=(IS_SANDBOX=1)
  mapfile -t cenv < <(claude_env)
  timeout -k 5 "$seconds" env -i PATH="$path" HOME="$HOME" CLAUDE_CONFIG_DIR="$T_ROOT/claude-config" \
    PADDOCK_AUDIT_LOG="$T_ROOT/audit.jsonl" "${root_env[@]}" "${cenv[@]}" "${CLAUDE_PREFIX[@]}" "$CLAUDE" "$@" \
    </dev/null >"$T_ROOT/claude.out" 2>"$T_ROOT/claude.err"
  rc=$?
}

# The variables that keep the client offline, non-interactive and talking to
# the mock (any API key value works against it).
claude_env() {
  printf '%s\n' DISABLE_TELEMETRY=1 CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 \
    DISABLE_AUTOUPDATER=1 DISABLE_ERROR_REPORTING=1 ANTHROPIC_API_KEY=sk-ant-e2e-mock \
    "ANTHROPIC_BASE_URL=$MOCK_URL"
}

logq() { "$PY" "$E2E_DIR/logq.py" "$MOCK_LOG" "$@"; }
# expect_turns N: the client asked for script turns up to N (it played them all).
expect_turns() { local got; got=$(logq turns); [[ $got == "$1" ]] || { echo "last turn requested: $got, want $1"; return 1; }; }
# expect_listing DIR "NAMES": DIR holds exactly these entries (sorted, space-separated).
expect_listing() {
  local got; got=$(ls -A "$1" | sort | tr '\n' ' '); got=${got% }
  [[ $got == "$2" ]] || { echo "$1 holds: $got; want: $2"; return 1; }
}
file_lacks() { [[ -e $1 ]] || { echo "$1 does not exist"; return 1; }; ! grep -qF -- "$2" "$1"; }
file_has() { [[ -e $1 ]] || { echo "$1 does not exist"; return 1; }; grep -qF -- "$2" "$1" || { echo "$1:"; cat "$1"; return 1; }; }
absent() { [[ ! -e $1 && ! -L $1 ]] || { ls -la "$1"; return 1; }; }
owned_by_ids() { local got; got=$(stat -c '%u %g' "$1") || return 1; [[ $got == "$2 $3" ]] || { echo "$1 is owned by uid/gid $got, want $2 $3"; return 1; }; }
owned_by() { local got; got=$(stat -c %u "$1") || return 1; [[ $got == "$2" ]] || { echo "$1 is owned by uid $got, want $2"; return 1; }; }

# claude_result FILE: the client's JSON result says it finished successfully.
claude_ok() {
  "$PY" - "$1" <<'EOF'
import json, sys
text = open(sys.argv[1]).read()
try:
    r = json.loads(text.strip().splitlines()[-1])
except (ValueError, IndexError):
    sys.exit("no JSON result from claude:\n" + text[-2000:])
if r.get("subtype") != "success" or r.get("is_error"):
    sys.exit("claude did not succeed:\n" + text[-2000:])
EOF
}

# dump_on_failure: the request summary and the client's output, for diagnosis.
dump_on_failure() {
  ((T_FAILED == 0)) && return
  echo "---- mock requests"; logq summary | sed 's/^/     | /'
  for f in "$T_ROOT"/claude.out "$T_ROOT"/claude.err "$MOCK/server.err"; do
    [[ -s $f ]] && { echo "---- $f"; tail -c 3000 "$f" | sed 's/^/     | /'; }
  done
}

t_on_finish() { dump_on_failure; }
