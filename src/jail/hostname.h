// The jail's hostname, in its own UTS namespace: the host's name is not the
// jail's to read or change.
#pragma once

#include "jail/child_context.h"

namespace paddock::jail {

// Child stage "hostname": sets the plan's hostname when the jail has a UTS
// namespace (needs CAP_SYS_ADMIN there, so before the capabilities go).
bool SetHostname(ChildContext& ctx, ChildError& error);

}  // namespace paddock::jail
