// Descriptor hygiene: an inherited fd to a host directory or socket would
// walk out of the jail, so every descriptor above 2 is closed at exec except
// those the user passed on purpose (--pass-fd).
#pragma once

#include "jail/child_context.h"

namespace paddock::jail {

// Child stage "fds": marks every fd above 2 close-on-exec, then clears the
// flag on ctx.plan->keep_fds; one that is not open is refused (EBADF), not
// filled by one of paddock's own descriptors.
bool MarkFdsCloseOnExec(ChildContext& ctx, ChildError& error);

}  // namespace paddock::jail
