#!/usr/bin/env bash
# The README's first command on a pristine minimal Debian 12: builds (once,
# cached) a `debootstrap --variant=minbase bookworm` root, unpacks a fresh copy
# of it per run, copies the checkout's files in (not its build dirs) and enters
# it with pivot_root in a private mount and PID namespace -- not chroot, so
# that user namespaces, and with them paddock's jail, work inside. There
# tests/platform/fresh_debian_inside.sh runs scripts/setup and jailed commands
# as root and as an unprivileged user.
#
# Needs root, debootstrap and network access to deb.debian.org (apt inside the
# root uses the host's /etc/resolv.conf). Cache: ~/.cache/paddock/fresh-debian
# (or $PADDOCK_FRESH_CACHE; outside the checkout, so that CI's fresh clones
# share it): the pristine root as a tarball, and the .deb files apt
# downloaded (a rerun installs the same packages from scratch without fetching
# them again), and a ccache directory for the build inside (installed in the
# root before scripts/setup; PADDOCK_FRESH_CCACHE=0 builds without it, as a
# user would, at the cost of a full compile). Ends with "fresh-debian: N passed, M failed".
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
cache=${PADDOCK_FRESH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/paddock/fresh-debian}
mirror=${PADDOCK_FRESH_MIRROR:-http://deb.debian.org/debian}
pristine=$cache/bookworm-minbase.tar

fail() { echo "fresh-debian: $*" >&2; echo "fresh-debian: 0 passed, 1 failed"; exit 1; }
[[ $(id -u) == 0 ]] || fail "needs root (debootstrap, mounts, pivot_root)"
command -v debootstrap >/dev/null || fail "debootstrap not found (scripts/setup --test installs it)"
ccache=${PADDOCK_FRESH_CCACHE:-1}
mkdir -p "$cache/apt-archives/partial" "$cache/ccache"

# The pristine root, once: debootstrap into a scratch dir, then keep it as a
# tarball so that every run starts from an untouched copy.
if [[ ! -f $pristine ]]; then
  echo "fresh-debian: debootstrap --variant=minbase bookworm (once; cached in $pristine)"
  boot=$(mktemp -d "$cache/debootstrap.XXXXXX")
  trap 'rm -rf --one-file-system "$boot"' EXIT
  # In a mount namespace of its own: what debootstrap mounts in the target
  # (proc, sys) never shows on the host, even if it dies half-way.
  unshare --mount --propagation private -- debootstrap --variant=minbase bookworm "$boot" "$mirror" >"$cache/debootstrap.log" 2>&1 ||
    fail "debootstrap failed (log: $cache/debootstrap.log)"
  tar -C "$boot" --numeric-owner --xattrs -cf "$pristine.tmp" . || fail "cannot write $pristine.tmp"
  mv "$pristine.tmp" "$pristine"
  rm -rf --one-file-system "$boot"
  trap - EXIT
fi

# This run's root; removed on any exit. Everything mounted on it lives in the
# child's private mount namespace and is gone when the child exits, so the
# removal never reaches through a mount into the host.
root=$(mktemp -d "${TMPDIR:-/tmp}/paddock-fresh-debian.XXXXXX")
trap 'rm -rf --one-file-system "$root"' EXIT
trap 'exit 130' INT TERM HUP  # through the EXIT trap
tar -C "$root" --numeric-owner --xattrs -xpf "$pristine" || fail "cannot unpack $pristine"
chmod 755 "$root"  # mktemp's 0700 would lock the unprivileged user out of /
cp /etc/resolv.conf "$root/etc/resolv.conf"
mkdir -p "$root/var/cache/ccache"  # a mount point

# The checkout as a clone would have it: tracked and untracked-but-not-ignored
# files from the work tree, so no build*/ dirs and no .cache/.
mkdir "$root/root/paddock"
(cd "$src" && git ls-files -z --cached --others --exclude-standard |
  tar --null -T - --ignore-failed-read -cf - 2>/dev/null) | tar -C "$root/root/paddock" -xf - ||
  fail "cannot copy the checkout from $src"

# shellcheck disable=SC2016  # expanded by the inner shell
enter='
  set -euo pipefail
  root=$1 archives=$2 ccache=$3
  mount --bind "$root" "$root"  # pivot_root needs the new root to be a mount point
  mount -t proc -o nosuid,nodev,noexec proc "$root/proc"
  mount -t sysfs -o nosuid,nodev,noexec,ro sysfs "$root/sys"
  mount -t tmpfs -o nosuid,nodev,mode=1777 tmpfs "$root/tmp"
  mount --bind "$archives" "$root/var/cache/apt/archives"
  mount --bind "$ccache" "$root/var/cache/ccache"
  # A minimal /dev: the usual device nodes bound from the host, its own ptys.
  mount -t tmpfs -o nosuid,mode=755 tmpfs "$root/dev"
  for node in null zero full random urandom tty; do
    touch "$root/dev/$node"
    mount --bind "/dev/$node" "$root/dev/$node"
  done
  mkdir "$root/dev/pts" "$root/dev/shm"
  mount -t devpts -o newinstance,ptmxmode=0666,mode=620,gid=5 devpts "$root/dev/pts"
  mount -t tmpfs -o nosuid,nodev,mode=1777 tmpfs "$root/dev/shm"
  ln -s pts/ptmx "$root/dev/ptmx"
  ln -s /proc/self/fd "$root/dev/fd"
  for i in 0 1 2; do ln -s "/proc/self/fd/$i" "$root/dev/$(echo stdin stdout stderr | cut -d" " -f$((i + 1)))"; done
  cd "$root"
  mkdir .old-root
  pivot_root . .old-root
  cd /
  umount -l /.old-root
  rmdir /.old-root
  exec env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root TERM=dumb \
    LANG=C.UTF-8 FRESH_CCACHE=$4 bash /root/paddock/tests/platform/fresh_debian_inside.sh
'
# The namespace runs as a job of its own (set -m: its own process group, its
# signals left at their defaults, stdin not the terminal), so that an
# interrupt reaches this script, which kills unshare outright; --kill-child
# then kills the namespace's init and with it everything inside, before the
# root is removed. (unshare itself ignores SIGINT and SIGTERM while it waits,
# and the namespace's init, like apt-get, may not die of them.)
set -m
unshare --mount --pid --fork --kill-child --propagation private -- \
  bash -c "$enter" enter "$root" "$cache/apt-archives" "$cache/ccache" "$ccache" </dev/null &
ns=$!
set +m
trap 'kill -KILL "$ns" 2>/dev/null; wait "$ns" 2>/dev/null; exit 130' INT TERM HUP
rc=0
wait "$ns" || rc=$?
# The inside script leaves its closing line in the root; without it the
# namespace or pivot_root step failed before it ran.
[[ -s $root/root/fresh-debian.result ]] || fail "could not enter the root (exit status $rc)"
exit "$rc"
