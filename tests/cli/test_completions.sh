#!/usr/bin/env bash
# `paddock completions bash|zsh`: the bash script, sourced into bash, completes
# through its function as bash would call it (COMP_WORDS/COMP_CWORD); the zsh
# script parses (zsh -n) and its function answers the same, when zsh is
# installed.
set -uo pipefail
PADDOCK=${PADDOCK:?path of the paddock binary}
pass=0 fail=0
expect() {  # expect NAME CONDITION...
  local name=$1
  shift
  if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $name" >&2; fi
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$PADDOCK" completions bash >"$tmp/paddock.bash"
expect "completions bash exits 0" test $? = 0
"$PADDOCK" completions zsh >"$tmp/_paddock"
expect "completions zsh exits 0" test $? = 0

# complete WORD...: the candidates for the last word, one a line, sorted.
complete_words() {
  bash -c 'source "$1"; shift; COMP_WORDS=(paddock "$@"); COMP_CWORD=$#; COMP_LINE="paddock $*"
           _paddock; printf "%s\n" "${COMPREPLY[@]}" | sort' _ "$tmp/paddock.bash" "$@"
}
has() { grep -qx -- "$1" <<<"$2"; }

out=$(complete_words "")
for c in run plan doctor completions policy hook init seccomp presets claude; do
  expect "subcommand $c completes" has "$c" "$out"
done
expect "--version completes at the top" has --version "$(complete_words --v)"
expect "'do' completes to doctor only" test "$(complete_words do)" = doctor
out=$(complete_words run --ne)
expect "run --ne -> --net" has --net "$out"
out=$(complete_words run --net "")
expect "--net values" test "$(tr '\n' ' ' <<<"$out")" = "allow host none "
expect "--net a -> allow" test "$(complete_words plan --net a)" = allow
expect "--preset values are the presets" test "$(complete_words run --preset "")" = "$("$PADDOCK" presets | awk '{print $1}' | sort)"
expect "--degrade values are the layers" has landlock "$(complete_words run --degrade "")"
expect "--profile values" has offline "$(complete_words run --profile "")"
expect "init --profile values are init's" test "$(complete_words init --profile "" | tr '\n' ' ')" = "minimal paranoid standard "
expect "run has --allow-host" has --allow-host "$(complete_words run --allow-)"
expect "doctor has --json" has --json "$(complete_words doctor --j)"
expect "policy subcommands" test "$(complete_words policy "" | tr '\n' ' ')" = "check test "
expect "policy check options" has --settings "$(complete_words policy check --s)"
expect "seccomp export options" has --allow-debug "$(complete_words seccomp export --allow)"
expect "completions shells" has --help "$(complete_words completions --h)"
# After "--" comes the jailed command: commands from PATH.
expect "after -- the command" has bash "$(complete_words run --net none -- bas)"
# Agent presets pass everything to the agent: files, not paddock's options.
touch "$tmp/somefile"
expect "an agent command completes files" has "$tmp/somefile" "$(complete_words claude "$tmp/somef")"

if command -v zsh >/dev/null; then
  zsh -n "$tmp/_paddock"
  expect "zsh script parses" test $? = 0
  expect "zsh script declares #compdef" grep -q '^#compdef paddock' "$tmp/_paddock"
  # The function's logic, with zsh's completion builtins replaced by stubs
  # that print what they were given (the real compadd filters by $PREFIX).
  zsh_complete() {
    zsh -f -c '
      compadd() { [[ $1 == -- ]] && shift; print -l -- "$@"; }
      _describe() { local n; for n in ${(P)2}; do print -- ${n%%:*}; done; }
      _files() { print FILES; }
      _command_names() { print COMMANDS; }
      functions[_paddock_file]=$(<$1); shift
      words=(paddock "$@"); CURRENT=$#words; PREFIX=${words[-1]}
      _paddock_file | sort | tr "\n" " "' _ "$tmp/_paddock" "$@"
  }
  expect "zsh: subcommands" has doctor "$(zsh_complete "" | tr ' ' '\n')"
  expect "zsh: --net values" test "$(zsh_complete run --net "")" = "allow host none "
  expect "zsh: init --profile values" test "$(zsh_complete init --profile "")" = "minimal paranoid standard "
  expect "zsh: policy subcommands" test "$(zsh_complete policy "")" = "check test "
  expect "zsh: policy check options" has --settings "$(zsh_complete policy check --s | tr ' ' '\n')"
  expect "zsh: after -- the command" test "$(zsh_complete run -- ba)" = "COMMANDS "
  expect "zsh: agent commands complete files" test "$(zsh_complete claude x)" = "FILES "
else
  echo "SKIP: zsh is not installed (scripts/setup --test installs it)"
fi
echo "cli completions: $pass passed, $fail failed"
((fail == 0))
