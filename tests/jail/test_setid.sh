#!/usr/bin/env bash
# Set-id files: nothing the jail does may leave a file with S_ISUID
# or S_ISGID where the host can run it. Started by root, the jail's files
# belong to root on the host and the host's view of the project is not
# nosuid; rootless, they would hand the user's identity to anyone who can
# reach the project. Every way a mode reaches the kernel is tried from inside,
# then the project is inspected ON THE HOST. File capabilities likewise.
# Ordinary permission work must keep working.
source "$(dirname "$0")/lib.sh"

EPERM=1 ENOSYS=38

# no_setid_on_host PATH...: nothing under PATH has S_ISUID or S_ISGID, as the host sees it.
no_setid_on_host() {
  local found
  found=$(find "$@" -perm /6000 -printf '%m %u %p\n' 2>/dev/null)
  [[ -z $found ]] && return 0
  echo "set-id files on the host:"; echo "$found"
  return 1
}

# Each tool check runs in a fresh directory of the project, so one escape on
# an unfixed build does not spill into the next check's verdict.
scratch() { W=$(mktemp -d "$PROJECT/w.XXXXXX") && W=${W#"$PROJECT"/}; }

# refused SCRIPT: SCRIPT (bash, in a fresh directory) fails in the jail and
# leaves no set-id file there.
refused() {
  scratch || return 1
  if jail -- bash -c "cd $W && $1"; then echo "the jail allowed: $1"; return 1; fi
  no_setid_on_host "$PROJECT/$W"
}

# never_setid SCRIPT: whatever SCRIPT's exit status (tools that drop the bits
# on their own, or report a partial failure), no set-id file is left.
never_setid() {
  scratch || return 1
  jail -- bash -c "cd $W && $1"
  no_setid_on_host "$PROJECT/$W"
}

# works SCRIPT: SCRIPT succeeds in the jail (set -e; it asserts its own results).
works() {
  scratch || return 1
  jail -- bash -c "set -e; cd $W; $1"
}

# --- Raw system calls (tests/probe/setid_probe.h), every mode-carrying call.
# Modes: each bit alone and both; garbage in the upper 32 bits and in bits
# 16..31 (the kernel keeps the low 16 bits of a mode, so both still set the bit).
garbage_high=$(printf '0x%x' $((0xdead000000000000 | 04755)))
garbage_low=$(printf '0x%x' $((0x7fff0000 | 02755)))
for way in $(./probe setid-list); do
  want=$EPERM
  [[ $way == openat2 ]] && want=$ENOSYS
  for mode in 04755 02755 06777 04000 "$garbage_high" "$garbage_low"; do
    check "$way with mode $mode refused (errno $want)" \
      jail --env PROBE_ERRNO=$want -- ./probe setid "$way" "$mode"
  done
done
check "openat2 refused outright, also without set-id bits (ENOSYS: callers fall back to openat)" \
  jail --env PROBE_ERRNO=$ENOSYS -- ./probe setid openat2 0644
check "raw calls left no set-id file on the host" no_setid_on_host "$PROJECT"

# The same calls with ordinary modes work.
# allowed WAY MODE [RESULT]: the call works and leaves mode RESULT (default MODE).
allowed() {
  local want; want=$(printf '%04o' $((${3:-$2})))
  jail -- ./probe setid "$1" "$2" | grep -q "^ALLOWED setid: .*: mode $want\$"
}
kernel_before_6_6() { python3 -c 'import os; r = os.uname().release.split("-")[0].split("."); exit(not (int(r[0]), int(r[1])) < (6, 6))'; }
for way in $(./probe setid-list); do
  [[ $way == openat2 ]] && continue
  # fchmodat2 arrived in Linux 6.6: before, the kernel has no such call (ENOSYS).
  if [[ $way == fchmodat2 ]] && kernel_before_6_6; then
    echo "     skipped: fchmodat2 with mode 0755 (Linux $(uname -r) predates the call)"
    continue
  fi
  check "$way with mode 0755 works" allowed "$way" 0755
done
check "chmod with the sticky bit (01777) works" allowed chmod 01777
check "mkdir cannot set set-id bits (the kernel keeps 0777|S_ISVTX of its mode)" allowed mkdir 06755 0755
check "mkdirat likewise" allowed mkdirat 06755 0755

# Control: the probe and the host inspection do see an escape. Without
# seccomp (a weakening test seam) the same chmod leaves a setuid file.
control_without_seccomp() {
  scratch || return 1
  local out seen=0
  out=$(PADDOCK_TEST_PRETEND_NO_SECCOMP=1 "$PADDOCK" run --degrade seccomp -- \
    bash -c "cd $W && ../probe setid chmod 04755" 2>&1)
  no_setid_on_host "$PROJECT/$W" >/dev/null || seen=1
  rm -rf "${PROJECT:?}/$W"
  grep -q '^ESCAPED' <<<"$out" && ((seen))
}
check "control: without seccomp the probe escapes and the host sees it (then removed)" control_without_seccomp

# --- Tools, as an agent would use them.
check "chmod 4755 refused" refused 'touch f; chmod 4755 f'
check "chmod u+s refused" refused 'touch f; chmod u+x,u+s f'
check "chmod g+s on a file refused" refused 'touch f; chmod g+xs f'
check "chmod 2755 refused" refused 'touch f; chmod 2755 f'
check "chmod 6755 -R refused" refused 'mkdir d; touch d/f; chmod -R 6755 d'
check "chmod g+s on a directory refused (S_ISGID is denied on directories too)" \
  refused 'mkdir d; chmod g+s d'
check "install -m 4755 refused" refused 'echo x >src; install -m 4755 src dst'
check "install -m 2755 refused" refused 'echo x >src; install -m 2755 src dst'
check "perl chmod 04755 refused" refused 'touch f; perl -e "chmod(04755, q(f)) or die qq(\$!\n)"'
check "python os.chmod(0o4755) refused" refused 'touch f; python3 -c "import os; os.chmod(\"f\", 0o4755)"'
check "python os.chmod(0o2755) refused" refused 'touch f; python3 -c "import os; os.chmod(\"f\", 0o2755)"'
check "python os.fchmod(0o4755) refused" \
  refused 'python3 -c "import os; fd = os.open(\"f\", os.O_CREAT | os.O_WRONLY, 0o644); os.fchmod(fd, 0o4755)"'
check "python os.open(..., 0o4755) refused" \
  refused 'python3 -c "import os; os.open(\"f\", os.O_CREAT | os.O_WRONLY, 0o4755)"'
check "python os.open(..., 0o2755) refused" \
  refused 'python3 -c "import os; os.open(\"f\", os.O_CREAT | os.O_WRONLY, 0o2755)"'
check "python os.mknod(S_IFREG | 0o4755) refused" \
  refused 'python3 -c "import os, stat; os.mknod(\"f\", stat.S_IFREG | 0o4755)"'

# Copies of the host's own set-id programs (visible read-only in /usr/bin).
suid_bin=$(find /usr/bin -maxdepth 1 -type f -perm -4000 -print -quit 2>/dev/null)
sgid_bin=$(find /usr/bin -maxdepth 1 -type f -perm -2000 -print -quit 2>/dev/null)
for bin in $suid_bin $sgid_bin; do
  check "cp -p $bin leaves no set-id copy" never_setid "cp -p $bin copy"
  check "cp -a $bin leaves no set-id copy" never_setid "cp -a $bin copy"
  check "ln $bin into the project refused (another mount)" refused "ln $bin link"
  check "mv $bin into the project leaves no set-id file" never_setid "mv $bin moved"
done
[[ -n $suid_bin$sgid_bin ]] || echo "note $T_NAME: no set-id program in /usr/bin: copy checks not run"

# Archives holding set-id members, owned by the jail's own uid (so tar need
# not chown, which would make it drop the bits by itself).
make_archive='python3 -c "
import io, os, tarfile
with tarfile.open(\"a.tar\", \"w\") as t:
    for name, mode in ((\"suid\", 0o4755), (\"sgid\", 0o2755), (\"both\", 0o6755), (\"dir\", 0o2775)):
        i = tarfile.TarInfo(name); i.mode = mode; i.uid = os.getuid(); i.gid = os.getgid()
        if name == \"dir\":
            i.type = tarfile.DIRTYPE; t.addfile(i)
        else:
            data = b\"#!/bin/sh\\n\"; i.size = len(data); t.addfile(i, io.BytesIO(data))
"'
check "tar x of set-id members leaves none" never_setid "$make_archive; mkdir x; tar -xf a.tar -C x"
check "tar xp (--same-permissions) leaves none" never_setid "$make_archive; mkdir x; tar -xpf a.tar -C x"
check "python tarfile extractall leaves none" \
  never_setid "$make_archive; python3 -c 'import tarfile; tarfile.open(\"a.tar\").extractall(\"x\")'"
if command -v rsync >/dev/null; then
  check "rsync -p of a set-id member leaves none" \
    never_setid "$make_archive; mkdir x; tar -xf a.tar -C x 2>/dev/null; rsync -rp x/ y/"
else
  echo "note $T_NAME: rsync not installed: rsync -p check not run (it sets modes with chmod, covered above)"
fi

# --- File capabilities: every capability is dropped, so setting
# security.capability fails with EPERM, and the host sees no such xattr.
# A valid v2 blob (CAP_NET_RAW permitted+effective): a malformed one would be
# refused with EINVAL before the permission check.
setxattr_caps='python3 -c "
import errno, os, struct, sys
open(\"f\", \"w\").close()
try:
    os.setxattr(\"f\", \"security.capability\", struct.pack(\"<5I\", 0x02000001, 1 << 13, 0, 0, 0))
except OSError as e:
    sys.exit(\"errno %d\" % e.errno)
"'
host_has_no_fcaps() {  # host_has_no_fcaps DIR: no file under DIR carries security.capability
  python3 - "$1" <<'PY'
import errno, os, sys
bad = []
for root, dirs, files in os.walk(sys.argv[1]):
    for n in files + dirs:
        p = os.path.join(root, n)
        try:
            os.getxattr(p, "security.capability", follow_symlinks=False)
            bad.append(p)
        except OSError as e:
            if e.errno not in (errno.ENODATA, errno.EOPNOTSUPP):
                sys.exit("getxattr %s: %s" % (p, e))
if bad:
    sys.exit("file capabilities on the host: %s" % bad)
PY
}
fcaps_refused() {
  scratch || return 1
  local out
  out=$(jail -- bash -c "cd $W && $1" 2>&1)
  [[ $out == *"errno $EPERM"* ]] || { echo "want errno $EPERM, got: $out"; return 1; }
  host_has_no_fcaps "$PROJECT/$W"
}
check "setxattr security.capability refused with EPERM, host sees none" fcaps_refused "$setxattr_caps"
if [[ -x /usr/sbin/setcap ]]; then
  check "setcap cap_net_raw+ep refused, host sees none" \
    fcaps_refused 'touch f; /usr/sbin/setcap cap_net_raw+ep f 2>&1 | grep -q "Operation not permitted" && echo "errno 1"'
fi
if is_root; then
  # Control: the host inspection does find a capability when one is there.
  control_fcaps() {
    local d; d=$(mktemp -d "$T_ROOT/fcap.XXXXXX")
    touch "$d/f"
    python3 -c 'import os, struct, sys; os.setxattr(sys.argv[1], "security.capability", struct.pack("<5I", 0x02000001, 1 << 13, 0, 0, 0))' "$d/f" || return 1
    local rc=0; host_has_no_fcaps "$d" >/dev/null 2>&1 && rc=1
    rm -rf "$d"
    return $rc
  }
  check "control: the host inspection sees a file capability set by the host's root" control_fcaps
fi

# --- The mandatory guard holds under a custom --seccomp-profile.
echo '{"defaultAction": "SCMP_ACT_ALLOW"}' >"$T_ROOT/empty.json"
"$PADDOCK" seccomp export | python3 -c '
import json, sys
p = json.load(sys.stdin)
p["syscalls"] = [s for s in p["syscalls"] if not s.get("comment", "").startswith(("setuid", "setgid"))
                 and "openat2" not in s["names"] and "io_uring_setup" not in s["names"]]
json.dump(p, sys.stdout)' >"$T_ROOT/stripped.json"
for profile in empty stripped; do
  for way in chmod fchmodat2 openat mknodat; do
    check "$profile profile: $way 04755 still refused (mandatory guard)" \
      jail --env PROBE_ERRNO=$EPERM --seccomp-profile "$T_ROOT/$profile.json" -- ./probe setid "$way" 04755
  done
  check "$profile profile: openat2 still ENOSYS" \
    jail --env PROBE_ERRNO=$ENOSYS --seccomp-profile "$T_ROOT/$profile.json" -- ./probe setid openat2 04755
  check "$profile profile: io_uring_setup still ENOSYS (ring operations bypass seccomp)" \
    jail --env PROBE_ERRNO=$ENOSYS --seccomp-profile "$T_ROOT/$profile.json" -- ./probe sys io_uring_setup
  check "$profile profile: chmod u+s refused" \
    bash -c "cd '$PROJECT' && touch g && ! '$PADDOCK' run --seccomp-profile '$T_ROOT/$profile.json' -- chmod u+s g"
  check "$profile profile: chmod 755 works" \
    "$PADDOCK" run --seccomp-profile "$T_ROOT/$profile.json" -- ./probe setid chmod 0755
done
check "the empty profile otherwise replaces the built-in one" \
  bash -c "'$PADDOCK' run --seccomp-profile '$T_ROOT/empty.json' -- ./probe sys ptrace | grep -q ESCAPED"
check "paddock plan shows the stacked mandatory guard" bash -c "
  '$PADDOCK' plan --seccomp-profile '$T_ROOT/empty.json' -- true | python3 -c '
import json, sys
g = json.load(sys.stdin)[\"seccomp\"][\"mandatory_guard\"]
names = {n for s in g[\"syscalls\"] for n in s[\"names\"]}
assert g[\"stacked\"] is True, g
assert {\"chmod\", \"fchmodat2\", \"openat\", \"openat2\", \"io_uring_setup\", \"ioctl\"} <= names, names'"
check "paddock seccomp export --mandatory-guard prints a profile paddock loads" bash -c "
  '$PADDOCK' seccomp export --mandatory-guard >'$T_ROOT/guard.json' &&
  grep -q fchmodat2 '$T_ROOT/guard.json' && '$PADDOCK' seccomp check '$T_ROOT/guard.json'"

# --- Legitimate permission work.
check "chmod 755, chmod +x, chmod -R u+rwX, chmod 1777" works '
  touch a b; mkdir -p t/u; touch t/u/f; chmod 600 t/u/f
  chmod 755 a; [[ $(stat -c %a a) == 755 ]]
  chmod +x b; [[ -x b ]]
  chmod -R u+rwX t; [[ $(stat -c %a t/u/f) == 600 ]]
  mkdir s; chmod 1777 s; [[ $(stat -c %a s) == 1777 ]]'
check "cp -p of an ordinary file keeps its mode" works '
  echo x >src; chmod 750 src; cp -p src dst; [[ $(stat -c %a dst) == 750 ]]'
check "install -m 755 and mkdir -m 700" works '
  echo x >src; install -m 755 src dst; [[ $(stat -c %a dst) == 755 ]]
  mkdir -m 700 d; [[ $(stat -c %a d) == 700 ]]'
check "tar x keeps ordinary modes" works '
  mkdir in; echo x >in/run; chmod 755 in/run; echo y >in/data; chmod 640 in/data
  tar -cf a.tar -C in .; mkdir out; tar -xpf a.tar -C out
  [[ $(stat -c %a out/run) == 755 && $(stat -c %a out/data) == 640 ]]'
check "python os.open(0o644) and os.chmod(0o755)" works '
  python3 -c "
import os
os.close(os.open(\"f\", os.O_CREAT | os.O_WRONLY, 0o644))
assert oct(os.stat(\"f\").st_mode & 0o7777) == \"0o644\"
os.chmod(\"f\", 0o755)
assert oct(os.stat(\"f\").st_mode & 0o7777) == \"0o755\""'
# A repository present at the start is protected like the project's own:
# its config is set on the host.
git init -q "$PROJECT/repo" && git -C "$PROJECT/repo" config user.email t@e && git -C "$PROJECT/repo" config user.name t
check "git commit and checkout of an executable file" jail -- bash -c '
  set -e; cd repo
  printf "#!/bin/sh\necho ran\n" >run.sh; chmod +x run.sh; git add run.sh; git commit -qm x
  rm run.sh; git checkout -- run.sh; [[ $(stat -c %a run.sh) == 755 ]]; ./run.sh | grep -q ran
  git checkout -q -b other; chmod -x run.sh; git commit -qam "not executable"
  git checkout -q -; [[ -x run.sh ]]'

check "nothing the jail did left a set-id file on the host" no_setid_on_host "$T_ROOT"
finish
