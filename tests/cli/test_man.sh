#!/usr/bin/env bash
# The man pages help2man built (scripts/man-pages) render without a warning:
# paddock.1 carries the sections of docs/paddock.h2m and every command, and
# each command has its page (paddock-run.1 ...) with its options and examples.
set -uo pipefail
PADDOCK=${PADDOCK:?path of the paddock binary}
MAN=${PADDOCK_MAN:?path of paddock.1}
pass=0 fail=0
expect() {
  local name=$1
  shift
  if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $name" >&2; fi
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
LC_ALL=C.UTF-8 MANWIDTH=100 groff -man -Tutf8 -ww -z "$MAN" 2>"$tmp/warnings"
expect "groff renders it" test $? = 0
expect "no groff warnings: $(cat "$tmp/warnings")" test ! -s "$tmp/warnings"
if command -v man >/dev/null; then
  MANWIDTH=100 man --warnings -l "$MAN" >"$tmp/page" 2>"$tmp/man-warnings"
  expect "man -l renders it" test $? = 0
  expect "no man warnings: $(cat "$tmp/man-warnings")" test ! -s "$tmp/man-warnings"
else
  groff -man -Tutf8 "$MAN" >"$tmp/page"
fi
page=$(sed 's/.\x08//g' "$tmp/page")
for section in NAME SYNOPSIS DESCRIPTION "EXIT STATUS" FILES ENVIRONMENT "SEE ALSO"; do
  expect "section $section" grep -q "^$section" <<<"$page"
done
for word in config.toml .paddock.toml NO_COLOR XDG_CONFIG_HOME XDG_STATE_HOME audit.log docs/design.md; do
  expect "mentions $word" grep -qF "$word" <<<"$page"
done
for c in $("$PADDOCK" --help | sed -n '/^commands:/,/^$/{s/^  \([a-z-]*\) .*/\1/p}'); do
  expect "lists command $c" grep -qE "^ +$c( |$)" <<<"$page"
done
expect "names the version" grep -qF "$("$PADDOCK" --version | awk '{print $2}')" <<<"$page"

# render FILE: the page as text on stdout, groff's and man's warnings in $tmp/w.
render() {
  LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$1" 2>"$tmp/w" || echo "groff failed" >>"$tmp/w"
  MANWIDTH=100 man --warnings -l "$1" 2>>"$tmp/w" | sed 's/.\x08//g'
}
dir=$(dirname "$MAN")
for c in $("$PADDOCK" --help | sed -n '/^commands:/,/^$/{s/^  \([a-z-]*\) .*/\1/p}'); do
  expect "page paddock-$c.1 exists" test -s "$dir/paddock-$c.1"
  sub=$(render "$dir/paddock-$c.1")
  expect "paddock-$c.1 renders without warnings: $(cat "$tmp/w")" test ! -s "$tmp/w"
  expect "paddock-$c.1 is named after its command" grep -qE "^ +paddock-$c +- " <<<"$sub"
  expect "paddock-$c.1 has its usage and examples" bash -c 'grep -q "paddock $1" <<<"$2" && grep -qi "^ *examples" <<<"$2"' _ "$c" "$sub"
  expect "paddock.1 points at paddock-$c(1)" grep -qF "paddock-$c(1)" <<<"$page"
done
run=$(render "$dir/paddock-run.1")
for option in --net --allow-host --memory --degrade --profile --quiet; do
  expect "paddock-run.1 documents $option" grep -qE -- "^ +(-.,)?$option" <<<"$run"
done
expect "paddock-claude.1 is paddock's help, not the agent's" grep -q "every argument goes to the agent" <<<"$(render "$dir/paddock-claude.1")"
echo "cli man: $pass passed, $fail failed"
((fail == 0))
