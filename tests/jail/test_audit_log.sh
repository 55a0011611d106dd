#!/usr/bin/env bash
# The audit log (docs/audit.md): by default in paddock's state dir, one valid
# JSON record per event, every record of a run carrying its id, rotated with
# whole lines, shown by `paddock log`, and out of the jail's reach.
source "$(dirname "$0")/lib.sh"

STATE=$XDG_STATE_HOME/paddock
LOG=$STATE/audit.log

# valid_json FILE...: every line of every FILE is one JSON object.
valid_json() {
  python3 -c '
import json, sys
n = 0
for path in sys.argv[1:]:
    for i, line in enumerate(open(path, encoding="utf-8"), 1):
        assert line.endswith("\n"), f"{path}:{i}: no newline"
        assert isinstance(json.loads(line), dict), f"{path}:{i}: not an object"
        n += 1
assert n > 0, "no records"
' "$@"
}
# field EVENT KEY [FILE]: KEY of the last record of EVENT in FILE (the log).
field() {
  python3 - "$1" "$2" "${3:-$LOG}" <<'PY'
import json, sys
event, key, path = sys.argv[1:4]
recs = [json.loads(l) for l in open(path) if json.loads(l).get("event") == event]
print(recs[-1].get(key) if recs else "")
PY
}

# --- a run writes run-start and exit, with one run id ---
jail -- true 2>"$T_ROOT/first.err"
check "a run writes the default log in the state dir" test -s "$LOG"
check "every line is one JSON object" valid_json "$LOG"
check "the log is 0600 and the state dir 0700" \
  expect_output "600 700" sh -c "echo \$(stat -c %a '$LOG' '$STATE')"
run=$(field run-start run)
check "run-start has a run id" test -n "$run"
check "run-start names the command, the project and the layers" python3 -c "
import json
r = [json.loads(l) for l in open('$LOG') if json.loads(l)['event'] == 'run-start'][-1]
assert r['argv'] == ['true'], r
assert r['project'] == '$PROJECT', r
assert r['ts'].endswith('Z')
assert {l['layer'] for l in r['layers']} >= {'seccomp', 'landlock'}, r['layers']
assert 'limits' in r and 'network' in r
"
check "exit carries the same run id, the status and the duration" python3 -c "
import json
r = [json.loads(l) for l in open('$LOG') if json.loads(l)['event'] == 'exit'][-1]
assert r['run'] == '$run', r
assert r['status'] == 0 and isinstance(r['duration_ms'], int), r
"
check "one record per event: one run-start and one exit" \
  expect_output "1 1" sh -c "echo \$(grep -c '\"run-start\"' '$LOG') \$(grep -c '\"exit\"' '$LOG')"
jail -- sh -c 'exit 3' 2>/dev/null
check "a failing command's status is recorded" expect_output 3 field exit status

# --- the first-run notice (on a terminal only) ---
# on_tty DIR ARGS...: paddock run ARGS in DIR with stderr on a terminal.
on_tty() {
  local dir=$1; shift
  (cd "$dir" && script -qec "$(printf '%q ' "$PADDOCK" run "$@")" /dev/null) 2>&1
}
check "without a terminal the first run prints nothing of its own" test ! -s "$T_ROOT/first.err"
mkdir -p "$T_ROOT/p2" "$T_ROOT/p3"
on_tty "$T_ROOT/p2" -- true >"$T_ROOT/p2.err"
check "the first run in a project says where its jail home is" \
  grep -q "new jail home for this project: $STATE/homes/p2-.*hidden from the jail.*--share" "$T_ROOT/p2.err"
on_tty "$T_ROOT/p2" -- true >"$T_ROOT/p2b.err"
check "later runs do not repeat it" fails grep -q "new jail home" "$T_ROOT/p2b.err"
on_tty "$T_ROOT/p3" --quiet -- true >"$T_ROOT/p3.err"
check "--quiet leaves it out" fails grep -q "new jail home" "$T_ROOT/p3.err"

# --- limit hits: a record, and a line at the end of an interactive run ---
jail --timeout 1 -- sleep 30 2>/dev/null
run=$(field run-start run)
check "a timeout is recorded as a limit hit of the run" python3 -c "
import json
recs = [json.loads(l) for l in open('$LOG') if json.loads(l).get('run') == '$run']
hits = [r for r in recs if r['event'] == 'limit']
assert [h['limit'] for h in hits] == ['timeout'], recs
assert recs[-1]['event'] == 'exit' and recs[-1]['stats']['timed_out'] is True, recs[-1]
"
check "an interactive run says which limit stopped it" \
  bash -c "$(declare -f on_tty); PADDOCK='$PADDOCK'; on_tty '$PROJECT' --timeout 1 -- sleep 30 | grep -q 'paddock: stopped by the timeout limit'"
check "--quiet leaves the summary out" \
  bash -c "$(declare -f on_tty); PADDOCK='$PADDOCK'; ! on_tty '$PROJECT' --quiet --timeout 1 -- sleep 30 | grep -q 'stopped by'"

# --- network decisions carry the run id ---
jail --net allow --allow-host ok.test --resolve ok.test=127.0.0.2 -- sh -c 'getent hosts denied.test' >/dev/null 2>&1
run=$(field run-start run)
check "a --net allow denial is recorded with the run's id" python3 -c "
import json
recs = [json.loads(l) for l in open('$LOG')]
d = [r for r in recs if r['event'] == 'network' and r['verdict'] == 'deny' and r.get('name') == 'denied.test']
assert d and all(r['run'] == '$run' for r in d), d
"

# --- --audit-log FILE and none ---
before=$(wc -l <"$LOG")
jail --audit-log "$T_ROOT/other.log" -- true
check "--audit-log FILE writes there instead" \
  sh -c "test \$(wc -l <'$LOG') = $before && grep -q run-start '$T_ROOT/other.log'"
jail --audit-log none -- true
check "--audit-log none writes nothing" test "$(wc -l <"$LOG")" = "$before"

# --- paddock log ---
check "paddock log --json passes the records unchanged" cmp <("$PADDOCK" log --json) "$LOG"
check "paddock log shows run-start and exit readably" sh -c "\"$PADDOCK\" log | grep -q 'run-start .*true  in $PROJECT' && \"$PADDOCK\" log | grep -q ' exit .*status 3'"
check "--run keeps one run's records" python3 -c "
import json, subprocess
out = subprocess.run(['$PADDOCK', 'log', '--json', '--run', '${run:0:8}'], capture_output=True, text=True, check=True).stdout
recs = [json.loads(l) for l in out.splitlines()]
assert recs and all(r['run'] == '$run' for r in recs), out
assert {'run-start', 'network', 'exit'} <= {r['event'] for r in recs}
"
check "--since 1d keeps today's records" cmp <("$PADDOCK" log --json --since 1d) "$LOG"
check "--since a future time shows nothing" expect_output "" "$PADDOCK" log --since 2200-01-01T00:00:00Z
check "--since nonsense is a usage error" sh -c "\"$PADDOCK\" log --since yesterday; test \$? = 2"
check "--file reads another log" sh -c "\"$PADDOCK\" log --file '$T_ROOT/other.log' | grep -q run-start"
cp "$LOG" "$T_ROOT/log.bak"
printf 'garbage {\n\xff\xfe\n' >>"$LOG"
check "malformed lines are shown as such" sh -c "\"$PADDOCK\" log | grep -c 'malformed line' | grep -qx 2"
check "--since 1d: malformed lines after today's records are kept" \
  sh -c "\"$PADDOCK\" log --since 1d | grep -c 'malformed line' | grep -qx 2"
check "--since a future time: undated lines after old records go with them" \
  expect_output "" "$PADDOCK" log --since 2200-01-01T00:00:00Z
cp "$T_ROOT/log.bak" "$LOG"
"$PADDOCK" log --follow >"$T_ROOT/follow.out" 2>&1 &
follower=$!
sleep 0.5
jail -- sh -c 'exit 7' 2>/dev/null
sleep 1
check "--follow prints records written after it started" grep -q "status 7" "$T_ROOT/follow.out"
kill "$follower" 2>/dev/null; wait "$follower" 2>/dev/null

# --- the policy hook logs to the state dir on the host by default ---
event='{"session_id":"s","transcript_path":"/dev/null","cwd":"'$PROJECT'","hook_event_name":"PreToolUse",'
event+='"permission_mode":"default","tool_name":"Bash","tool_input":{"command":"sudo id"}}'
(cd "$PROJECT" && env -u PADDOCK_AUDIT_LOG "$PADDOCK" hook <<<"$event" >/dev/null 2>&1)
check "a hook decision on the host goes to the state dir's log" \
  expect_output "sudo id" field policy_decision command

# --- rotation keeps lines whole, also with concurrent writers ---
RLOG=$T_ROOT/rot/audit.log
mkdir "$T_ROOT/rot"
writer() {
  for _ in $(seq 40); do
    (cd "$PROJECT" && PADDOCK_TEST_AUDIT_ROTATE_BYTES=3000 "$PADDOCK" hook --audit-log "$RLOG" <<<"$event" >/dev/null 2>&1)
  done
}
writer & writer & writer & wait
check "the log was rotated to .1 and .2" test -s "$RLOG.1" -a -s "$RLOG.2"
check "no more than two rotations are kept" fails test -e "$RLOG.3"
check "every rotated and live line is whole JSON" valid_json "$RLOG.2" "$RLOG.1" "$RLOG"
check "rotated files stay near the limit" sh -c "test \$(stat -c %s '$RLOG.1') -lt 6000"
check "paddock log reads rotated files oldest first" python3 -c "
import json, subprocess
out = subprocess.run(['$PADDOCK', 'log', '--json', '--file', '$RLOG'], capture_output=True, text=True, check=True).stdout
want = ''.join(open(p).read() for p in ['$RLOG.2', '$RLOG.1', '$RLOG'])
assert out == want
"
FLOG=$T_ROOT/rot/follow.log
: >"$FLOG"
"$PADDOCK" log --follow --json --file "$FLOG" >"$T_ROOT/follow2.out" 2>&1 &
follower=$!
sleep 0.5
for i in $(seq 12); do
  (cd "$PROJECT" && PADDOCK_TEST_AUDIT_ROTATE_BYTES=800 "$PADDOCK" hook --audit-log "$FLOG" <<<"${event/sudo id/echo $i}" >/dev/null 2>&1)
  sleep 0.1
done
sleep 1
kill "$follower" 2>/dev/null; wait "$follower" 2>/dev/null
check "--follow goes on in the new file after a rotation, missing nothing" python3 -c "
import json, os
assert os.path.getsize('$FLOG.1') > 0
got = [json.loads(l)['command'] for l in open('$T_ROOT/follow2.out')]
assert got == ['echo %d' % i for i in range(1, 13)], got
"
PADDOCK_TEST_AUDIT_ROTATE_BYTES=1500 jail -- true
# Its records may land on either side of the rotation.
check "a run rotates the default log too" sh -c "test -s '$LOG.1' && cat '$LOG.1' '$LOG' | grep -q run-start"

# --- the jail never sees the log ---
check "inside the jail the state dir's log is not there" \
  jail -- sh -c "test ! -e '$LOG' && test ! -e '$LOG.1' && ! ls '$STATE' 2>/dev/null | grep -q audit"
check "the log's content is not readable from inside" \
  fails jail -- sh -c "cat '$LOG' '$STATE'/* 2>/dev/null | grep -q run-start"
# The marker is computed inside, so the run-start record's argv does not hold it.
jail -- sh -c "mkdir -p '$STATE' && echo FORGED-\$((6 * 7)) >>'$LOG'" 2>/dev/null
check "what the jail writes at that path never reaches the host's log" fails grep -q FORGED-42 "$LOG"
check "the host's log is still valid JSON" valid_json "$LOG"

# --- the jail's user name ---
if is_root; then
  check "started by root, whoami inside says paddock" expect_output paddock jail -- whoami
  check "id -un says paddock" expect_output paddock jail -- id -un
  check "getent passwd of the jail's uid names paddock with the jail home" \
    sh -c "\"$PADDOCK\" run -- sh -c 'getent passwd \$(id -u)' | grep -q '^paddock:x:[0-9]*:[0-9]*:[^:]*:$HOME:'"
  check "root's own entry is still there for system tools" sh -c "\"$PADDOCK\" run -- getent passwd root | grep -q '^root:'"
else
  me=$(id -un)
  check "rootless, whoami inside is the invoker's name" expect_output "$me" jail -- whoami
fi

# --- the hook inside the jail (docs/audit.md: reported by the jail) ----------
# Claude Code's hook runs in the jail, which never sees the host's log: it
# writes to the jail home's state dir, and the run moves its records in.
bindir=$(dirname "$PADDOCK")
deny_event=${event/sudo id/echo x | sudo id}
mkdir -p "$PROJECT/.claude"
echo '{"permissions":{"deny":["Bash(sudo:*)"]}}' >"$PROJECT/.claude/settings.json"
rm -f "$LOG"
jail --ro "$bindir" -- sh -c "
  printf '%s' '$deny_event' | '$PADDOCK' hook >/dev/null 2>&1
  printf '%s' '${event/sudo id/ls}' | '$PADDOCK' hook >/dev/null 2>&1
  echo 'a line the jail forged' >> ~/.local/state/paddock/audit.log
  echo '{\"event\":\"run-start\",\"argv\":[\"forged\"]}' >> ~/.local/state/paddock/audit.log
  true" >/dev/null 2>&1
jail_reported() {
  python3 - "$LOG" <<'PY'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
start = [r for r in recs if r["event"] == "run-start"]
hooks = [r for r in recs if r["event"] == "policy_decision"]
assert len(start) == 1, start
assert [(r["decision"], r["command"]) for r in hooks] == [("deny", "echo x | sudo id"), ("passthrough", "ls")], hooks
assert all(r["reported_by"] == "jail" and r["run"] == start[0]["run"] for r in hooks), hooks
dropped = [r for r in recs if r["event"] == "jail-report-dropped"]
assert dropped and dropped[0]["lines"] == 2, dropped
assert not any(r.get("argv") == ["forged"] for r in recs)
PY
}
check "hook decisions made inside the jail reach the host's log, marked and with the run id" jail_reported
check "forged lines are dropped, not copied" valid_json "$LOG"
check "taken records are removed from the jail home (not taken twice)" \
  bash -c "! ls '$STATE'/homes/*/.local/state/paddock/audit.log 2>/dev/null"
planted_link() {
  rm -f "$LOG"
  jail -- sh -c 'rm -f ~/.local/state/paddock/audit.log; ln -s /etc/shadow ~/.local/state/paddock/audit.log' || return 1
  # The run ends; paddock must not follow the link (as root it could read it).
  ! grep -q "root:" "$LOG" && valid_json "$LOG"
}
check "a link planted where the jail's log was is not followed" planted_link
rm -rf "$PROJECT/.claude"

finish
