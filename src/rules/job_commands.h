// Programs that take a shell command to run later or elsewhere on this
// machine: `at`/`batch` read a job from stdin for /bin/sh, `tmux` runs the
// shell commands of its new sessions, windows and panes, and `run-shell`.
// Each gives the engine the code it will run (code_use.h). Keystrokes sent
// to a tmux pane are taken as shell code too.
#pragma once

#include <string>

#include "rules/code_use.h"

namespace paddock::rules {

// at [options] TIME / batch [options]: the job comes from stdin (a shell
// reading stdin), or from -f FILE (a file: neither analysed nor opaque;
// `at now -f /dev/stdin` is taken as one).
// -l, -r, -d, -c and -V list, remove or show jobs and run nothing.
CodeUse AtLayer(const Words& w, const std::string& name);

// tmux [global options] [COMMAND [options] [args] [; COMMAND ...]]: -c
// SHELL-COMMAND, and the shell command of new-session, new-window,
// split-window, respawn-pane, respawn-window, run-shell and if-shell (their
// arguments joined, as tmux does for one; quoted, for several), and the text
// send-keys types into a pane (most often a shell's).
CodeUse TmuxLayer(const Words& w, const std::string& name);

}  // namespace paddock::rules
