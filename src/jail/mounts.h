// The jail's root filesystem, built in the child's private mount namespace
// and pivoted into: one child stage per step (child.cc). Every mount uses
// the new mount API (mount_api.h) and mount points are opened without
// following symlinks (mount_point.h).
#pragma once

#include "jail/child_context.h"

namespace paddock::jail {

// "mount-sources": makes / private (nothing may propagate back to the host),
// then opens every host source of a bind (and /dev/null for file masks)
// while the host view is intact, with the invoker's access.
bool OpenMountSources(ChildContext& ctx, ChildError& error);
// "new-root": a private staging tmpfs over /tmp (sources under /tmp are open
// by now) holding the new root, an empty tmpfs, and generated files.
bool MountNewRoot(ChildContext& ctx, ChildError& error);
// "mounts": every op of the mount plan, in order (mount_ops.h).
bool ApplyMounts(ChildContext& ctx, ChildError& error);
// "read-only": read-only is applied last, because earlier mounts needed
// their mount points created; recursively for recursive binds.
bool MakeMountsReadOnly(ChildContext& ctx, ChildError& error);
// "pivot": pivot_root, never chroot; then detaches the host's tree entirely.
bool PivotToNewRoot(ChildContext& ctx, ChildError& error);

}  // namespace paddock::jail
