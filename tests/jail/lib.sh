# Shared helpers for jail tests. Each test_*.sh sources this, calls `check`
# for each claim and ends with `finish`. Tests try escapes from inside the jail
# (they must fail) and real work (it must succeed), and look at the host after.
#
# Environment: PADDOCK (binary), PADDOCK_PROBE (static probe), PADDOCK_SOURCE_DIR.
set -uo pipefail

: "${PADDOCK:?path to the paddock binary}"
: "${PADDOCK_PROBE:?path to the probe binary}"
PADDOCK=$(readlink -f "$PADDOCK")
PADDOCK_PROBE=$(readlink -f "$PADDOCK_PROBE")

T_PASSED=0
T_FAILED=0
T_NAME=$(basename "$0" .sh)

# A fresh sandbox world per test file: a fake real home with planted secrets,
# a project directory, paddock's state under the fake home. Removed at exit.
T_ROOT=$(mktemp -d /tmp/paddock-jailtest.XXXXXX)
chmod 755 "$T_ROOT"
export HOME=$T_ROOT/home
export XDG_STATE_HOME=$HOME/.local/state
mkdir -p "$HOME/.ssh" "$HOME/.aws" "$T_ROOT/project"
chmod 700 "$HOME"
echo "PRIVATE-KEY-SECRET" >"$HOME/.ssh/id_ed25519"
chmod 600 "$HOME/.ssh/id_ed25519"
echo "[default] aws_secret_access_key=AWSSECRET" >"$HOME/.aws/credentials"
PROJECT=$T_ROOT/project
cd "$PROJECT" || exit 1
# The probe must be reachable inside the jail: copy it into the project.
cp "$PADDOCK_PROBE" "$PROJECT/probe"

t_cleanup() {
  cd /
  # The jail may have left read-only or oddly-owned files; force removal.
  chmod -R u+rwX "$T_ROOT" 2>/dev/null
  rm -rf "$T_ROOT"
}
trap t_cleanup EXIT

# check "what it proves" CMD...: passes when CMD exits 0.
check() {
  local what=$1; shift
  local out
  if out=$("$@" 2>&1); then
    T_PASSED=$((T_PASSED + 1))
    echo "ok   $T_NAME: $what"
  else
    T_FAILED=$((T_FAILED + 1))
    echo "FAIL $T_NAME: $what"
    echo "$out" | sed 's/^/     | /' | tail -25
  fi
}

# jail ARGS...: runs paddock run with ARGS in the project.
jail() { "$PADDOCK" run "$@"; }

# fails CMD...: succeeds when CMD fails (for escapes that must not work).
fails() { ! "$@"; }

# expect_output WANT CMD...: CMD's stdout must equal WANT.
expect_output() {
  local want=$1; shift
  local got; got=$("$@" 2>&1)
  if [[ "$got" == "$want" ]]; then return 0; fi
  echo "want: $want"; echo "got:  $got"; return 1
}

is_root() { [[ $(id -u) == 0 ]]; }

finish() {
  echo "$T_NAME: $T_PASSED passed, $T_FAILED failed"
  ((T_FAILED == 0))
}
