#include "jail/fds.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>

namespace paddock::jail {

bool MarkFdsCloseOnExec(ChildContext& ctx, ChildError& error) {
  if (close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) != 0)
    return FailWithErrno(error, "mark close-on-exec", "inherited file descriptors");
  for (int fd : ctx.plan->keep_fds) {
    int flags = fcntl(fd, F_GETFD);
    if (flags < 0 || fcntl(fd, F_SETFD, flags & ~FD_CLOEXEC) != 0) {
      int err = errno;
      char what[32];
      snprintf(what, sizeof what, "%d", fd);
      SetChildError(error, err, "pass file descriptor", what);
      return false;
    }
  }
  return true;
}

}  // namespace paddock::jail
