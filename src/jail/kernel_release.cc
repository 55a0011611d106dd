#include "jail/kernel_release.h"

#include <sys/utsname.h>

namespace paddock::jail {

std::string KernelRelease() {
  utsname u{};
  return uname(&u) == 0 ? u.release : "";
}

}  // namespace paddock::jail
