#include "jail/no_new_privs.h"

#include <sys/prctl.h>

namespace paddock::jail {

bool SetNoNewPrivs(ChildContext&, ChildError& error) {
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return FailWithErrno(error, "set", "no_new_privs");
  return true;
}

}  // namespace paddock::jail
