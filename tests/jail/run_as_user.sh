#!/usr/bin/env bash
# Runs every jail test as an unprivileged user (rootless is the main use case).
# As root: creates the user 'paddock-tester' if needed and stages the binaries
# where that user can read them. As an ordinary user: runs them directly.
set -uo pipefail
build=$(readlink -f "${1:?build dir}")
src=$(cd "$(dirname "$0")/../.." && pwd)
user=paddock-tester

stage=$(mktemp -d /tmp/paddock-userstage.XXXXXX)
trap 'rm -rf "$stage"' EXIT
cp "$build/paddock" "$build/tests/paddock_probe" "$stage/"
# paddock-hook beside paddock: the hook the presets register in the jail.
[[ -x $build/paddock-hook ]] && cp "$build/paddock-hook" "$stage/"
# paddock-init beside paddock: what the jail's pid 1 becomes (test_pid1.sh).
cp "$build/paddock-init" "$stage/"
cp -r "$src/tests/jail" "$stage/jail"
cp -r "$src/tests/lib" "$stage/lib"  # jail/lib.sh sources ../lib/common.sh
chmod -R a+rX "$stage"

run=()
if [[ $(id -u) == 0 ]]; then
  id "$user" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash "$user" || exit 1
  run=(runuser -u "$user" --)
fi

passed=0 failed=0
for t in "$stage"/jail/test_*.sh; do
  if "${run[@]}" env -i PATH=/usr/local/bin:/usr/bin:/bin TERM="${TERM:-dumb}" \
       PADDOCK="$stage/paddock" PADDOCK_PROBE="$stage/paddock_probe" PADDOCK_SOURCE_DIR="$stage" \
       bash "$t"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
  fi
done
echo "jail-as-user: $passed passed, $failed failed"
((failed == 0))
