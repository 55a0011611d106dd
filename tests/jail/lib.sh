# Jail tests: each test_*.sh sources this, calls `check` for each claim and
# ends with `finish` (tests/lib/common.sh). Tests try escapes from inside the
# jail (they must fail) and real work (it must succeed), and look at the host
# after.
#
# Environment: PADDOCK (binary), PADDOCK_PROBE (static probe), PADDOCK_SOURCE_DIR.
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

: "${PADDOCK:?path to the paddock binary}"
: "${PADDOCK_PROBE:?path to the probe binary}"
PADDOCK=$(readlink -f "$PADDOCK")
PADDOCK_PROBE=$(readlink -f "$PADDOCK_PROBE")

# A fake real home with planted secrets, the project, paddock's state under
# the fake home.
t_world paddock-jailtest
mkdir -p "$HOME/.aws"
echo "PRIVATE-KEY-SECRET" >"$HOME/.ssh/id_ed25519"
chmod 600 "$HOME/.ssh/id_ed25519"
echo "[default] aws_secret_access_key=AWSSECRET" >"$HOME/.aws/credentials"
cd "$PROJECT" || exit 1
# The probe must be reachable inside the jail: copy it into the project.
cp "$PADDOCK_PROBE" "$PROJECT/probe"

# jail ARGS...: runs paddock run with ARGS in the project.
jail() { "$PADDOCK" run "$@"; }
