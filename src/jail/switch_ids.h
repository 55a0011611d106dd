// Who the child is: the jail's uid and gid (and, for root, no supplementary
// groups), switched to before the child creates anything.
#pragma once

#include "jail/child_context.h"

namespace paddock::jail {

// Child stage "ids". A file made by an id the namespace does not map fails
// with EOVERFLOW (root's case: host uid 0 is unmapped). The namespace's
// capabilities survive: its uid 0 is not mapped either, so there is no
// "root to non-root" transition to clear them. Sets the parent-death signal
// again: changing ids clears it.
bool SwitchIds(ChildContext& ctx, ChildError& error);

}  // namespace paddock::jail
