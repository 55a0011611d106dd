#!/usr/bin/env bash
# Preset scenario for OpenAI Codex CLI (the real client, from npm): nothing but
# the built-in preset. OPENAI_API_KEY is in paddock's environment and
# OPENAI_BASE_URL names a stand-in upstream over HTTPS (tests/e2e/header_echo.py,
# trusted through SSL_CERT_FILE) that logs what arrives and answers 400.
# Codex takes its base URL only from its configuration; the preset gives it
# the forwarder's URL on its command line. Proves: `paddock codex --version`
# runs; `paddock codex exec` reaches the upstream only through paddock's
# forwarder, every request carrying the real key as a Bearer token, never the
# placeholder; the jail's environment has only the placeholder.
source "$(dirname "$0")/lib.sh"
command -v openssl >/dev/null || skip "openssl not found (the test CA needs it)"
if [[ -n ${CODEX_BIN:-} ]]; then
  codex=$CODEX_BIN
elif ! codex=$(timeout -k 5 240 "$PADDOCK_SOURCE_DIR/scripts/install-agent" codex 2>"$T_ROOT/install.err"); then
  skip "Codex CLI is not installed and cannot be: $(tr '\n' ' ' <"$T_ROOT/install.err")"
fi
mkdir -p "$T_ROOT/bin"
ln -s "$(readlink -f "$codex")" "$T_ROOT/bin/codex"
export PATH=$T_ROOT/bin:$PATH

cd "$PROJECT" && git init -q . || exit 1
CERTS=$T_ROOT/certs
make_test_ca "$CERTS"
"$PY" "$E2E_DIR/header_echo.py" --log "$MOCK_LOG" --port-file "$MOCK/port" \
  --tls-cert "$CERTS/server.pem" --tls-key "$CERTS/server.key" --max-seconds 200 2>"$MOCK/server.err" &
MOCK_PID=$!
for ((i = 0; i < 100; i++)); do [[ -s $MOCK/port ]] && break; sleep 0.1; done
[[ -s $MOCK/port ]] || { echo "FAIL $T_NAME: the upstream did not start"; cat "$MOCK/server.err"; exit 1; }
MOCK_PORT=$(<"$MOCK/port")

REAL_KEY="sk-proj-realkey-$RANDOM$RANDOM"
agent_env=(OPENAI_API_KEY="$REAL_KEY" OPENAI_BASE_URL="https://localhost:$MOCK_PORT/v1" SSL_CERT_FILE="$CERTS/ca.pem")
version=$(env "${agent_env[@]}" timeout -k 5 60 "$PADDOCK" codex --version 2>&1)
check "paddock codex --version runs the agent in the jail ($(tail -1 <<<"$version"))" grep -q "codex-cli" <<<"$version"

env "${agent_env[@]}" timeout -k 5 120 "$PADDOCK" codex exec "say hi" </dev/null >"$T_ROOT/codex.out" 2>&1
check "codex exec reached the upstream" test -s "$MOCK_LOG"
check "every request carried the real key as a Bearer token" "$PY" - "$MOCK_LOG" "$REAL_KEY" <<'EOF'
import json, sys
log, key = sys.argv[1:3]
entries = [json.loads(l) for l in open(log)]
bad = [(e["method"], e["path"]) for e in entries if e["headers"].get("authorization") != "Bearer " + key]
sys.exit("requests without the real key: %s" % bad if bad else 0)
EOF
check "requests went to the upstream's /v1 path" "$PY" - "$MOCK_LOG" <<'EOF'
import json, sys
paths = [json.loads(l)["path"] for l in open(sys.argv[1])]
sys.exit(0 if all(p.startswith("/v1/") for p in paths) else "paths: %s" % paths)
EOF
check "the placeholder never reached the upstream" fails grep -q "placeholder" "$MOCK_LOG"
env_out=$(env "${agent_env[@]}" timeout -k 5 60 "$PADDOCK" run --preset codex -- sh -c 'env | grep ^OPENAI_' 2>&1)
check "the jail's environment holds the placeholder and the forwarder's URL" \
  grep -qE "^OPENAI_API_KEY=sk-paddock-placeholder" <<<"$env_out"
check "... and not the real key" fails grep -qF "$REAL_KEY" <<<"$env_out"
check "... and OPENAI_BASE_URL on the jail's loopback" grep -qE "^OPENAI_BASE_URL=http://127\.0\.0\.1:[0-9]+$" <<<"$env_out"
finish
