// The running kernel's release (uname -r), for the host probe and
// `paddock seccomp`; parse it with base/kernel_version.h.
#pragma once

#include <string>

namespace paddock::jail {

// "" when uname fails.
std::string KernelRelease();

}  // namespace paddock::jail
