#!/usr/bin/env bash
# The mock model server on its own, over plain HTTP (no Claude Code needed):
# Messages API framing (streamed and not), script order kept across side
# requests and retries, the broken-stream mode, the request log and logq.
# Proves the instrument the other e2e scenarios rely on reads true.
set -uo pipefail
[[ -x /usr/bin/python3 ]] || { echo "SKIP: test_mock: /usr/bin/python3 not found"; exit 0; }
work=$(mktemp -d /tmp/paddock-e2e-mock.XXXXXX)
trap 'rm -rf "$work"' EXIT
timeout -k 5 120 /usr/bin/python3 "$(dirname "$0")/mock_selftest.py" "$work"
