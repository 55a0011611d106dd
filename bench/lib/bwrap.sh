# shellcheck shell=bash
# Sourced by bench/startup and bench/run: bubblewrap configured for the same
# view as paddock's default jail, as close as bwrap can: read-only system
# dirs, merged-/usr links, the project read-write, a home at the real home's
# path, fresh /tmp /dev /proc, all namespaces, no capabilities, a new session
# (bwrap's TIOCSTI answer). No seccomp, Landlock or limits: bwrap has none
# without a hand-made BPF program.
#   bench_bwrap_argv PROJECT JAILHOME HOME [CHDIR]  -> sets the array BWRAP_ARGV
# (append the command to run).
bench_bwrap_argv() {
  local project=$1 jailhome=$2 home=$3 chdir=${4:-$1} d
  BWRAP_ARGV=(bwrap --unshare-all --die-with-parent --new-session --cap-drop ALL --hostname paddock
    --ro-bind /usr /usr --ro-bind /etc /etc)
  for d in /bin /sbin /lib /lib32 /lib64 /libx32; do
    if [[ -L $d ]]; then BWRAP_ARGV+=(--symlink "$(readlink $d)" "$d")
    elif [[ -d $d ]]; then BWRAP_ARGV+=(--ro-bind "$d" "$d"); fi
  done
  [[ -d /opt ]] && BWRAP_ARGV+=(--ro-bind /opt /opt)
  BWRAP_ARGV+=(--proc /proc --dev /dev --tmpfs /tmp --tmpfs /run --dir /var --bind "$jailhome" "$home"
    --bind "$project" "$project" --chdir "$chdir" --clearenv --setenv PATH /usr/bin:/bin --setenv HOME "$home")
}
