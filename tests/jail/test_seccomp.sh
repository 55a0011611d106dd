#!/usr/bin/env bash
# Seccomp: every denied call fails with the expected errno, other
# architectures' entry points kill the process, toolchains still work, debug
# tools only with --allow-debug, Docker-format profiles load and are enforced.
source "$(dirname "$0")/lib.sh"

EPERM=1 ENOSYS=38 EAFNOSUPPORT=97
expect_errno() {  # expect_errno ERRNO PROBE ARGS...
  local want=$1; shift
  jail --env PROBE_ERRNO=$want -- ./probe "$@"
}

# One jail per errno class would be faster, but one run per call keeps a
# failure's output next to its name.
for call in $(./probe sys-list); do
  case $call in
    io_uring_*|clone3) want=$ENOSYS ;;
    *) want=$EPERM ;;
  esac
  check "seccomp denies $call (errno $want)" expect_errno "$want" sys "$call"
done

# Socket families: an allow-list, EAFNOSUPPORT like a kernel without them.
for fam in 40 38 17 5 29; do  # VSOCK ALG PACKET APPLETALK CAN
  check "socket family $fam refused with EAFNOSUPPORT" expect_errno $EAFNOSUPPORT socket $fam
done
for fam in 1 2 10 16; do
  check "socket family $fam allowed" fails jail -- ./probe socket $fam
done
check "personality query allowed" fails jail -- ./probe personality ffffffff
check "personality READ_IMPLIES_EXEC denied" expect_errno $EPERM personality 400000
check "personality MMAP_PAGE_ZERO denied" expect_errno $EPERM personality 100000
check "TIOCSTI denied (masked compare)" bash -c "script -qec '$PADDOCK run -- ./probe tiocsti' /dev/null | grep -q BLOCKED"
check "TIOCSETD denied: a line discipline outlives the jail" \
  bash -c "script -qec '$PADDOCK run -- ./probe tiocsetd' /dev/null | grep -q BLOCKED"

# Other architectures: the filter's arch check kills the process (SIGSYS: 128+31).
killed_by_sigsys() { jail -- ./probe "$@" >/dev/null 2>&1; [[ $? == 159 ]]; }
check "x32 ABI call kills the process" killed_by_sigsys x32
check "int 0x80 (i386) call kills the process" killed_by_sigsys int80
check "the filter is installed in the jail" \
  bash -c "$PADDOCK run -- grep -E '^Seccomp:[[:space:]]+2' /proc/self/status"

# The probes can fail: without the filter the same calls work.
check "control: without seccomp ptrace(TRACEME) works" \
  bash -c "PADDOCK_TEST_PRETEND_NO_SECCOMP=1 $PADDOCK run --degrade seccomp -- ./probe sys ptrace | grep -q ESCAPED"
check "control: without seccomp a nested user namespace works" \
  bash -c "PADDOCK_TEST_PRETEND_NO_SECCOMP=1 $PADDOCK run --degrade seccomp -- ./probe sys unshare-newuser | grep -q ESCAPED"
check "control: without seccomp int 0x80 is not killed" \
  bash -c "PADDOCK_TEST_PRETEND_NO_SECCOMP=1 $PADDOCK run --degrade seccomp -- ./probe int80 | grep -q ESCAPED"

# Real work under the default profile.
check "bash and coreutils" jail -- bash -c 'set -e; mkdir -p d/e; echo hi > d/e/f; cp -r d d2; sort d2/e/f | wc -l; rm -r d d2'
check "multi-threaded program (8 threads)" jail -- ./probe threads 8
# A repository present at the start is protected like the project's own:
# its config is set on the host.
git init -q "$PROJECT/repo" && git -C "$PROJECT/repo" config user.email t@e && git -C "$PROJECT/repo" config user.name t
check "git init/add/commit/branch/checkout" jail -- bash -c '
  set -e; cd repo
  echo a > a; git add a; git commit -qm a; git branch b; git checkout -q b
  echo b >> a; git commit -qam b; git checkout -q -; git log --oneline | wc -l'
cat >"$PROJECT/t.c" <<'C'
#include <pthread.h>
#include <stdio.h>
static void* f(void* a) { return a; }
int main(void) { pthread_t t; pthread_create(&t, 0, f, 0); pthread_join(t, 0); puts("c ok"); return 0; }
C
cat >"$PROJECT/t.cc" <<'C'
#include <iostream>
#include <thread>
int main() { std::thread t([] { std::cout << "c++ ok\n"; }); t.join(); }
C
printf 'all: t tpp\nt: t.c\n\tgcc -O1 -pthread -o t t.c\ntpp: t.cc\n\tg++ -O1 -pthread -o tpp t.cc\n' >"$PROJECT/Makefile"
check "gcc, g++ and make build and run threaded programs" jail -- bash -c 'make -s -j2 && ./t && ./tpp'
check "python3 with threads and subprocess" jail -- python3 -c '
import threading, subprocess
ts = [threading.Thread(target=lambda: None) for _ in range(4)]
[t.start() for t in ts]; [t.join() for t in ts]
assert subprocess.run(["true"]).returncode == 0'
if command -v node >/dev/null; then
  check "node (libuv threads, io_uring fallback)" jail -- node -e '
    require("fs").writeFileSync("n.txt", "x"); require("fs").readFile("n.txt", (e, d) => { if (e) throw e; console.log("node ok") })'
fi

# Debuggers: denied by default, working with --allow-debug.
check "strace denied by default" fails jail -- strace -f -o /dev/null true
check "strace works with --allow-debug" jail --allow-debug -- strace -f -o /dev/null true
check "gdb cannot run a program by default" \
  bash -c "! $PADDOCK run -- gdb -q -batch -ex run ./t 2>&1 | grep -q 'c ok'"
check "gdb runs a program with --allow-debug" \
  bash -c "$PADDOCK run --allow-debug -- gdb -q -batch -ex run ./t 2>&1 | grep -q 'c ok'"
check "--allow-debug re-allows ptrace only" expect_errno $EPERM sys bpf

# Docker/OCI profiles.
"$PADDOCK" seccomp export >"$T_ROOT/default.json"
with_exported() { jail --env PROBE_ERRNO=$1 --seccomp-profile "$T_ROOT/default.json" -- ./probe "${@:2}"; }
check "exported default profile used through --seccomp-profile denies clone3" with_exported $ENOSYS sys clone3
check "exported default profile used through --seccomp-profile denies ptrace" with_exported $EPERM sys ptrace
cat >"$T_ROOT/docker.json" <<'J'
{
  "defaultAction": "SCMP_ACT_ALLOW",
  "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86"]}],
  "syscalls": [
    {"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13, "comment": "no new dirs"},
    {"names": ["ioctl"], "action": "SCMP_ACT_ALLOW"},
    {"names": ["bpf"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN"]}}
  ]
}
J
check "Docker-format profile is enforced" \
  bash -c "$PADDOCK run --seccomp-profile $T_ROOT/docker.json -- mkdir newdir 2>&1 | grep -q 'Permission denied'"
check "a custom profile keeps the TIOCSTI guard" \
  bash -c "script -qec '$PADDOCK run --seccomp-profile $T_ROOT/docker.json -- ./probe tiocsti' /dev/null | grep -q BLOCKED"
check "a custom profile replaces the built-in one" \
  bash -c "$PADDOCK run --seccomp-profile $T_ROOT/docker.json -- ./probe sys ptrace | grep -q ESCAPED"
echo '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["a"], "action": "SCMP_ACT_FOO"}]}' >"$T_ROOT/bad.json"
check "malformed profile: clear error naming the key, nothing runs" \
  bash -c "out=\$($PADDOCK run --seccomp-profile $T_ROOT/bad.json -- touch ran 2>&1); rc=\$?;
    [[ \$rc == 125 && ! -e ran ]] && grep -q 'syscalls\[0\].action: unknown action \"SCMP_ACT_FOO\"' <<<\"\$out\""
echo '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["no_such_call"], "action": "SCMP_ACT_ERRNO"}]}' >"$T_ROOT/unknown.json"
check "a deny rule for an unknown call is refused, not dropped" \
  bash -c "$PADDOCK run --seccomp-profile $T_ROOT/unknown.json -- true 2>&1 | grep -q 'no_such_call: unknown system call'"
check "paddock seccomp check compiles a profile" "$PADDOCK" seccomp check "$T_ROOT/docker.json"

finish
