#!/usr/bin/env bash
# Core jail: behaves like a normal terminal program. Drives a real pty with
# tmux: Ctrl-C, job control inside the jail, Ctrl-Z/fg/bg of paddock itself
# from the user's shell, window resize, colors and the exit status. The jail
# has a process group of its own (job_control.h): paddock hands it the
# terminal and must hand it back, which a script (no job control of its
# own) relies on.
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
# wait_for_lines LINE N: until N lines of the screen are exactly LINE.
wait_for_lines() {
  for _ in $(seq 50); do (($(screen | grep -cxF -- "$1") >= $2)) && return 0; sleep 0.1; done
  screen; return 1
}

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
tm send-keys -t t "clear; $PADDOCK run -- sh -c 'trap \"echo got-sigint; exit 5\" INT; while :; do sleep 0.1; done'" Enter
sleep 0.6
tm send-keys -t t C-c
tm send-keys -t t 'echo "rc=$?"' Enter
check "Ctrl-C reaches the jailed command's own handler" wait_for "got-sigint"
check "and paddock returns its status" wait_for "rc=5"

# A plain command under the user's job control: Ctrl-Z, fg, bg. The tty
# echoes a typed line and cat prints it again: two lines when cat read it.
tm send-keys -t t "clear; stty -g >$T_ROOT/stty.before; $PADDOCK run -- cat" Enter
sleep 0.6
tm send-keys -t t "typed-one" Enter
check "a jailed cat reads the terminal" wait_for_lines "typed-one" 2
tm send-keys -t t C-z
check "Ctrl-Z of a plain command: the shell reports it stopped" wait_for "Stopped"
tm send-keys -t t "clear; fg" Enter
sleep 0.3
tm send-keys -t t "typed-two" Enter
check "fg resumes it, and it still reads the terminal" wait_for_lines "typed-two" 2
tm send-keys -t t C-z
wait_for "Stopped" >/dev/null
tm send-keys -t t "clear; bg" Enter
sleep 0.5
tm send-keys -t t "jobs -l" Enter
check "bg continues it without the terminal: its read stops it again" wait_for "Stopped (tty input)"
tm send-keys -t t "clear; fg" Enter
sleep 0.3
tm send-keys -t t "typed-three" Enter
check "fg after bg: it reads the terminal again" wait_for_lines "typed-three" 2
tm send-keys -t t C-d
tm send-keys -t t 'echo "cat-rc=$?"' Enter
check "it ends normally at end of input" wait_for "cat-rc=0"
tm send-keys -t t "clear; $PADDOCK run -- sh -c 'sleep 1; echo bg-finished'" Enter
sleep 0.5
tm send-keys -t t C-z
wait_for "Stopped" >/dev/null
tm send-keys -t t "bg" Enter
check "bg: a command that does not read goes on in the background" wait_for "bg-finished"
tm send-keys -t t "clear; wait; [ \"\$(stty -g)\" = \"\$(cat $T_ROOT/stty.before)\" ] && echo stty-unchanged" Enter
check "the terminal's settings are as before" wait_for "stty-unchanged"

# A pager the jail's output is piped to shares paddock's process group: it
# gets the terminal while the jail goes on writing.
tm send-keys -t t "clear; $PADDOCK run -- sh -c 'seq -f line-%g 1 200; sleep 2' | less" Enter
wait_for "line-20" >/dev/null
tm send-keys -t t " "
check "a pager fed by the jail reads the terminal" wait_for "line-50"
tm send-keys -t t "q"

# A script has no job control: the terminal must come back from the jail's
# group when paddock returns, or the script's next read stops it.
script_reads() {
  tm send-keys -t t "clear; bash -c '\"\$0\" \"\$@\"; echo paddock-rc=\$?; read -t 5 -p script-read: v && echo script-got=\$v' $PADDOCK $*" Enter
  sleep 1
  tm send-keys -t t "$1-input" Enter
  wait_for "script-got=$1-input"
}
check "a script reads the terminal after the jailed command exits" script_reads run -- true
tm send-keys -t t "clear; bash -c '\"\$0\" run -- sleep 100; echo paddock-rc=\$?; read -t 5 -p script-read: v && echo script-got=\$v' $PADDOCK" Enter
sleep 0.8
tm send-keys -t t C-c
sleep 0.3
tm send-keys -t t "after-kill" Enter
check "a script reads the terminal after Ctrl-C killed the jailed command" wait_for "script-got=after-kill"
check "a script reads the terminal after the command could not run" script_reads run -- /nonexistent-command
check "a script reads the terminal after paddock refused an option" script_reads run --no-such-option -- true
check "a script reads the terminal after paddock failed early" script_reads run --ro /no/such/path -- true
# The terminal has a name in the jail: tty, and GPG_TTY=$(tty) for pinentry.
tm send-keys -t t "clear; $PADDOCK run -- sh -c 'echo name=\$(tty); echo through-name > \$(tty)'" Enter
check "tty names the terminal in the jail" wait_for "name=/dev/console"
# As root the jail's user is another uid, which root's terminal (0620) keeps out.
if [[ $(id -u) != 0 ]]; then check "... and it opens by that name" wait_for "through-name"; fi
tm send-keys -t t "clear; echo prompt-works" Enter
check "the user's shell has its prompt" wait_for "prompt-works"

finish
