#!/usr/bin/env bash
# Core jail: every escape attempt from inside must fail. The probe exits 0
# only when it saw the attempt blocked (and the jail itself started).
source "$(dirname "$0")/lib.sh"
probe() { jail -- ./probe "$@"; }

# Secrets of the real home are not even visible.
check "cannot read ~/.ssh key of the real home" probe read "$HOME/.ssh/id_ed25519"
check "cannot see ~/.aws of the real home" probe exists "$HOME/.aws"
check "other homes and /root are absent" probe exists /root/.bashrc
check "/home lists no other user" probe exists /home/paddock-tester/.bashrc
check "/etc/shadow is masked" probe read /etc/shadow
check "/var/lib is absent" probe exists /var/lib/dpkg

# Writes outside the project fail, and the host confirms it.
check "cannot write /etc" probe write /etc/paddock-escape
check "cannot write /usr" probe write /usr/paddock-escape
check "cannot write / (read-only root)" probe write /paddock-escape
jail -- sh -c 'echo x > "$HOME/written-in-jail-home"' >/dev/null 2>&1
check "a write to \$HOME lands in the jail home, not the real home" \
  test ! -e "$HOME/written-in-jail-home" -a ! -e /etc/paddock-escape -a ! -e /usr/paddock-escape

# Host processes are invisible: cannot be seen, signalled or traced.
sleep 300 &
host_pid=$!
check "cannot see a host process in /proc" probe exists "/proc/$host_pid"
check "cannot signal a host process" probe kill "$host_pid" 15
check "cannot ptrace a host process" probe ptrace "$host_pid"
check "cannot read a host process's environ" probe read "/proc/$host_pid/environ"
check "the host process survived" kill -0 "$host_pid"
kill "$host_pid"

# Network: the host's loopback listeners and sockets are out of reach.
port_file=$T_ROOT/port
/usr/bin/python3 - "$port_file" "$T_ROOT/host.sock" <<'PY' &
import socket, sys, time
t = socket.socket(); t.bind(("127.0.0.1", 0)); t.listen()
open(sys.argv[1] + ".tmp", "w").write(str(t.getsockname()[1]))
import os; os.rename(sys.argv[1] + ".tmp", sys.argv[1])
u = socket.socket(socket.AF_UNIX); u.bind(sys.argv[2]); u.listen()
a = socket.socket(socket.AF_UNIX); a.bind("\0paddock-test-abstract"); a.listen()
time.sleep(60)
PY
listener=$!
for _ in $(seq 50); do [[ -s $port_file ]] && break; sleep 0.1; done
port=$(cat "$port_file")
check "host listener is reachable from the host (control)" \
  /usr/bin/python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 2)"
check "cannot connect to a host TCP listener on 127.0.0.1" probe connect-tcp 127.0.0.1 "$port"
check "cannot connect to a host Unix socket" probe connect-unix "$T_ROOT/host.sock"
check "cannot connect to a host abstract Unix socket" probe connect-unix @paddock-test-abstract
kill "$listener" 2>/dev/null

# Environment: secrets are scrubbed unless named.
export AWS_SECRET_ACCESS_KEY=leak GITHUB_TOKEN=leak ANTHROPIC_API_KEY=leak SSH_AUTH_SOCK=/tmp/agent
check "AWS_SECRET_ACCESS_KEY does not pass" probe getenv AWS_SECRET_ACCESS_KEY
check "GITHUB_TOKEN does not pass" probe getenv GITHUB_TOKEN
check "SSH_AUTH_SOCK does not pass" probe getenv SSH_AUTH_SOCK
check "a variable named with --env passes (control)" fails jail --env GITHUB_TOKEN -- ./probe getenv GITHUB_TOKEN
unset AWS_SECRET_ACCESS_KEY GITHUB_TOKEN ANTHROPIC_API_KEY SSH_AUTH_SOCK

# An inherited descriptor to a host directory would walk out of the jail.
check "an inherited fd to / is closed" bash -c 'exec 7</; exec "$0" run -- ./probe fds' "$PADDOCK"
check "--pass-fd keeps a chosen fd (control)" fails bash -c 'exec 7</dev/null; exec "$0" run --pass-fd 7 -- ./probe fds' "$PADDOCK"
# A --pass-fd number that is not open must be refused, not filled by one of
# paddock's own descriptors (a lock file, the pipe of pid 1's reports).
for fd in $(seq 3 16); do
  check "an unopened --pass-fd $fd is refused" bash -c 'for fd in $(seq 3 20); do eval "exec $fd<&-"; done
    "$0" run --pass-fd "$1" -- true 2>&1 | grep -q "cannot pass file descriptor $1: Bad file descriptor"' "$PADDOCK" "$fd"
done

# No privileges: no capabilities, no_new_privs, setuid inert.
check "no capabilities, no_new_privs set" probe privileges
check "setuid(0) fails" probe setuid
if is_root; then
  cp ./probe ./probe-suid && chown 0:0 ./probe-suid && chmod 4755 ./probe-suid
  check "a setuid-root binary does not elevate" jail -- ./probe-suid euid
  check "started by root, the command is not uid 0 inside" expect_output 1000 jail -- id -u
fi
check "cannot mount" probe mount /tmp
check "cannot unmount the project" probe umount "$PROJECT"
check "cannot chroot" probe chroot
before=$(hostname)
check "cannot change the hostname" probe hostname
check "the host's hostname is unchanged" test "$(hostname)" == "$before"
check "the jail's hostname is paddock" expect_output paddock jail -- hostname
check "cannot create a nested user namespace" probe userns

# Keystroke injection into the user's terminal (needs a real pty: script(1)).
if command -v script >/dev/null; then
  out=$(script -qec "$PADDOCK run -- ./probe tiocsti" /dev/null 2>&1)
  check "TIOCSTI cannot inject into the terminal" grep -q "^BLOCKED tiocsti" <<<"$out"
fi

finish
