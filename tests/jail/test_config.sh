#!/usr/bin/env bash
# Config files and profiles (issue 13 item 1, docs/config.md): merge order
# built-in < user < project < command line; a project's .paddock.toml, which
# the agent can write, only tightens unless its exact content is trusted
# from outside; errors name file:line:col and the key, all at once.
source "$(dirname "$0")/lib.sh"

USER_CONFIG=$XDG_CONFIG_HOME/paddock/config.toml
mkdir -p "$(dirname "$USER_CONFIG")"
plan() { "$PADDOCK" plan "$@" -- true; }
# plan_value EXPR: a field of `paddock plan` (python expression over p).
plan_value() {
  local expr=$1; shift
  plan "$@" | python3 -c "import json,sys; p=json.load(sys.stdin); print($expr)"
}
reset() { rm -f "$USER_CONFIG" "$PROJECT/.paddock.toml" "$XDG_STATE_HOME/paddock/trusted.json"; }

# --- profiles ---------------------------------------------------------------
check "paddock profiles lists default, offline and strict" \
  bash -c "'$PADDOCK' profiles | awk '{print \$1}' | tr '\n' ' ' | grep -qx 'default offline strict '"
check "paddock profiles show strict prints its TOML" bash -c "'$PADDOCK' profiles show strict | grep -q '^tmp-noexec = true'"
check "an unknown profile is a usage error naming the known ones" \
  bash -c "'$PADDOCK' profiles show lax; [[ \$? == 2 ]] && '$PADDOCK' profiles show lax 2>&1 | grep -q 'default, offline, strict'"
strict_tmp_noexec() {
  "$PADDOCK" run --profile strict -- sh -c 'cp /bin/true /tmp/t && /tmp/t' && return 1
  "$PADDOCK" run -- sh -c 'cp /bin/true /tmp/t && /tmp/t'
}
check "--profile strict: /tmp is noexec inside, the default's is not" strict_tmp_noexec
check "--profile strict: the plan's pids limit is strict's 1024" \
  expect_output 1024 plan_value "p['limits']['pids']['value']" --profile strict

# --- user config and merge order ----------------------------------------------
reset
printf 'pids = 300\ntmp-size = "64m"\n' >"$USER_CONFIG"
check "the user config applies (pids 300)" expect_output 300 plan_value "p['limits']['pids']['value']"
check "the command line wins over the user config" expect_output 200 plan_value "p['limits']['pids']['value']" --pids 200
printf 'profile = "strict"\n' >>"$USER_CONFIG"
check "the user config's options win over its profile's" expect_output 300 plan_value "p['limits']['pids']['value']"
user_profile_applies() {
  "$PADDOCK" run -- sh -c 'cp /bin/true /tmp/t && /tmp/t' && return 1
  return 0
}
check "a profile the user config names applies (strict: /tmp noexec)" user_profile_applies

# --- project config: tighten only ---------------------------------------------
reset
printf 'pids = 150\nprotect = ["build.sh"]\n' >"$PROJECT/.paddock.toml"
check "an untrusted project file may tighten (pids 150)" expect_output 150 plan_value "p['limits']['pids']['value']"
check "the command line still wins over the project file" expect_output 120 plan_value "p['limits']['pids']['value']" --pids 120
printf 'pids = 100\n' >"$USER_CONFIG"
check "an untrusted project file may not raise the user's limit" \
  bash -c "'$PADDOCK' plan -- true >/dev/null 2>'$T_ROOT/err'; [[ \$? == 2 ]] &&
           grep -q '.paddock.toml:1:8: pids: loosens the policy (raises the limit)' '$T_ROOT/err'"
loosening_refused() {
  printf 'allow-host = ["evil.example"]\nenv = ["AWS_SECRET_ACCESS_KEY"]\nshare = ["~/.ssh"]\nmemory = "1g"\n' \
    >"$PROJECT/.paddock.toml"
  local out rc
  out=$("$PADDOCK" run -- sh -c 'echo RAN' 2>&1); rc=$?
  echo "$out"
  [[ $rc == 2 && $out != *RAN* ]] || return 1
  [[ $out == *".paddock.toml:1:14: allow-host: loosens the policy (more hosts reachable)"* ]] || return 1
  [[ $out == *".paddock.toml:2:7: env: loosens"* && $out == *".paddock.toml:3:9: share: loosens"* ]] || return 1
  [[ $out == *"paddock trust $PROJECT/.paddock.toml"* ]] || return 1
  [[ $out != *"memory"* ]]
}
rm -f "$USER_CONFIG"
check "an untrusted project file that loosens is refused, every key named with its position" loosening_refused
trust_then_change() {
  "$PADDOCK" trust || return 1
  "$PADDOCK" plan -- true >/dev/null || return 1
  "$PADDOCK" trust --list | grep -q "trusted  $PROJECT/.paddock.toml" || return 1
  echo "# one more byte" >>"$PROJECT/.paddock.toml"
  "$PADDOCK" plan -- true >/dev/null 2>&1 && return 1
  "$PADDOCK" trust --list | grep -q "changed (not trusted)  $PROJECT/.paddock.toml"
}
check "paddock trust lets it loosen; changing one byte revokes the trust" trust_then_change
check "paddock trust --revoke" bash -c "'$PADDOCK' trust && '$PADDOCK' trust --revoke && ! '$PADDOCK' plan -- true 2>/dev/null"
untrusted_profile_stacks() {
  printf 'profile = "strict"\n' >"$USER_CONFIG"
  printf 'profile = "default"\n' >"$PROJECT/.paddock.toml"
  # The project's "default" is stacked on the user's strict, not put in its place.
  [[ $(plan_value "p['limits']['pids']['value']") == 1024 ]]
}
check "an untrusted project naming a laxer profile does not replace the user's" untrusted_profile_stacks
reset
stricter_profile_over_tighter_user() {
  printf 'pids = 300\ntimeout = "1h"\n' >"$USER_CONFIG"
  printf 'profile = "strict"\n' >"$PROJECT/.paddock.toml"
  # strict's own pids (1024) and timeout (8h) would raise the user's: the
  # user's stay, and strict's tightenings (/tmp noexec, no network) apply.
  local got
  got=$(plan_value "p['limits']['pids']['value'], p['limits']['timeout_ms']['value'], \
    'noexec' in [m for m in p['mounts'] if m['target'] == '/tmp'][0]['flags'], p['profile']") || return 1
  [[ $got == "300 3600000 True strict" ]] || { echo "got: $got"; return 1; }
}
check "an untrusted project asking for a stricter profile is not refused; the user's tighter values stay" \
  stricter_profile_over_tighter_user
reset
wrong_value_and_loosening() {
  printf 'allow-host = ["x.example"]\nmemory = "lots"\n' >"$PROJECT/.paddock.toml"
  local out
  out=$("$PADDOCK" plan -- true 2>&1) && return 1
  [[ $out == *".paddock.toml:2:10: memory"* && $out == *".paddock.toml:1:14: allow-host: loosens"* ]] || {
    echo "$out"
    return 1
  }
}
check "a wrong value does not hide a loosening beside it: both are reported" wrong_value_and_loosening
reset

# --- errors -------------------------------------------------------------------
errors_at_once() {
  printf 'net = "allow"\nmemroy = "1g"\npids = "many"\n' >"$USER_CONFIG"
  local out rc
  out=$("$PADDOCK" run -- true 2>&1); rc=$?
  echo "$out"
  [[ $rc == 2 ]] || return 1
  [[ $out == *"config.toml:2:1: memroy: not an option of `paddock run`"* ]] || return 1
  [[ $out == *"config.toml:3:8: pids: invalid --pids"* ]]
}
check "errors in a config file: all at once, exit 2, file:line:col and the key" errors_at_once
contradiction_names_the_file() {
  printf '# offline here\nnet = "none"\n' >"$USER_CONFIG"
  local out rc
  out=$("$PADDOCK" run --allow-host example.com -- true 2>&1); rc=$?
  echo "$out"
  [[ $rc == 2 && $out == *"need --net allow, not --net none (net from $USER_CONFIG:2:7)"* ]] || return 1
  # Given on the command line, the option needs no origin.
  out=$("$PADDOCK" run --net none --allow-host example.com -- true 2>&1)
  [[ $out == *"not --net none"* && $out != *"net from"* ]]
}
check "a contradiction with an option from a config file names where the file set it" contradiction_names_the_file
printf 'net = \n' >"$USER_CONFIG"
check "a syntax error names the position" bash -c "'$PADDOCK' run -- true 2>&1 | grep -q 'config.toml:1:'"
reset

# --- from inside the jail -----------------------------------------------------
"$PADDOCK" trust >/dev/null 2>&1  # nothing to trust yet: fine either way
printf 'pids = 150\n' >"$PROJECT/.paddock.toml"
check "the jail cannot change the project file" \
  fails "$PADDOCK" run -- sh -c 'echo "allow-host = [\"evil.example\"]" >> .paddock.toml'
check "the jail cannot see the trust store or the user config" \
  "$PADDOCK" run -- sh -c "! ls '$XDG_STATE_HOME/paddock' && ! ls '$USER_CONFIG'"
shared_config_protected() {
  mkdir -p "$HOME/.config/paddock" && touch "$USER_CONFIG"
  "$PADDOCK" run --share-rw ~/.config -- sh -c "echo 'net = \"host\"' >> '$USER_CONFIG'" && return 1
  [[ ! -s $USER_CONFIG ]]
}
check "sharing ~/.config read-write still keeps paddock's own config read-only" shared_config_protected
state_grant_refused() {
  local dir=$XDG_STATE_HOME/paddock out
  mkdir -p "$dir/seccomp"
  for grant in "$dir" "$dir/seccomp" "$HOME/.config/paddock"; do
    out=$("$PADDOCK" run --rw "$grant" -- true 2>&1) && { echo "ran with --rw $grant"; return 1; }
    [[ $out == *"paddock's own config or state"* ]] || { echo "$out"; return 1; }
  done
}
check "a read-write grant of paddock's state or config dir, or of a path inside, is refused" state_grant_refused
audit_in_project_warned() {
  local out
  out=$("$PADDOCK" run --audit-log "$PROJECT/audit.jsonl" -- true 2>&1)
  rm -f "$PROJECT/audit.jsonl"
  [[ $out == *"audit log"*"inside the project"* ]] || { echo "$out"; return 1; }
}
check "an audit log inside the project is warned about (the jail could forge it)" audit_in_project_warned
own_binary_in_project_warned() {
  local out
  out=$("$PADDOCK" run -- true 2>&1)
  [[ $out != *"own binary"* ]] || { echo "warned for $PADDOCK: $out"; return 1; }
  mkdir -p "$PROJECT/build" && cp "$PADDOCK" "$PROJECT/build/paddock"
  out=$("$PROJECT/build/paddock" run -- true 2>&1)
  rm -rf "$PROJECT/build"
  [[ $out == *"paddock's own binary $(realpath "$PROJECT")/build/paddock"*"inside the project"* ]] || { echo "$out"; return 1; }
}
check "a paddock binary inside the project it jails is warned about (the jail could replace it)" own_binary_in_project_warned
reset
finish
