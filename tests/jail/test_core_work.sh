#!/usr/bin/env bash
# Core jail: legitimate agent work succeeds, and the host sees the results
# owned by the invoking user.
source "$(dirname "$0")/lib.sh"
me=$(id -u)

check "create and edit files in the project" jail -- sh -c 'echo one > a.txt && echo two >> a.txt && mkdir -p src/x && mv a.txt src/x/b.txt'
check "the host sees the edit" expect_output "one
two" cat src/x/b.txt
check "files created in the jail are owned by the invoking user" test "$(stat -c %u src/x/b.txt)" == "$me"
check "directories created in the jail are owned by the invoking user" test "$(stat -c %u src/x)" == "$me"

git_env=(--env GIT_AUTHOR_NAME=t --env GIT_AUTHOR_EMAIL=t@e --env GIT_COMMITTER_NAME=t --env GIT_COMMITTER_EMAIL=t@e)
# A missing .git is protected like .git/hooks (creating it would plant hooks
# and config the host later runs), so a fresh repository is made on the host,
# or inside with --unprotect .git.
git init -q .
check "git add/commit/branch/checkout in the jail" jail "${git_env[@]}" -- sh -c 'git add -A && git commit -qm first && git branch b && git checkout -q b && git log --oneline | grep -q first'
check "the host sees the commit" bash -c 'git -c safe.directory="*" log --oneline | grep -q first'
# Started by root, the jail sees the project as its own uid while the index
# the host's git wrote records root: git in the jail must neither re-read
# every file for that nor rewrite the index (the host's git would then do
# the same back), and must still see a real change.
sleep 1.1  # nothing in the work tree is racily clean for the index written next
git -c safe.directory='*' status --porcelain >/dev/null
index_stat() { stat -c '%i %y' .git/index; }
index_was=$(index_stat)
check "git status in the jail after the host's" expect_output "" jail -- git status --porcelain
check "the host's index is left as it was" test "$(index_stat)" == "$index_was"
check "a change made in the jail shows in its git status" expect_output " M src/x/b.txt" \
  jail -- sh -c 'echo three >> src/x/b.txt && git status --porcelain'
git -c safe.directory='*' checkout -q -- src/x/b.txt
# paddock's placeholders (read-only empty directories where a protected name
# was missing) are mount points: git must leave them alone, or `git stash -u`
# stops half-way with the change stashed and still in the tree, and `git
# clean -d` fails on each.
check "git stash -u and pop in the jail" expect_output " M src/x/b.txt|?? new.txt" jail -- sh -c \
  'echo more >> src/x/b.txt && echo n >new.txt && git stash -u -q && test -z "$(git status --porcelain)" && git stash pop -q && git status --porcelain | paste -sd"|"'
check "git clean -fd in the jail removes only what the command made" expect_output "Removing new.txt" \
  jail -- git clean -fd
git -c safe.directory='*' checkout -q -- src/x/b.txt
# The jail home hides ~/.gitconfig; the host's git identity still signs the
# jail's commits, below the repository's own config.
printf '[user]\n\tname = Host User\n\temail = host@example.com\n[url "https://token@example.com/"]\n\tinsteadOf = https://example.com/\n' \
  >"$HOME/.gitconfig"
check "a commit in the jail carries the host's git identity" expect_output "Host User <host@example.com>" \
  jail -- sh -c 'echo id >id.txt && git add id.txt && git commit -qm id && git log -1 --format="%an <%ae>"'
check "... and nothing else of the host's global config" expect_output "" jail -- git config --get-regexp '^url\.'
git -c safe.directory='*' config user.email repo@example.com
check "... the repository's user.email wins" expect_output "Host User <repo@example.com>" \
  jail -- sh -c 'git commit -q --allow-empty -m x && git log -1 --format="%an <%ae>"'
git -c safe.directory='*' config --unset user.email
rm "$HOME/.gitconfig"
# .git/info is read-only in the jail: git gc must not try to write info/refs.
check "git gc in the jail, without errors" expect_output "" jail -- sh -c 'git gc -q 2>&1'
mkdir fresh
check "git init inside the jail with --unprotect .git" jail --project fresh --unprotect .git "${git_env[@]}" -- sh -c 'git init -q . && git commit -q --allow-empty -m x'
mkdir fresh2
printf '[user]\n\tname = Host User\n\temail = host@example.com\n' >"$HOME/.gitconfig"
check "... and its first commit carries the host's git identity" test "$(jail --project fresh2 --unprotect .git -- \
  sh -c 'git init -q . && git commit -q --allow-empty -m x && git log -1 --format="%an <%ae>"' 2>/dev/null)" = "Host User <host@example.com>"
rm "$HOME/.gitconfig"

cat > hello.c <<'C'
#include <stdio.h>
int main(void) { printf("compiled-ok\n"); return 0; }
C
check "compile and run a C program" expect_output compiled-ok jail -- sh -c 'cc -O2 -o hello hello.c && ./hello'
check "run a Python script" expect_output 42 jail -- /usr/bin/python3 -c 'print(6*7)'
check "write to /tmp" jail -- sh -c 'dd if=/dev/zero of=/tmp/big bs=1M count=8 status=none && test -s /tmp/big'
check "/var/tmp is the same scratch space as /tmp" jail -- sh -c 'echo v > /var/tmp/v && test "$(cat /tmp/v)" = v'
check "/tmp does not persist between runs" jail -- sh -c 'test ! -e /tmp/big'
check "the jail home persists across runs (write)" jail -- sh -c 'echo kept > ~/.keep-me'
check "the jail home persists across runs (read)" expect_output kept jail -- cat "$HOME/.keep-me"
check "pipes, /dev/null and /dev/urandom work" jail -- sh -c 'head -c 16 /dev/urandom | wc -c | grep -q 16 && echo x > /dev/null'
check "a pty can be allocated" jail -- /usr/bin/python3 -c 'import os; m, s = os.openpty(); os.write(s, b"x")'
check "the loopback interface is up" jail -- /usr/bin/python3 -c '
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen()
c = socket.create_connection(s.getsockname(), 2)'
check "--share exposes one file of the real home read-only" expect_output "[default] aws_secret_access_key=AWSSECRET" \
  jail --share .aws/credentials -- cat "$HOME/.aws/credentials"
check "a --share is read-only" fails jail --share .aws -- sh -c 'echo x >> ~/.aws/credentials'
mkdir -p "$T_ROOT/extra" && echo data > "$T_ROOT/extra/f"
check "--ro grants a host path read-only" jail --ro "$T_ROOT/extra" -- sh -c "cat $T_ROOT/extra/f && ! touch $T_ROOT/extra/g"
check "--rw grants a host path read-write" jail --rw "$T_ROOT/extra" -- touch "$T_ROOT/extra/g"
check "the --rw write is owned by the invoking user" test "$(stat -c %u "$T_ROOT/extra/g")" == "$me"
check "--net host reaches the host's network namespace" jail --net host -- sh -c 'test -e /proc/net/dev'

# The jail's own name (its UTS namespace's) resolves, as on a host: Java's
# InetAddress.getLocalHost(), Erlang node names, `hostname -f` and sudo look
# it up. The host's name is in neither file.
check "/etc/hostname names the jail as hostname does" expect_output "paddock paddock" \
  jail -- sh -c 'echo "$(hostname) $(cat /etc/hostname)"'
# Over the host's /etc/hosts only: a host without one (a debootstrap
# minbase root, the test VM) resolves no name from it, the jail neither.
if [[ -f /etc/hosts && ! -L /etc/hosts ]]; then
  check "the jail's name resolves to a loopback address" expect_output "127.0.1.1" \
    jail -- python3 -c 'import socket; print(socket.gethostbyname(socket.gethostname()))'
  check "hostname -f works" expect_output "paddock" jail -- hostname -f
  check "the rest of the host's /etc/hosts is kept (localhost)" expect_output "127.0.0.1" \
    jail -- python3 -c 'import socket; print(socket.gethostbyname("localhost"))'
  host_name=$(hostname)
  if [[ $host_name != paddock && $host_name != localhost ]]; then
    check "the host's name ($host_name) is not in the jail's /etc/hosts or /etc/hostname" \
      fails jail -- grep -qiwF "$host_name" /etc/hosts /etc/hostname
  fi
else
  echo "     no /etc/hosts on this host: the jail's name resolves as the host's does"
  check "no /etc/hosts in the jail either" fails jail -- test -e /etc/hosts
fi
if command -v javac >/dev/null && [[ -f /etc/hosts && ! -L /etc/hosts ]]; then
  cat >LocalHost.java <<'JAVA'
public class LocalHost {
  public static void main(String[] a) throws Exception {
    System.out.println(java.net.InetAddress.getLocalHost());
  }
}
JAVA
  check "Java's InetAddress.getLocalHost() names the jail" expect_output "paddock/127.0.1.1" \
    jail --quiet -- java LocalHost.java
  rm -f LocalHost.java
fi

finish
