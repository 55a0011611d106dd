// Pid 1 of the jail: reaps orphans, forwards signals that paddock relays from
// outside to the command, reports the command's stops to paddock, and exits
// with the command's status (128+N when it was killed by signal N). When it
// exits, the kernel kills the whole jail.
#pragma once

#include <sys/types.h>

#include "jail/init_loop.h"

namespace paddock::jail {

// `report_fd`: the non-blocking write end of a pipe to paddock. Each time the
// command stops, pid 1 writes one byte, the stop signal: pid 1 of a pid
// namespace cannot stop itself, so paddock stops in its place (job_control.h).
// The command cannot reach the pipe: the write end is close-on-exec, and pid
// 1 closes every other descriptor and is not dumpable (no /proc/1/fd).
// In paddock's own process: where pid 1 cannot become paddock-init
// (jail/child.cc, StartCommand, which blocked every signal before the fork).
[[noreturn]] void RunInit(pid_t command, int report_fd);

}  // namespace paddock::jail
