#!/usr/bin/env bash
# paddock check: the built-in probe reports every attempt contained in the
# default jail, and reports ESCAPED (exit 1) when a layer is switched off on
# purpose: the host network, the real home shared, Landlock pretended away.
source "$(dirname "$0")/lib.sh"

# result JSON ID: the result of attempt ID in check's --json output.
result() { python3 -c 'import json,sys; d=json.load(sys.stdin); print([a["result"] for a in d["attempts"] if a["id"]==sys.argv[1]][0])' "$1"; }
export -f result

out=$("$PADDOCK" check 2>&1); rc=$?
check "default jail: exit 0 and every attempt contained" \
  bash -c '[[ $1 == 0 ]] && grep -qE "^all [0-9]+ attempts contained$" <<<"$2" && ! grep -qE "ESCAPED|unknown" <<<"$2"' _ "$rc" "$out"
check "the table names layers and attempts" \
  bash -c 'grep -qE "^seccomp +set up an io_uring +contained" <<<"$1" && grep -qE "^network +connect to a TCP listener on the host.s 127.0.0.1 +contained" <<<"$1"' _ "$out"

json=$("$PADDOCK" check --json 2>/dev/null); rc=$?
check "--json: valid JSON, nothing escaped, exit 0" bash -c '[[ $1 == 0 ]] && python3 -c "
import json, sys
d = json.loads(sys.argv[1])
assert d[\"escaped\"] == 0 and d[\"unknown\"] == 0 and d[\"total\"] == len(d[\"attempts\"]) >= 27, d
assert all(a[\"result\"] == \"contained\" and a[\"layer\"] for a in d[\"attempts\"])" "$2"' _ "$rc" "$json"

# The environment canary is set by check itself: even a variable named like
# it in the user's environment does not reach the jail.
json=$("$PADDOCK" check --net host --json 2>/dev/null); rc=$?
check "--net host: exit 1" test "$rc" == 1
check "--net host: the host's loopback listener is ESCAPED" expect_output escaped result host-loopback <<<"$json"
check "--net host: the host's interfaces are ESCAPED" expect_output escaped result host-interfaces <<<"$json"
check "--net host: the rest is still contained" expect_output contained result mount <<<"$json"
out=$("$PADDOCK" check --net host 2>/dev/null)
check "--net host: the verdict names what escaped" \
  grep -qE "^[0-9]+ of [0-9]+ attempts ESCAPED: .*host-loopback" <<<"$out"

json=$("$PADDOCK" check --rw "$HOME" --json 2>/dev/null); rc=$?
check "--rw \$HOME: exit 1, the real home is ESCAPED" \
  bash -c '[[ $1 == 1 ]] && [[ $(result real-home-visible <<<"$2") == escaped ]]' _ "$rc" "$json"

# On a terminal (script(1) gives one) the TIOCSTI attempt meets a real tty.
if command -v script >/dev/null; then
  out=$(NO_COLOR=1 script -qec "$PADDOCK check" /dev/null 2>&1)
  check "on a terminal: TIOCSTI is tried and contained" \
    grep -qE "^seccomp +inject keystrokes into the terminal \(TIOCSTI\) +contained +TIOCSTI: E" <<<"$out"
fi

# What check plants outside is found when a door is opened on purpose.
json=$("$PADDOCK" check --env PADDOCK_CHECK_CANARY_TOKEN --json 2>/dev/null)
check "--env of the canary: the environment attempt is ESCAPED" expect_output escaped result env-canary <<<"$json"
python3 -c "
import socket, time
s = socket.socket(socket.AF_UNIX); s.bind('$PROJECT/agent.sock'); s.listen(8); time.sleep(30)" &
agent=$!
for _ in $(seq 50); do [[ -S $PROJECT/agent.sock ]] && break; sleep 0.1; done
json=$(SSH_AUTH_SOCK=$PROJECT/agent.sock "$PADDOCK" check --json 2>/dev/null)
check "an SSH agent socket inside the project is reachable: ESCAPED" expect_output escaped result agent-sockets <<<"$json"
kill "$agent" 2>/dev/null; wait "$agent" 2>/dev/null; rm -f "$PROJECT/agent.sock"

# Test seams (test builds only): the mount layer exposes the real home;
# Landlock alone keeps it unreadable, and without Landlock it is read.
json=$(PADDOCK_TEST_WEAKEN_EXPOSE_HOME=1 "$PADDOCK" check --json 2>/dev/null); rc=$?
check "seam: exposed home is visible (mounts ESCAPED) but Landlock keeps it unreadable" \
  bash -c '[[ $1 == 1 && $(result real-home-visible <<<"$2") == escaped && $(result real-home-read <<<"$2") == contained ]]' \
  _ "$rc" "$json"
json=$(PADDOCK_TEST_PRETEND_NO_LANDLOCK=1 PADDOCK_TEST_WEAKEN_EXPOSE_HOME=1 "$PADDOCK" check --degrade landlock --json 2>/dev/null)
check "seam: without Landlock the exposed home is read (landlock ESCAPED)" \
  expect_output escaped result real-home-read <<<"$json"
check "--json names the layers the jail did not have" python3 -c '
import json, sys; j = json.loads(sys.argv[1]); assert "landlock" in j["layers_not_enforced"], j["layers_not_enforced"]' "$json"
out=$(PADDOCK_TEST_PRETEND_NO_LANDLOCK=1 "$PADDOCK" check --degrade landlock 2>/dev/null)
check "the table says which layers were NOT enforced, so 'contained' is not read as 'every layer held'" \
  grep -q "layers NOT enforced in this jail: .*landlock" <<<"$out"
check "check's audit records carry a run id (paddock log --run)" python3 -c '
import json, sys
runs = [json.loads(l) for l in open(sys.argv[1]) if "\"event\":\"run-start\"" in l.replace(" ", "")]
assert runs and all(r.get("run") for r in runs), runs[-1:]' "$XDG_STATE_HOME/paddock/audit.log"

# An attempt the probe does not report is unknown, never contained: with
# two processes allowed (the jail's init and the probe), the probe's
# per-attempt children cannot start and nothing is reported.
out=$("$PADDOCK" check --pids 2 2>&1); rc=$?
check "a probe that reports nothing: paddock's failure (125), not contained" \
  bash -c '[[ $1 == 125 ]] && grep -q "the probe reported nothing" <<<"$2" && ! grep -q "contained" <<<"$2"' _ "$rc" "$out"

# Command-line manners.
check "check --help has examples" bash -c "$PADDOCK check --help | grep -q '^Examples:'"
check "check --help lists the run options" bash -c "$PADDOCK check --help | grep -q -- '--net'"
check "__probe is not listed in paddock --help" bash -c "! $PADDOCK --help | grep -q __probe"
check "check takes no command (usage error 2)" bash -c "$PADDOCK check -- ls >/dev/null 2>&1; [[ \$? == 2 ]]"
check "a bad run option is a usage error (2)" bash -c "$PADDOCK check --net nowhere >/dev/null 2>&1; [[ \$? == 2 ]]"

finish
