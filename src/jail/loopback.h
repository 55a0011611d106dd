// The loopback interface of the jail's own network namespace: it starts
// down, and servers the command runs for itself listen on it.
#pragma once

#include "jail/child_context.h"

namespace paddock::jail {

// Child stage "loopback": brings `lo` up when the jail has a network
// namespace (needs CAP_NET_ADMIN there, so before the capabilities go).
bool BringUpLoopback(ChildContext& ctx, ChildError& error);

}  // namespace paddock::jail
