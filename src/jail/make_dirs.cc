#include "jail/make_dirs.h"

#include <errno.h>
#include <sys/stat.h>

namespace paddock::jail {

Status MakeDirs(const std::string& path, mode_t mode) {
  // Usually everything exists already: one call instead of one per component.
  if (mkdir(path.c_str(), mode) == 0 || errno == EEXIST) return Ok();
  for (size_t pos = 1; pos <= path.size(); ++pos) {
    if (pos != path.size() && path[pos] != '/') continue;
    std::string prefix = path.substr(0, pos);
    if (mkdir(prefix.c_str(), mode) != 0 && errno != EEXIST) return SysError("create directory", prefix, errno);
  }
  return Ok();
}

}  // namespace paddock::jail
