#!/usr/bin/env bash
# The command-line conventions (docs/errors.md), for every registered
# subcommand: --help prints on stdout and exits 0; a bogus flag is a usage
# error: exit 2, "paddock: ..." and a "Run 'paddock <cmd> --help'" line on
# stderr; validation reports every problem at once.
set -uo pipefail
PADDOCK=${PADDOCK:?path of the paddock binary}
pass=0 fail=0
check() {  # check NAME EXPECTED-STATUS COMMAND...: also records stdout/stderr
  local name=$1 want=$2
  shift 2
  out=$("$@" 2>"$tmp/err" </dev/null); rc=$?
  err=$(cat "$tmp/err")
  if [[ $rc == "$want" ]]; then pass=$((pass + 1)); return 0; fi
  fail=$((fail + 1))
  echo "FAIL: $name: exit $rc, expected $want; stderr: $err" >&2
  return 1
}
expect() {  # expect NAME CONDITION...
  local name=$1
  shift
  if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $name" >&2; fi
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1

check "paddock --help" 0 "$PADDOCK" --help
expect "paddock --help lists commands" grep -q '^commands:' <<<"$out"
check "paddock --version" 0 "$PADDOCK" --version
expect "paddock --version names it" grep -qE '^paddock [0-9]+\.[0-9]+' <<<"$out"
check "unknown command" 2 "$PADDOCK" no-such-command
check "no command" 2 "$PADDOCK"

# Every registered subcommand, as `paddock --help` lists them.
commands=$("$PADDOCK" --help | sed -n '/^commands:/,/^$/{s/^  \([a-z-]*\) .*/\1/p}')
[[ $(wc -w <<<"$commands") -ge 6 ]] || { echo "FAIL: too few commands listed: $commands" >&2; fail=$((fail + 1)); }
declare -A sub=([policy]="test check" [seccomp]="export check" [presets]="show")
# Agent presets pass every argument to the agent (docs/agents.md): below.
presets=$("$PADDOCK" presets | awk '{print $1}')
[[ $(wc -w <<<"$presets") -ge 3 ]] || { echo "FAIL: too few presets: $presets" >&2; fail=$((fail + 1)); }
for c in $commands; do
  grep -qx "$c" <<<"$presets" && continue
  for path in "$c" ${sub[$c]:+$(for s in ${sub[$c]}; do echo "$c:$s"; done)}; do
    words=(${path//:/ })
    if check "paddock ${words[*]} --help" 0 "$PADDOCK" "${words[@]}" --help; then
      expect "paddock ${words[*]} --help prints usage on stdout" grep -qi 'usage' <<<"$out"
    fi
    if check "paddock ${words[*]} --bogus-flag" 2 "$PADDOCK" "${words[@]}" --bogus-flag; then
      expect "paddock ${words[*]} --bogus-flag: paddock: line" grep -q '^paddock: ' <<<"$err"
      expect "paddock ${words[*]} --bogus-flag: Run line" grep -q "^Run 'paddock ${words[*]} --help'" <<<"$err"
    fi
  done
done

# --help ends with examples (these commands; run/plan/... are checked where they are defined).
for path in hook init policy policy:test policy:check seccomp seccomp:export seccomp:check presets presets:show \
            doctor completions; do
  words=(${path//:/ })
  if check "paddock ${words[*]} --help" 0 "$PADDOCK" "${words[@]}" --help; then
    expect "paddock ${words[*]} --help has examples" grep -q '^Examples:' <<<"$out"
    expect "paddock ${words[*]} --help examples run paddock" grep -q "^  paddock ${words[0]}" <<<"$out"
  fi
done
check "completions with an unknown shell" 2 "$PADDOCK" completions fish

# An agent command whose agent is not installed: 127, as for a command not
# found, with how to install it (and no usage line: the arguments were fine).
for c in $presets; do
  check "paddock $c without $c installed" 127 env PATH=/nonexistent "$PADDOCK" "$c" --version
  expect "paddock $c: not found on PATH" grep -q "^paddock: cannot run preset $c $c: not found on PATH" <<<"$err"
  expect "paddock $c: how to install it" grep -q "^paddock: hint: install it: " <<<"$err"
  expect "paddock $c: no usage line" eval '! grep -q "^Run " <<<"$err"'
done
check "run --preset with an unknown preset" 2 "$PADDOCK" run --preset nope -- true
expect "unknown preset lists the presets" grep -q "presets: aider, claude, codex" <<<"$err"
check "run --upstream without a preset" 2 "$PADDOCK" run --upstream x=https://a.example -- true
expect "--upstream needs a preset" grep -q "only a --preset has credentials" <<<"$err"

# `paddock help COMMAND` is the command's --help; for an agent command,
# paddock's own help (`paddock claude --help` is the agent's).
for c in $commands; do
  check "paddock help $c" 0 "$PADDOCK" help "$c"
  expect "paddock help $c prints usage with examples" bash -c 'grep -qi "usage" <<<"$1" && grep -q "^Examples:" <<<"$1"' _ "$out"
  grep -qx "$c" <<<"$presets" || expect "paddock help $c is paddock $c --help" \
    bash -c '[[ $1 == "$("$2" "$3" --help)" ]]' _ "$out" "$PADDOCK" "$c"
done
check "paddock help claude" 0 "$PADDOCK" help claude
expect "paddock help claude says where the agent's options go" grep -q "every argument goes to the agent" <<<"$out"
check "paddock help with an unknown command" 2 "$PADDOCK" help no-such-command
check "paddock help with two commands" 2 "$PADDOCK" help run check
check "paddock help alone" 0 "$PADDOCK" help
expect "paddock help alone lists the commands" grep -q '^commands:' <<<"$out"

# --quiet/--verbose before the command: for the commands that run a jail.
check "paddock -v plan" 0 "$PADDOCK" -v plan -- true
expect "paddock -v plan prints the plan" python3 -c 'import json, sys; assert json.loads(sys.argv[1])["argv"]' "$out"
check "paddock -q doctor: a usage error, not ignored" 2 "$PADDOCK" -q doctor
expect "paddock -q doctor names the commands that take it" grep -q "only the commands that run a jail" <<<"$err"
check "paddock -q alone" 2 "$PADDOCK" -q

# Validation reports every problem at once (and runs nothing).
check "run with three bad values" 2 "$PADDOCK" run --memory 12q --cpus -1 --rw "$tmp/nonexistent" -- touch ran
expect "--memory reported" grep -q -- 'invalid --memory' <<<"$err"
expect "--cpus reported" grep -q -- 'invalid --cpus' <<<"$err"
expect "--rw reported" grep -q -- "cannot grant read-write $tmp/nonexistent: No such file or directory" <<<"$err"
expect "missing path hint" grep -q -- 'paddock: hint: .*--rw' <<<"$err"
expect "nothing ran" test ! -e ran
# Paths alone are paddock's failure (125), all of them.
check "run with two missing paths" 125 "$PADDOCK" run --ro "$tmp/a" --rw "$tmp/b" -- touch ran
expect "both paths reported" test "$(grep -c 'cannot grant' <<<"$err")" = 2
check "policy test without a file" 2 "$PADDOCK" policy test
check "init with an unknown profile" 2 "$PADDOCK" init --profile nope --dry-run

echo "cli usage: $pass passed, $fail failed"
((fail == 0))
