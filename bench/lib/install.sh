# shellcheck shell=bash
# Sourced by bench/run: installs what the peers need, skipping what is there.
# Debian packages with apt-get (as root only); sandbox-runtime (`srt`) with npm
# into $BENCH_CACHE/srt; a Debian rootfs tarball for podman, made with
# debootstrap from the configured Debian mirror (no image registry needed).
# Every step only warns on failure: a peer that cannot be installed is
# reported as not measured, with the reason, by bench/run.

bench_install_debs() {
  # runc: crun refuses hybrid cgroup v1+v2 hosts, runc runs there.
  local want=(hyperfine bubblewrap firejail podman runc uidmap slirp4netns fuse-overlayfs debootstrap
    socat ripgrep curl openssl git make gcc libc6-dev xz-utils) missing=() p
  for p in "${want[@]}"; do
    dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  if [[ $(id -u) != 0 ]]; then
    echo "bench/run: not root, cannot install: ${missing[*]}" >&2; return 0
  fi
  echo "bench/run: apt-get install ${missing[*]}" >&2
  # An update first: a fresh machine may have no package lists.
  apt-get update -q >"$BENCH_CACHE/apt.log" 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" \
    >>"$BENCH_CACHE/apt.log" 2>&1 || echo "bench/run: apt-get install failed, see $BENCH_CACHE/apt.log" >&2
}

bench_install_srt() {
  [[ -x $BENCH_CACHE/srt/node_modules/.bin/srt ]] && return 0
  command -v npm >/dev/null || { echo "bench/run: npm missing, cannot install srt" >&2; return 0; }
  echo "bench/run: npm install @anthropic-ai/sandbox-runtime into $BENCH_CACHE/srt" >&2
  mkdir -p "$BENCH_CACHE/srt" &&
    npm install --no-audit --no-fund --prefix "$BENCH_CACHE/srt" @anthropic-ai/sandbox-runtime \
      >"$BENCH_CACHE/npm.log" 2>&1 || echo "bench/run: npm install failed, see $BENCH_CACHE/npm.log" >&2
}

# A minbase Debian of the host's release, with the tools the real-work
# scenarios run (tar, make, gcc, git), packed as a tarball for `podman import`.
bench_install_rootfs() {
  [[ -s $BENCH_CACHE/rootfs.tar ]] && return 0
  [[ $(id -u) == 0 ]] || { echo "bench/run: not root, cannot debootstrap the podman rootfs" >&2; return 0; }
  command -v debootstrap >/dev/null || return 0
  local suite mirror dir=$BENCH_CACHE/rootfs
  suite=$(. /etc/os-release && echo "$VERSION_CODENAME")
  # The mirror apt uses (deb822 "URIs:" or one-line "deb URL"), not a commented-out one.
  mirror=$(sed -nE 's/^URIs:[[:space:]]*([^ ]+).*/\1/p; s/^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?(https?:[^ ]+).*/\2/p' \
    /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null | head -n1)
  echo "bench/run: debootstrap --variant=minbase $suite (for podman's image)" >&2
  rm -rf "$dir"
  if debootstrap --variant=minbase --include=make,gcc,libc6-dev,git,xz-utils "$suite" "$dir" "$mirror" \
      >"$BENCH_CACHE/debootstrap.log" 2>&1; then
    tar -C "$dir" -cf "$BENCH_CACHE/rootfs.tar.tmp" . && mv "$BENCH_CACHE/rootfs.tar.tmp" "$BENCH_CACHE/rootfs.tar"
  else
    echo "bench/run: debootstrap failed, see $BENCH_CACHE/debootstrap.log" >&2
  fi
  rm -rf "$dir"
}
