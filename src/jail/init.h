// Pid 1 of the jail: reaps orphans, forwards signals that paddock relays from
// outside to the command, and exits with the command's status (128+N when it
// was killed by signal N). When it exits, the kernel kills the whole jail.
#pragma once

#include <sys/types.h>

namespace paddock::jail {

[[noreturn]] void RunInit(pid_t command);

// 128+N for a signal, the exit code otherwise (a waitpid status).
int ExitCodeOf(int wait_status);

}  // namespace paddock::jail
