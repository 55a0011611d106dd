#include "jail/init.h"

#include <unistd.h>

#include "jail/init_loop.h"
#include "jail/supervise.h"

namespace paddock::jail {
namespace {

// Without a pid namespace, the command's end does not end the rest: this
// process ends them first.
void EndDescendantsOutsidePidNamespace() {
  if (getpid() != 1) EndOwnDescendants({});
}

}  // namespace

void RunInit(pid_t command, int report_fd) { ReapAndRelay(command, report_fd, EndDescendantsOutsidePidNamespace); }

}  // namespace paddock::jail
