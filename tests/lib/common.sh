# Helpers shared by the shell test suites (tests/jail, tests/e2e). A suite's
# lib.sh sources this, then sets up what is its own; each test_*.sh sources
# its suite's lib.sh, calls `check` once per claim and ends with `finish`.
#
#   t_world PREFIX                a fresh world per test file (below), removed at exit
#   check "what it proves" CMD... passes when CMD exits 0, shows its output when not
#   fails CMD...                  succeeds when CMD fails (escapes that must not work)
#   expect_output WANT CMD...     CMD's output (stdout and stderr) is exactly WANT
#   is_root                       started by root
#   finish                        "NAME: N passed, M failed"; fails when any check did
#
# A suite may define t_on_finish (run by finish before its summary) and
# t_on_cleanup (run at exit before the world is removed), and set T_KEEP to
# keep the world for diagnosis.
set -uo pipefail

T_NAME=$(basename "$0" .sh)
T_PASSED=0
T_FAILED=0
T_ROOT=
T_KEEP=

# t_world PREFIX: T_ROOT under /tmp, a fake real home (HOME, with paddock's
# state under it, XDG_STATE_HOME) holding an empty ~/.ssh, and PROJECT.
t_world() {
  T_ROOT=$(mktemp -d "/tmp/$1.XXXXXX") || exit 1
  chmod 755 "$T_ROOT"
  export HOME=$T_ROOT/home
  export XDG_STATE_HOME=$HOME/.local/state
  export XDG_CONFIG_HOME=$HOME/.config  # no config file of the machine's user applies
  PROJECT=$T_ROOT/project
  mkdir -p "$HOME/.ssh" "$PROJECT"
  chmod 700 "$HOME"
  trap t_cleanup EXIT
}

t_cleanup() {
  if declare -F t_on_cleanup >/dev/null; then t_on_cleanup; fi
  cd /
  [[ -n $T_ROOT ]] || return 0
  if [[ -n $T_KEEP ]]; then
    echo "kept: $T_ROOT"
    return 0
  fi
  # The jail may have left read-only or oddly-owned files; force removal.
  chmod -R u+rwX "$T_ROOT" 2>/dev/null
  rm -rf "$T_ROOT"
}

check() {
  local what=$1; shift
  local out
  if out=$("$@" 2>&1); then
    T_PASSED=$((T_PASSED + 1))
    echo "ok   $T_NAME: $what"
  else
    T_FAILED=$((T_FAILED + 1))
    echo "FAIL $T_NAME: $what"
    echo "$out" | tail -25 | sed 's/^/     | /'
  fi
}

fails() { ! "$@"; }

expect_output() {
  local want=$1; shift
  local got; got=$("$@" 2>&1)
  [[ $got == "$want" ]] && return 0
  echo "want: $want"
  echo "got:  $got"
  return 1
}

is_root() { [[ $(id -u) == 0 ]]; }

finish() {
  if declare -F t_on_finish >/dev/null; then t_on_finish; fi
  echo "$T_NAME: $T_PASSED passed, $T_FAILED failed"
  ((T_FAILED == 0))
}
