#!/usr/bin/env bash
# How the static PIE binaries are laid out (CMakeLists.txt, "Memory"): their
# relative relocations are packed, and the code a run touches sits in one
# block in the order of link/startup-order.txt, which has not gone stale.
# Without these the binaries still work; they keep more memory resident,
# so only this test notices. The build says what it applied:
#   PADDOCK_RELR_FLAG    the packing flag, empty when not packed
#   PADDOCK_LINK_ORDER   ON when linked in the start-up order
set -uo pipefail
PADDOCK=$(readlink -f "${PADDOCK:?path of the paddock binary}")
dir=$(dirname "$PADDOCK")
ORDER=${PADDOCK_STARTUP_ORDER:?path of link/startup-order.txt}
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

section_size() {  # BINARY SECTION: its size in bytes, 0 when absent
  local hex
  hex=$(readelf -SW "$1" | sed -E 's/^ *\[ *[0-9]+\] +//' | awk -v s="$2" '$1 == s {print $5}')
  echo $((16#${hex:-0}))
}

if [[ -n "${PADDOCK_RELR_FLAG:-}" ]]; then
  for b in paddock paddock-hook paddock-init; do
    rela=$(section_size "$dir/$b" .rela.dyn)
    relr=$(section_size "$dir/$b" .relr.dyn)
    # What stays in .rela.dyn are the ifunc (IRELATIVE) entries, a few dozen.
    if ((relr > 0 && rela < 16384)); then
      ok "$b: relative relocations packed (.relr.dyn $relr bytes, .rela.dyn $rela)"
    else
      bad "$b: relative relocations not packed (.relr.dyn $relr bytes, .rela.dyn $rela)"
    fi
  done
else
  echo "SKIP relocation packing: not applied by this build (not a static PIE, or glibc before 2.36)"
fi

if [[ "${PADDOCK_LINK_ORDER:-OFF}" != ON ]]; then
  echo "SKIP start-up order: not applied by this build (not a static PIE, or no ld.lld)"
else
  sort -u "$ORDER" > "$tmp/order"
  for b in paddock:100 paddock-hook:100 paddock-init:20; do  # NAME:fewest listed
    least=${b#*:} b=${b%:*}
    # The order's code symbols that the binary holds: address and size.
    nm -S --defined-only "$dir/$b" | awk 'NF == 4 && $3 ~ /^[tTwW]$/ {print $4, $1, $2}' | sort -k1,1 > "$tmp/syms"
    join "$tmp/order" "$tmp/syms" > "$tmp/listed"
    listed=$(wc -l < "$tmp/listed")
    # Ordered sections come first in .text: the block spans little more than
    # what it holds. In input order the same code spreads over all of .text.
    lo=-1 hi=0 bytes=0
    declare -A seen=()
    while read -r _ a z; do
      a=$((16#$a)) z=$((16#$z))
      [[ -n "${seen[$a]:-}" ]] || { seen[$a]=1; bytes=$((bytes + z)); }
      ((lo < 0 || a < lo)) && lo=$a
      ((a + z > hi)) && hi=$((a + z))
    done < "$tmp/listed"
    unset seen
    span=$((hi - lo))
    text=$(section_size "$dir/$b" .text)
    if ((listed >= least && span <= bytes * 3 / 2 + 262144)); then
      ok "$b: $listed listed functions ($((bytes / 1024)) KiB) lie within $((span / 1024)) KiB of .text's $((text / 1024)) KiB"
    else
      bad "$b: $listed listed functions ($((bytes / 1024)) KiB) spread over $((span / 1024)) KiB of .text's $((text / 1024)) KiB: not linked in the start-up order"
    fi
  done
  # Stale: names of functions that were renamed or removed are skipped by
  # the linker, and their replacements land after the block.
  total=$(wc -l < "$tmp/order")
  held=$(nm --defined-only "$dir/paddock" "$dir/paddock-hook" "$dir/paddock-init" | awk 'NF == 3 {print $3}' | sort -u | join - "$tmp/order" | wc -l)
  if ((held * 10 >= total * 8)); then
    ok "start-up order current: $held of its $total names are in the binaries"
  else
    bad "start-up order stale: only $held of its $total names are in the binaries; regenerate it with scripts/startup-order BUILD_DIR (as root)"
  fi
fi

echo "binary layout: $pass passed, $fail failed"
((fail == 0))
