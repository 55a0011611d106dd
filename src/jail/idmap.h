// Idmapped mounts, for when root starts paddock: the jailed command runs as
// an unused host id, and the user's data is bound through a mount that shows
// files owned by the invoker as owned by that id, and writes them back as the
// invoker. Needs mount_setattr(MOUNT_ATTR_IDMAP) (Linux 5.12+) and support by
// the filesystem.
#pragma once

#include <cstdint>
#include <string>

#include "base/error.h"
#include "jail/unique_fd.h"

namespace paddock::jail {

// A user namespace mapping on-disk id `disk` to host id `host` (uid and gid).
Result<UniqueFd> CreateIdmapUserns(uint32_t disk, uint32_t host);

// A detached clone of the tree at `path`, idmapped through `userns_fd`.
// `anchor`: an fd of `path` already opened, or -1 to open it by path.
Result<UniqueFd> OpenIdmappedTree(const std::string& path, int userns_fd, bool recursive, int anchor = -1);

// Can this host idmap a mount of `path` (as root)?
bool ProbeIdmappedMount(const std::string& path);

}  // namespace paddock::jail
