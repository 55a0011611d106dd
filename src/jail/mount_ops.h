// One op of the mount plan applied below the new root (ctx.root_fd), by kind:
// binds, fresh filesystems (tmpfs, proc, devpts, mqueue), symlinks,
// directories, generated files, masks. Async-signal-safe.
#pragma once

#include <cstddef>

#include "jail/child_context.h"

namespace paddock::jail {

// Applies ctx.plan->mounts[index]. A mount is made detached and moved onto
// its mount point (mount_point.h); ctx.trees[index] then holds it, to be
// made read-only once every mount point exists.
bool ApplyMountOp(ChildContext& ctx, size_t index, ChildError& error);

}  // namespace paddock::jail
