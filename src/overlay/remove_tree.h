// Recursive removal that survives what an agent (or overlayfs) leaves
// behind: directories without read, write or search permission (overlayfs'
// work/work is mode 000), symbolic links anywhere (never followed), trees
// deeper than the descriptors paddock may hold open.
#pragma once

#include <string>

#include "base/error.h"

namespace paddock::overlay {

// Removes `name` below `dir_fd`: a file, a link, a device, or a directory
// with everything below it. Directories are opened with O_NOFOLLOW and
// chmodded u+rwx when they must be. `path_for_errors` names `name` in errors.
// Missing is success.
Status RemoveTreeAt(int dir_fd, const std::string& name, const std::string& path_for_errors);

}  // namespace paddock::overlay
