#include "escape/scratch_file.h"

#include <fcntl.h>
#include <unistd.h>

namespace paddock::escape {

std::string ScratchName(const std::string& dir) {
  return (dir == "/" ? "" : dir) + "/.paddock-check-" + std::to_string(getpid());
}

bool CreateAndRemove(const std::string& path) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  close(fd);
  unlink(path.c_str());
  return true;
}

bool OpenToAppend(const std::string& path, bool follow) {
  int fd = open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC | (follow ? 0 : O_NOFOLLOW));
  if (fd < 0) return false;
  close(fd);
  return true;
}

}  // namespace paddock::escape
