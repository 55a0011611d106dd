#!/usr/bin/env bash
# Runs inside the pristine Debian 12 root that tests/platform/fresh_debian.sh
# set up, as root, in the copied checkout /root/paddock: the README's first
# command (scripts/setup, then a jailed command), then the same binary from
# an unprivileged user's own copy. Each claim is one check; the closing line
# "fresh-debian: N passed, M failed" also goes to /root/fresh-debian.result.
set -uo pipefail
cd /root/paddock || exit 1
passed=0 failed=0
result() {
  echo "fresh-debian: $passed passed, $failed failed" | tee /root/fresh-debian.result
  exit $((failed == 0 ? 0 : 1))  # an EXIT trap sets the status only through exit
}
trap result EXIT
# check DESCRIPTION CMD...: one claim; CMD's output shows only when it fails.
check() {
  local what=$1 out; shift
  if out=$("$@" 2>&1); then
    passed=$((passed + 1)); echo "ok: $what"
  else
    failed=$((failed + 1)); echo "FAIL: $what"; printf '%s\n' "$out" | tail -40 | sed 's/^/    /'; return 1
  fi
}

# shellcheck disable=SC1091  # the root's own os-release
echo "fresh-debian: $(. /etc/os-release && echo "$PRETTY_NAME"), $(dpkg-query -W -f='${binary:Package}\n' | wc -l) packages," \
  "C compiler: $(command -v cc || echo none)"

# Compiler cache (fresh_debian.sh, on by default): ccache, installed alone
# before scripts/setup, with its cache kept by the host between runs. It
# satisfies none of scripts/setup's packages or CMake's checks (its
# dependencies are libraries minbase already has, and hiredis); it only skips
# recompiling unchanged sources.
if [[ ${FRESH_CCACHE:-0} == 1 ]]; then
  if ! out=$(apt-get update -qq 2>&1 &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ccache 2>&1); then
    echo "FAIL: cannot install ccache"; printf '%s\n' "$out" | tail -20
    failed=$((failed + 1)); exit 1
  fi
  export CCACHE_DIR=/var/cache/ccache CMAKE_C_COMPILER_LAUNCHER=ccache CMAKE_CXX_COMPILER_LAUNCHER=ccache
  ccache --zero-stats >/dev/null
fi

start=$SECONDS
check "scripts/setup builds build/paddock from nothing (as root, no sudo)" scripts/setup
echo "    (scripts/setup took $((SECONDS - start)) s$([[ ${FRESH_CCACHE:-0} == 1 ]] &&
  ccache --print-stats 2>/dev/null | awk -F'\t' '$1 == "direct_cache_hit" || $1 == "preprocessed_cache_hit" { h += $2 }
    $1 == "cache_miss" { m = $2 } END { printf ", ccache: %d hits, %d misses", h, m }'))"
[[ -x build/paddock ]] || exit 1  # nothing below can run; the failed check counted

# As root: the jail runs, and it is one.
check "build/paddock run -- true (root)" build/paddock run -- true
check "root's /root/.bashrc exists outside the jail" test -e /root/.bashrc
# shellcheck disable=SC2016  # runs in the jail
check "root's /root/.bashrc is hidden inside the jail" build/paddock run -- sh -c 'test ! -e /root/.bashrc'
check "a write to /etc inside the jail fails (root)" \
  sh -c '! build/paddock run -- sh -c "echo x >/etc/escaped" && test ! -e /etc/escaped'

# As an unprivileged user (rootless is the main use case), from its own copy
# of the checkout and build.
user=dev
check "useradd $user" useradd --create-home --shell /bin/bash "$user" || exit 1
cp -a /root/paddock "/home/$user/paddock"
chown -R "$user:$user" "/home/$user/paddock"
echo "SECRET" >"/home/$user/secret"
chown "$user:$user" "/home/$user/secret"
as_user() {  # as_user CMD...: in the user's checkout, with a login-like environment
  # shellcheck disable=SC2016  # expanded by the user's shell
  runuser -u "$user" -- env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="/home/$user" USER="$user" \
    LOGNAME="$user" TERM=dumb LANG=C.UTF-8 sh -c 'cd "$HOME/paddock" && exec "$@"' sh "$@"
}
check "build/paddock run -- true (unprivileged user)" as_user build/paddock run -- true
# shellcheck disable=SC2016  # runs in the jail
check "the user's ~/secret is hidden inside the jail" \
  as_user build/paddock run -- sh -c 'test ! -e /home/dev/secret && test ! -e "$HOME/secret"'
# The jail may give the user a scratch home; the write must not reach the real one.
as_user build/paddock run -- sh -c 'echo x >/home/dev/escaped' >/dev/null 2>&1
check "a write to the user's home inside the jail does not reach the host" test ! -e /home/dev/escaped
