// The parent's wait for the jail: one event loop over paddock's signals (a
// signalfd), pid 1's stop reports and the supervisor's timeout steps.
//
// - SIGCHLD: pid 1 was reaped; its status is the result.
// - SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1/2, SIGALRM, SIGWINCH: relayed to
//   pid 1 through the pidfd, which forwards them to the command. Whether a
//   process or paddock's terminal sent them: the jail has a group of its own,
//   so a terminal signal that reached paddock did not reach the jail.
// - SIGTSTP, SIGTTIN, SIGTTOU, SIGCONT, and pid 1's reports: job control.
#pragma once

#include <signal.h>
#include <sys/types.h>

#include "base/error.h"
#include "jail/job_control.h"
#include "jail/supervise.h"

namespace paddock::jail {

// The signals paddock blocks before clone and takes in the loop.
sigset_t JailSignals();

// pid 1's exit status as the command's (128+N for signal N). Fails only if
// the loop cannot run; the caller then kills the jail.
Result<int> WaitForJail(pid_t init, int pidfd, JobControl& job, Supervisor& supervisor);

}  // namespace paddock::jail
