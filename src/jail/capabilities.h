// The end of every capability: the bounding set, the ambient set, locked
// securebits, then the effective, permitted and inheritable sets.
#pragma once

#include "jail/child_context.h"

namespace paddock::jail {

// Child stage "capabilities". Order inside: the bounding set and the
// securebits need CAP_SETPCAP, so they go before the sets are emptied.
bool DropCapabilities(ChildContext& ctx, ChildError& error);

}  // namespace paddock::jail
