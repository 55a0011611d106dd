#!/usr/bin/env bash
# Preset scenarios for OpenAI Codex CLI and Gemini CLI (the real clients, from
# npm), nothing but the built-in presets. The agent's key is in paddock's
# environment and its base-URL variable names a stand-in upstream over HTTPS
# (tests/e2e/header_echo.py, trusted through SSL_CERT_FILE) that logs what
# arrives and answers 400. Proves, per agent: `paddock AGENT --version` runs;
# a headless prompt reaches the upstream only through paddock's forwarder,
# every request carrying the real key in the agent's header and never the
# placeholder; the jail's environment holds only the placeholder and the
# forwarder's URL on its loopback. (Codex takes its base URL as an option the
# preset adds; Gemini CLI reads its auth method from ~/.gemini/settings.json,
# which the fake real home holds as a user of it has.)
source "$(dirname "$0")/lib.sh"
command -v openssl >/dev/null || skip "openssl not found (the test CA needs it)"
cd "$PROJECT" && git init -q . || exit 1
CERTS=$T_ROOT/certs
make_test_ca "$CERTS"
start_server header_echo.py --tls-cert "$CERTS/server.pem" --tls-key "$CERTS/server.key"
UPSTREAM=https://localhost:$MOCK_PORT
mkdir -p "$T_ROOT/bin"
export PATH=$T_ROOT/bin:$PATH

# agent_client NAME VAR: puts the client on PATH (VAR: a binary to use instead
# of installing it); false when it cannot be had.
agent_client() {
  local name=$1 given=${!2:-} bin
  if [[ -n $given ]]; then bin=$given
  elif ! bin=$(timeout -k 5 240 "$PADDOCK_SOURCE_DIR/scripts/install-agent" "$name" 2>"$T_ROOT/install.err"); then
    echo "SKIP: $T_NAME: $name cannot be installed: $(tr '\n' ' ' <"$T_ROOT/install.err")"
    return 1
  fi
  ln -sf "$(readlink -f "$bin")" "$T_ROOT/bin/$name"
}

# check_forwarded AGENT KEY-VAR HEADER VALUE-PREFIX BASE-VAR PROMPT-ARGS...
check_forwarded() {
  local agent=$1 key_var=$2 header=$3 prefix=$4 base_var=$5
  shift 5
  local key="realkey-$agent-$RANDOM$RANDOM" version env_out
  local agent_env=("$key_var=$key" "$base_var=$UPSTREAM$BASE_PATH" SSL_CERT_FILE="$CERTS/ca.pem")
  : >"$MOCK_LOG"
  version=$(env "${agent_env[@]}" timeout -k 5 60 "$PADDOCK" "$agent" --version 2>&1)
  check "paddock $agent --version runs the agent in the jail ($(tail -1 <<<"$version"))" \
    grep -qE '[0-9]+\.[0-9]+\.[0-9]+' <<<"$(tail -1 <<<"$version")"
  env "${agent_env[@]}" timeout -k 5 120 "$PADDOCK" "$agent" "$@" </dev/null >"$T_ROOT/$agent.out" 2>&1
  check "$agent: a headless prompt reached the upstream" test -s "$MOCK_LOG"
  check "$agent: every request carried the real key in $header" "$PY" - "$MOCK_LOG" "$header" "$prefix$key" <<'EOF'
import json, sys
log, header, want = sys.argv[1:4]
bad = [(e["method"], e["path"]) for e in map(json.loads, open(log)) if e["headers"].get(header) != want]
sys.exit("requests without the real key: %s" % bad if bad else 0)
EOF
  check "$agent: the placeholder never reached the upstream" fails grep -qi "placeholder" "$MOCK_LOG"
  env_out=$(env "${agent_env[@]}" timeout -k 5 60 "$PADDOCK" run --preset "$agent" -- sh -c "env | grep -E '^($key_var|$base_var)='" 2>&1)
  check "$agent: the jail's $key_var is the placeholder" grep -qiE "^$key_var=.*placeholder" <<<"$env_out"
  check "$agent: ... never the real key" fails grep -qF "$key" <<<"$env_out"
  check "$agent: ... and $base_var is the forwarder on the jail's loopback" \
    grep -qE "^$base_var=http://127\.0\.0\.1:[0-9]+$" <<<"$env_out"
}

# The options, with curl standing in for the agent: --upstream names the
# upstream, --ca-file is the only trust (without it, the system store refuses
# the test CA and the jail gets a 502 that says why).
if command -v curl >/dev/null; then
  : >"$MOCK_LOG"
  post='curl -s -X POST -H "authorization: Bearer sk-jail-own-key" -d "{}" "$OPENAI_BASE_URL/responses"'
  out=$(env -u SSL_CERT_FILE OPENAI_API_KEY=sk-opt-realkey timeout -k 5 60 "$PADDOCK" run --preset codex \
    --upstream "openai=$UPSTREAM/v1" --ca-file "$CERTS/ca.pem" -- sh -c "$post" 2>&1)
  check "--upstream and --ca-file: the request reached the upstream" grep -q "header_echo: no model here" <<<"$out"
  check "... at the upstream's path, with the real key instead of the jail's own" "$PY" - "$MOCK_LOG" <<'EOF'
import json, sys
e = [json.loads(l) for l in open(sys.argv[1])]
ok = len(e) == 1 and e[0]["path"] == "/v1/responses" and e[0]["headers"].get("authorization") == "Bearer sk-opt-realkey"
sys.exit(0 if ok else "logged: %s" % e)
EOF
  out=$(env -u SSL_CERT_FILE OPENAI_API_KEY=sk-opt-realkey timeout -k 5 60 "$PADDOCK" run --preset codex \
    --upstream "openai=$UPSTREAM/v1" -- sh -c "$post" 2>&1)
  check "without --ca-file the test CA is not trusted: 502 naming the certificate" grep -qi "certificate" <<<"$out"
fi

if agent_client codex CODEX_BIN; then
  mkdir -p "$HOME/.codex"  # a user of it: ~/.codex is shared, its config.toml protected
  BASE_PATH=/v1; check_forwarded codex OPENAI_API_KEY authorization "Bearer " OPENAI_BASE_URL exec "say hi"
  check "codex: ~/.codex/config.toml is read-only inside" \
    bash -c "$PADDOCK run --preset codex -- sh -c 'echo notify = 1 >> ~/.codex/config.toml' 2>&1 | grep -q 'Read-only'"
  check "codex: the host's config.toml names no program" fails grep -q notify "$HOME/.codex/config.toml"
  check "codex: its requests went to the upstream's /v1 path" "$PY" - "$MOCK_LOG" <<'EOF'
import json, sys
paths = [json.loads(l)["path"] for l in open(sys.argv[1])]
sys.exit(0 if paths and all(p.startswith("/v1/") for p in paths) else "paths: %s" % paths)
EOF
fi
if agent_client gemini GEMINI_BIN; then
  mkdir -p "$HOME/.gemini"
  echo '{"security": {"auth": {"selectedType": "gemini-api-key"}}}' >"$HOME/.gemini/settings.json"
  BASE_PATH=; check_forwarded gemini GEMINI_API_KEY x-goog-api-key "" GOOGLE_GEMINI_BASE_URL -p "say hi"
fi
finish
