// mkdir -p for paddock's own state (jail homes, placeholder records).
#pragma once

#include <sys/types.h>

#include <string>

#include "base/error.h"

namespace paddock::jail {

// Creates `path` and its missing parents with `mode`; existing ones are kept.
Status MakeDirs(const std::string& path, mode_t mode);

}  // namespace paddock::jail
