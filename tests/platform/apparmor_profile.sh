#!/usr/bin/env bash
# The AppArmor profile paddock ships (for Ubuntu 23.10+, where
# kernel.apparmor_restrict_unprivileged_userns=1 refuses user namespaces to
# programs without one) is AppArmor 4 syntax ("userns,"), which Debian 12's
# parser (3.0) cannot read. So the check uses Debian 13's: apparmor and its
# libc6 are fetched from the package registry (cached), unpacked, never
# installed, and the parser runs through that libc's loader. It must compile
# the profile `paddock doctor --apparmor-profile-for` writes (plain and quoted
# paths) and the one the build installs, and must reject a broken one.
#
# usage: tests/platform/apparmor_profile.sh BUILD_DIR
set -uo pipefail
build=$(cd "${1:?build dir}" && pwd)
cache=${PADDOCK_APPARMOR_CACHE:-$HOME/.cache/paddock/apparmor}
passed=0 failed=0
check() {
  local what=$1; shift
  local out
  if out=$("$@" 2>&1); then
    passed=$((passed + 1)); echo "ok   apparmor: $what"
  else
    failed=$((failed + 1)); echo "FAIL apparmor: $what"; echo "$out" | tail -15 | sed 's/^/     | /'
  fi
}

root=$cache/root
if [[ ! -x $root/usr/sbin/apparmor_parser ]]; then
  mkdir -p "$cache/lists/partial" "$cache/archives/partial"
  echo "deb ${PADDOCK_APPARMOR_MIRROR:-http://deb.debian.org/debian} trixie main" >"$cache/sources.list"
  apt_opts=(-o "Dir::Etc::sourcelist=$cache/sources.list" -o Dir::Etc::sourceparts=/nonexistent
    -o "Dir::State::Lists=$cache/lists" -o "Dir::Cache=$cache" -o Debug::NoLocking=1)
  if ! (cd "$cache" && apt-get "${apt_opts[@]}" update >"$cache/apt.log" 2>&1 &&
        apt-get "${apt_opts[@]}" download apparmor libc6 >>"$cache/apt.log" 2>&1); then
    echo "FAIL apparmor: cannot fetch Debian 13's apparmor and libc6 from the registry (log: $cache/apt.log)"
    tail -5 "$cache/apt.log"
    echo "apparmor: 0 passed, 1 failed"
    exit 1
  fi
  rm -rf "$root" && mkdir -p "$root"
  for deb in "$cache"/apparmor_*.deb "$cache"/libc6_*.deb; do dpkg-deb -x "$deb" "$root" || exit 1; done
fi
parser() {
  "$root/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" --library-path "$root/usr/lib/x86_64-linux-gnu" \
    "$root/usr/sbin/apparmor_parser" --config-file /dev/null -Q -K -T --base "$root/etc/apparmor.d" "$@"
}
check "the parser runs (AppArmor 4)" bash -c "$(declare -f parser); root='$root'; parser --version | grep -q 'version 4'"

work=$(mktemp -d /tmp/paddock-apparmor.XXXXXX)
trap 'rm -rf "$work"' EXIT
compiles() { parser -S "$1" >"$work/out.bin" && [[ -s $work/out.bin ]]; }
"$build/paddock" doctor --apparmor-profile-for /usr/local/bin/paddock >"$work/plain"
check "the profile for /usr/local/bin/paddock compiles" compiles "$work/plain"
check "... and grants userns to that path, unconfined otherwise" \
  grep -q '^profile paddock /usr/local/bin/paddock flags=(unconfined) {$' "$work/plain"
"$build/paddock" doctor --apparmor-profile-for "/opt/my tools/paddock" >"$work/quoted"
check "a path with a space is quoted and compiles" compiles "$work/quoted"
"$build/paddock" doctor --apparmor-profile >"$work/self"
check "--apparmor-profile names the running binary" grep -q "profile paddock $build/paddock " "$work/self"
check "... and compiles" compiles "$work/self"
if [[ -f $build/apparmor/paddock ]]; then
  check "the profile the build installs compiles" compiles "$build/apparmor/paddock"
else
  failed=$((failed + 1)); echo "FAIL apparmor: the build made no $build/apparmor/paddock"
fi
sed 's/userns,/usrns,/' "$work/plain" >"$work/broken"
check "a broken profile is rejected (the check can fail)" bash -c "$(declare -f parser); root='$root'; ! parser -S '$work/broken' >/dev/null"
check "doctor refuses a relative path" bash -c "! '$build/paddock' doctor --apparmor-profile-for bin/paddock >/dev/null 2>&1"

echo "apparmor: $passed passed, $failed failed"
((failed == 0))
