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

# The attempts check added for what outlives a run or widens the jail.
json=$("$PADDOCK" check --json 2>/dev/null)
for id in protected-paths umount setid-file file-capability inherited-fd raw-address metadata-service udp-resolver denied-name \
  hostname pids-limit; do
  check "default jail: $id is tried and contained" expect_output contained result "$id" <<<"$json"
done
check "the protected paths the plan lists reach the probe" python3 -c '
import json, sys; a = [a for a in json.loads(sys.argv[1])["attempts"] if a["id"] == "protected-paths"][0]
assert a["detail"].split()[0].isdigit() and int(a["detail"].split()[0]) >= 3, a' "$json"
check "the probe's scratch files in the jail home are gone" \
  bash -c '! find "$1" -name ".paddock-check-*" | grep -q .' _ "$XDG_STATE_HOME"
check "the jail's hostname is its own and cannot be set" python3 -c '
import json, sys; a = [a for a in json.loads(sys.argv[1])["attempts"] if a["id"] == "hostname"][0]
assert "named '\''paddock'\''" in a["detail"] and "sethostname: EPERM" in a["detail"], a' "$json"
json=$("$PADDOCK" check --pids 64 --json 2>/dev/null)
check "--pids 64: the fork bomb stops below 64 processes, refused by the kernel" python3 -c '
import json, re, sys; a = [a for a in json.loads(sys.argv[1])["attempts"] if a["id"] == "pids-limit"][0]
m = re.search(r"EAGAIN\) after (\d+) more processes \(limit 64\)", a["detail"])
assert a["result"] == "contained" and m and 50 < int(m.group(1)) < 64, a' "$json"
json=$("$PADDOCK" check --pass-fd 7 --json 7</etc/hostname 2>/dev/null); rc=$?
check "--pass-fd 7: the descriptor is ESCAPED, named by its target, exit 1" \
  bash -c '[[ $1 == 1 ]] && python3 -c "
import json, sys; a = [a for a in json.loads(sys.argv[1])[\"attempts\"] if a[\"id\"] == \"inherited-fd\"][0]
assert a[\"result\"] == \"escaped\" and \"fd 7 -> /etc/hostname\" in a[\"detail\"], a" "$2"' _ "$rc" "$json"

# With --net allow the jail has a resolver and a proxy: the denied name is
# asked of both, and both refuse it.
json=$("$PADDOCK" check --net allow --allow-host example.com --json 2>/dev/null); rc=$?
check "--net allow: exit 0, every attempt contained" bash -c '[[ $1 == 0 ]] && python3 -c "
import json, sys; d = json.loads(sys.argv[1]); assert d[\"escaped\"] == 0 and d[\"unknown\"] == 0, d[\"verdict\"]" "$2"' _ "$rc" "$json"
check "--net allow: the denied name was refused by the jail's resolver and by its proxy" python3 -c '
import json, sys; a = [a for a in json.loads(sys.argv[1])["attempts"] if a["id"] == "denied-name"][0]
assert a["result"] == "contained" and "example.org" in a["detail"] and "rcode" in a["detail"], a
assert "CONNECT example.org:443 via 127.0.0.1:" in a["detail"] and "no proxy" not in a["detail"], a' "$json"

# Control: the same probe outside any jail (in a user and mount namespace of
# its own, so the unmount harms nothing; --only: just these attempts)
# reports these escapes. An attempt that cannot see an escape where there is
# one would pass every jail.
control=$(mktemp -d)
mkdir "$control/home" "$control/protected"
out=$(HOME=$control/home unshare -Urm bash -c '
  mount --bind "$1/protected" "$1/protected" && exec "$2" __probe --report-fd=1 --protected="$1/protected" \
    --only=protected-paths --only=umount --only=setid-file --only=file-capability --only=inherited-fd \
    --pids-limit=40 --only=pids-limit --host-name="$(uname -n)" --only=hostname 7<"$1"' \
  _ "$control" "$PADDOCK" 2>&1)
for id in protected-paths umount setid-file file-capability inherited-fd pids-limit hostname; do
  check "control: outside a jail the probe reports $id ESCAPED" \
    python3 -c 'import json, sys
r = [json.loads(l) for l in sys.argv[2].splitlines() if l.startswith("{")]
a = [x for x in r if x["id"] == sys.argv[1]]
assert a and a[0]["result"] == "escaped", (a, sys.argv[2][-400:])' "$id" "$out"
done
check "control: --only ran just those seven" python3 -c 'import sys
assert sum(l.startswith("{") for l in sys.argv[1].splitlines()) == 7, sys.argv[1]' "$out"
check "control: the probe removed its scratch files and put nothing in the protected dir" \
  bash -c '[[ -z $(find "$1/home" "$1/protected" -mindepth 1) ]]' _ "$control"
rm -rf "$control"

# Command-line manners.
check "check --verbose lists the jail's layers before the table, as run does" \
  bash -c "'$PADDOCK' check --verbose 2>&1 >/dev/null | grep -q 'layer landlock: enforced'"
check "paddock -q check --verbose: the later wins, as on one command line" \
  bash -c "'$PADDOCK' -q check --verbose 2>&1 >/dev/null | grep -q 'layer landlock: enforced'"
check "check warns of a degraded layer, and --quiet silences it (also before the command)" bash -c "
  export PADDOCK_TEST_PRETEND_NO_LANDLOCK=1
  '$PADDOCK' check --degrade landlock 2>&1 >/dev/null | grep -q 'warning: layer landlock is NOT enforced' &&
  [[ -z \$('$PADDOCK' check --quiet --degrade landlock 2>&1 >/dev/null) ]] &&
  [[ -z \$('$PADDOCK' --quiet check --degrade landlock 2>&1 >/dev/null) ]]"
check "check --help has examples" bash -c "$PADDOCK check --help | grep -q '^Examples:'"
check "check --help lists the run options" bash -c "$PADDOCK check --help | grep -q -- '--net'"
check "__probe is not listed in paddock --help" bash -c "! $PADDOCK --help | grep -q __probe"
check "check takes no command (usage error 2)" bash -c "$PADDOCK check -- ls >/dev/null 2>&1; [[ \$? == 2 ]]"
check "a bad run option is a usage error (2)" bash -c "$PADDOCK check --net nowhere >/dev/null 2>&1; [[ \$? == 2 ]]"

finish
