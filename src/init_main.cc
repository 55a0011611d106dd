// paddock-init: what pid 1 of a jail becomes once it has started the command
// (jail/child.cc, StartCommand). It only reaps, relays signals and reports
// stops (jail/init_loop.h), so it is a small program of its own: pid 1 stays
// alive as long as the command, and as a fork of paddock it kept paddock's
// code, heap and whatever secrets they held mapped for that whole time.
//
// Started as `paddock-init COMMAND_PID` with the report pipe as fd 3, every
// signal blocked (pending ones, a SIGCHLD among them, carry over the exec),
// no_new_privs, no capabilities, paddock's seccomp filter and a Landlock
// domain the command's is nested in (so the command cannot trace it).
#include <stdlib.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "jail/init_loop.h"

int main(int argc, char** argv) {
  // First: exec made this process dumpable again, and a dumpable pid 1 would
  // show its descriptors (the report pipe) in /proc/1/fd.
  prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  char* end = nullptr;
  long command = argc == 2 ? strtol(argv[1], &end, 10) : 0;
  if (command <= 1 || !end || *end != '\0') _exit(125);  // not started by paddock: nothing to wait for
  paddock::jail::ReapAndRelay(static_cast<pid_t>(command), 3, nullptr);
}
