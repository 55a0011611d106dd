#!/usr/bin/env bash
# `paddock doctor` on this machine, as whoever runs the suite (root by ctest,
# paddock-tester by run_as_user.sh): valid JSON with every layer, verdicts
# that agree with what a real run does here, the fix named for a layer a test
# seam takes away, and invalid config/settings files reported.
source "$(dirname "$0")/lib.sh"

doctor_json() { "$PADDOCK" doctor --json --project "$PROJECT" "$@"; }
# field FILTER: a python expression on the doctor JSON `d` (stdin), printed.
field() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
layer() {  # layer NAME KEY
  field "[l['$2'] for l in d['layers'] if l['name']=='$1'][0]"
}

out=$(doctor_json); status=$?
check "doctor --json prints valid JSON" field "'ok'" <<<"$out"
check "every layer row is there, with its stable keys" python3 -c '
import json, os, sys
d = json.load(sys.stdin)
names = [l["name"] for l in d["layers"]]
want = ["userns", "mount-ns", "pid-ns", "net-ns", "ipc-ns", "uts-ns", "cgroup-ns", "idmap", "seccomp",
        "seccomp-notify", "landlock", "cgroup", "rlimits", "net-allow", "helpers"]
assert names == want, names
for l in d["layers"]:
    assert set(l) >= {"name", "status", "detail", "fix", "required"}, l
    assert l["status"] in ("OK", "WEAKER", "MISSING"), l
    assert (l["fix"] == "") == (l["status"] == "OK"), l
assert isinstance(d["configs"], list) and isinstance(d["settings"], list)
assert d["kernel"] == open("/proc/sys/kernel/osrelease").read().strip(), d["kernel"]
assert d["uid"] == os.getuid(), d["uid"]
assert [c["role"] for c in d["configs"]] == ["user", "project"], d["configs"]
' <<<"$out"

# Landlock: the ABI the kernel reports (Linux 6.18 here: ABI 7).
abi=$(python3 -c '
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
print(max(0, libc.syscall(444, None, 0, 1)))  # landlock_create_ruleset(NULL, 0, VERSION)')
check "landlock ABI >= 1 on this kernel" test "$abi" -ge 1
# ABI 6 brought the last feature paddock uses (scoping); older ones are WEAKER.
want=OK; ((abi < 6)) && want=WEAKER
check "landlock reported $want with ABI $abi" bash -c '[[ $1 == "$2 ABI $3"* ]]' _ \
  "$(field "' '.join([l['status'] + ' ' + l['detail'] for l in d['layers'] if l['name']=='landlock'])" <<<"$out")" "$want" "$abi"
check "seccomp OK" expect_output OK layer seccomp status <<<"$out"

# The verdict agrees with a real default run on this host.
if "$PADDOCK" run -- true >/dev/null 2>&1; then run_ok=1; else run_ok=0; fi
check "doctor exits 0 exactly when a default run works here (run: $run_ok)" test "$status" = "$((1 - run_ok))"
check "JSON 'enforceable' agrees with the run" expect_output "$([[ $run_ok == 1 ]] && echo True || echo False)" \
  field "d['enforceable']" <<<"$out"
check "userns and every namespace OK where the run works" python3 -c '
import json, sys
d = json.load(sys.stdin)
bad = [l for l in d["layers"] if l["name"] == "userns" or l["name"].endswith("-ns")]
assert sys.argv[1] == "0" or all(l["status"] == "OK" for l in bad), bad' "$run_ok" <<<"$out"

# cgroup: writable memory+pids hierarchies (root on this v1 host) are OK;
# without them the row says the limits fall back to rlimits and names a fix.
cg=$(layer cgroup status <<<"$out")
if [[ -w /sys/fs/cgroup/memory && -w /sys/fs/cgroup/pids && -w /sys/fs/cgroup/cpu ]] ||
   [[ -w /sys/fs/cgroup/cgroup.subtree_control ]]; then
  check "cgroup OK where its hierarchies are writable" test "$cg" = OK
else
  check "cgroup WEAKER without a writable hierarchy" test "$cg" = WEAKER
  check "... with the fallback and a fix" bash -c '[[ $1 == *rlimits* && -n $2 ]]' _ \
    "$(layer cgroup detail <<<"$out")" "$(layer cgroup fix <<<"$out")"
fi
if is_root; then
  check "idmap is required when root runs it" expect_output True layer idmap required <<<"$out"
else
  check "idmap is not needed for a user" expect_output "OK False" \
    field "' '.join(str(x) for l in d['layers'] if l['name']=='idmap' for x in (l['status'], l['required']))" <<<"$out"
fi

# A layer the host lacks (test seams): MISSING, a fix, exit 1.
out=$(PADDOCK_TEST_PRETEND_NO_LANDLOCK=1 doctor_json); status=$?
check "without Landlock: exit 1" test "$status" = 1
check "without Landlock: MISSING with a fix" bash -c '[[ $1 == MISSING && ( $2 == *lsm=* || $2 == *CONFIG_SECURITY_LANDLOCK* ) ]]' _ \
  "$(layer landlock status <<<"$out")" "$(layer landlock fix <<<"$out")"
out=$(PADDOCK_TEST_PRETEND_NO_USERNS=1 doctor_json); status=$?
check "without user namespaces: exit 1, every namespace MISSING" bash -c '[[ $1 == 1 && $2 == "MISSING MISSING" ]]' _ \
  "$status" "$(python3 -c 'import json,sys; d=json.load(sys.stdin); l={x["name"]:x for x in d["layers"]}; print(l["userns"]["status"], l["pid-ns"]["status"])' <<<"$out")"
out=$(PADDOCK_TEST_PRETEND_NO_CGROUP=1 doctor_json); status=$?
check "without a cgroup: WEAKER, still enforceable" expect_output "WEAKER True" \
  field "' '.join(str(x) for x in ([l['status'] for l in d['layers'] if l['name']=='cgroup'] + [d['enforceable']]))" <<<"$out"

# Files: a project config that is not TOML, a settings file that is not JSON.
printf 'net = [[[\n' >"$PROJECT/.paddock.toml"
out=$(doctor_json); status=$?
check "invalid .paddock.toml: exit 1" test "$status" = 1
check "invalid .paddock.toml: INVALID with a position" python3 -c '
import json, sys
d = json.load(sys.stdin)
c = [c for c in d["configs"] if c["role"] == "project"][0]
assert c["present"] and c["status"] == "INVALID" and c["problems"], c
assert ".paddock.toml:1:" in c["problems"][0], c' <<<"$out"
rm "$PROJECT/.paddock.toml"
mkdir -p "$PROJECT/.claude"
printf '{"permissions": {"deny": [' >"$PROJECT/.claude/settings.json"
out=$(doctor_json); status=$?
check "malformed settings.json: exit 1" test "$status" = 1
check "malformed settings.json: INVALID, named" python3 -c '
import json, sys
d = json.load(sys.stdin)
s = [s for s in d["settings"] if s["path"] == sys.argv[1]]  # not the user settings of the home
assert s and s[0]["status"] == "INVALID" and s[0]["errors"], d["settings"]' "$PROJECT/.claude/settings.json" <<<"$out"
printf '{"permissions": {"deny": ["Bash(rm:*)", 42]}}' >"$PROJECT/.claude/settings.json"
out=$(doctor_json)
check "a non-string rule is a warning on its file" python3 -c '
import json, sys
d = json.load(sys.stdin)
s = [s for s in d["settings"] if s["path"] == sys.argv[1]][0]
assert s["status"] == "WARNINGS" and any("non-string rule" in w for w in s["warnings"]), s' "$PROJECT/.claude/settings.json" <<<"$out"
rm -r "$PROJECT/.claude"

# The table for people: no colour off a terminal or with NO_COLOR, colour on one.
check "table has the header and the layers" bash -c '"$1" doctor --project "$2" | grep -q "^STATUS   LAYER" &&
  "$1" doctor --project "$2" | grep -Eq "^(OK|WEAKER|MISSING) +landlock "' _ "$PADDOCK" "$PROJECT"
check "no escape codes in a pipe" bash -c '! "$1" doctor --project "$2" | grep -q $'"'\\033'"'' _ "$PADDOCK" "$PROJECT"
if command -v script >/dev/null; then
  check "colour on a terminal" bash -c 'TERM=xterm script -qec "$1 doctor --project $2" /dev/null | grep -q $'"'\\033\\[32m'"'' _ \
    "$PADDOCK" "$PROJECT"
  check "no colour on a terminal with NO_COLOR" bash -c '! NO_COLOR=1 TERM=xterm script -qec "$1 doctor --project $2" /dev/null |
    grep -q $'"'\\033\\['"'' _ "$PADDOCK" "$PROJECT"
fi
# The helpers beside paddock: found where the suite staged them; a paddock
# copied alone still enforces every layer, and says what it lacks.
helpers_of() { "$1" doctor --json --project "$PROJECT" | layer helpers status; }
if [[ -x $(dirname "$PADDOCK")/paddock-hook && -x $(dirname "$PADDOCK")/paddock-init ]]; then
  check "helpers OK beside the staged paddock" expect_output OK helpers_of "$PADDOCK"
fi
mkdir -p "$T_ROOT/alone" && cp "$PADDOCK" "$T_ROOT/alone/paddock"
check "a paddock copied alone: helpers WEAKER" expect_output WEAKER helpers_of "$T_ROOT/alone/paddock"
check "... naming paddock-init and paddock-hook" bash -c '"$1" doctor --project "$2" | grep "^WEAKER *helpers" |
  grep "no paddock-hook in $3/" | grep -q "no paddock-init in $3/"' _ "$T_ROOT/alone/paddock" "$PROJECT" "$T_ROOT/alone"
check "a missing project is paddock's error (125)" expect_output 125 bash -c '"$1" doctor --project /nonexistent >/dev/null 2>&1; echo $?' _ "$PADDOCK"
finish
