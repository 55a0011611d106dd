// What pid 1 of the jail does while the command runs: reap, relay, report.
// Plain C library calls only: it is linked into paddock and, on its own, into
// paddock-init (src/init_main.cc), the small program pid 1 becomes.
#pragma once

#include <sys/types.h>

namespace paddock::jail {

// Takes every signal synchronously (all must already be blocked), reaps what
// has ended, writes each stop of `command` to `report_fd` (one byte: the
// signal), relays signals that come from outside the jail to `command`, and
// exits with the command's status once it has ended. `before_exit`, when not
// null, runs first (pid 1 without a pid namespace ends its descendants).
[[noreturn]] void ReapAndRelay(pid_t command, int report_fd, void (*before_exit)());

// The same for at most `ms` milliseconds: returns when they have passed and
// the command still runs (it does not return once the command has ended).
void ReapAndRelayFor(pid_t command, int report_fd, void (*before_exit)(), int ms);

// 128+N for a signal, the exit code otherwise (a waitpid status).
int ExitCodeOf(int wait_status);

}  // namespace paddock::jail
