#!/usr/bin/env bash
# Core jail: behaves like a normal terminal program. Drives a real pty with
# tmux: Ctrl-C, job control inside the jail, Ctrl-Z of paddock itself from
# the user's shell, window resize, colors and the exit status.
source "$(dirname "$0")/lib.sh"
if ! command -v tmux >/dev/null; then
  echo "SKIP: tmux not installed (scripts/setup --test installs it)"
  finish
  exit
fi
sock=paddock-test-$$
tm() { tmux -L "$sock" "$@"; }
trap 'tm kill-server 2>/dev/null; t_cleanup' EXIT
screen() { tm capture-pane -p -t t; }
# wait_for TEXT: until the screen shows TEXT (5 s at most).
wait_for() { for _ in $(seq 50); do screen | grep -qF -- "$1" && return 0; sleep 0.1; done; screen; return 1; }

tm new-session -d -s t -x 100 -y 30 "env -i PATH=/usr/bin:/bin TERM=xterm-256color HOME=$HOME bash --norc -i"
tm send-keys -t t "PS1='host\$ '; cd $PROJECT" Enter
wait_for 'host$ '

# Interactive shell in the jail: Ctrl-C, jobs, fg, Ctrl-Z, resize, exit code.
tm send-keys -t t "$PADDOCK run -- bash --norc -i" Enter
sleep 0.5
tm send-keys -t t "PS1='jail\$ '; sleep 100" Enter
sleep 0.5
tm send-keys -t t C-c
tm send-keys -t t "echo after-ctrl-c" Enter
check "Ctrl-C interrupts the foreground command in the jail" wait_for "after-ctrl-c"
tm send-keys -t t "sleep 50 & fg" Enter
sleep 0.4
tm send-keys -t t C-z
check "job control: Ctrl-Z stops a job inside the jail" wait_for "Stopped"
tm send-keys -t t "kill %1; echo cols=\$(tput cols)" Enter
check "the jail sees the terminal size" wait_for "cols=100"
tm resize-window -t t -x 120 -y 30 2>/dev/null || tm resize-pane -t t -x 120
sleep 0.3
tm send-keys -t t "echo cols=\$(tput cols)" Enter
check "window resize reaches the jail" wait_for "cols=120"
tm send-keys -t t "printf '\\033[31mred\\033[0m\\n' | grep -c red; exit 3" Enter
tm send-keys -t t 'echo "status=$?"' Enter
check "paddock returns the shell's exit status" wait_for "status=3"

# paddock itself under the user's job control.
tm send-keys -t t "clear; $PADDOCK run -- sh -c 'sleep 1.5; echo resumed-ok'" Enter
sleep 0.6
tm send-keys -t t C-z
check "Ctrl-Z stops paddock as a job of the user's shell" wait_for "Stopped"
tm send-keys -t t "fg" Enter
check "fg resumes the jailed command" wait_for "resumed-ok"
tm send-keys -t t "$PADDOCK run -- sleep 100" Enter
sleep 0.6
tm send-keys -t t C-c
tm send-keys -t t 'echo "rc=$?"' Enter
check "Ctrl-C ends a jailed command with 130" wait_for "rc=130"

finish
