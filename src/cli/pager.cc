#include "cli/pager.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace paddock::cli {

Pager::Pager() {
  if (isatty(STDOUT_FILENO) != 1) return;
  const char* env = std::getenv("PAGER");
  std::string command = env && env[0] ? env : "less -R";
  if (command == "cat") return;
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return;
  std::fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return;
  }
  if (pid == 0) {
    if (dup2(fds[0], STDIN_FILENO) < 0) _exit(127);
    setenv("LESS", "FRX", 0);
    execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[0]);
  fd_ = fds[1];
  pid_ = pid;
  // Leaving the pager early closes the pipe: writes fail with EPIPE instead
  // of killing paddock.
  signal(SIGPIPE, SIG_IGN);
}

void Pager::Finish() {
  if (pid_ < 0) return;
  close(fd_);
  fd_ = STDOUT_FILENO;
  int status;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {}
  pid_ = -1;
}

Pager::~Pager() { Finish(); }

}  // namespace paddock::cli
