// --overlay: the project as a writable overlayfs whose upper layer is the
// run's directory in paddock's state, so the real project is never written.
// Runs in the child, before the pivot. Async-signal-safe.
#pragma once

#include <cstddef>

#include "jail/child_context.h"

namespace paddock::jail {

// Opens the trees of mount op `i` (a kProjectOverlay): the project and the
// run's layer directory, unless the parent prepared idmapped ones. While the
// host's paths are still reachable (stage mount-sources). 0 or -1 with errno.
int OpenProjectOverlaySources(ChildContext& ctx, size_t i);

// Mounts the overlay of op `i` from those trees, attached in the staging
// area; returns the detached overlay mount or -1 with errno.
int MountProjectOverlay(ChildContext& ctx, size_t i);

}  // namespace paddock::jail
