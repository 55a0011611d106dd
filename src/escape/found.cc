#include "escape/found.h"

#include <cerrno>
#include <cstring>

namespace paddock::escape {

std::string ErrnoText(int err) {
  const char* name = strerrorname_np(err);
  return name ? name : std::to_string(err);
}

Found MustFail(long rc, const std::string& what) {
  if (rc >= 0) return Escaped(what + " succeeded");
  return Contained(what + ": " + ErrnoText(errno));
}

Found MustBeDenied(long rc, const std::string& what) {
  if (rc >= 0) return Escaped(what + " succeeded");
  int err = errno;
  if (err == EPERM || err == EACCES || err == ENOSYS) return Contained(what + ": " + ErrnoText(err));
  return Escaped(what + " passed the permission check (" + ErrnoText(err) + ")");
}

}  // namespace paddock::escape
