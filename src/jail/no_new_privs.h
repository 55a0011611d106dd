// no_new_privs: exec can no longer grant privileges (setuid, setgid, file
// capabilities). Landlock and a seccomp filter installed without
// CAP_SYS_ADMIN both require it.
#pragma once

#include "jail/child_context.h"

namespace paddock::jail {

// Child stage "no-new-privs".
bool SetNoNewPrivs(ChildContext& ctx, ChildError& error);

}  // namespace paddock::jail
