#include "overlay/child_process.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

namespace paddock::overlay {

Result<int> RunChild(const std::string& program, const std::function<void()>& in_child) {
  pid_t pid = fork();
  if (pid < 0) return SysError("start", program, errno);
  if (pid == 0) {
    in_child();
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return SysError("wait for", program, errno);
  return status;
}

bool NotStarted(int status) { return WIFEXITED(status) && WEXITSTATUS(status) == 127; }

}  // namespace paddock::overlay
