#!/usr/bin/env bash
# The man page help2man built (CMakeLists.txt, paddock_man) renders without a
# warning and carries the sections of docs/paddock.h2m and every command.
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
echo "cli man: $pass passed, $fail failed"
((fail == 0))
