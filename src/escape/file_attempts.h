// The probe's attempts at what would outlive the run or widen the jail from
// inside it: a set-id file or a file capability left in the jail home (the
// host runs it later), a protected path written or unmounted, and a
// descriptor inherited from paddock's caller.
#pragma once

#include "check/probe_inputs.h"
#include "escape/found.h"

namespace paddock::escape {

Found SetidFile();
Found FileCapability();
Found ProtectedPaths(const check::ProbeInputs& in);
Found Umount(const check::ProbeInputs& in);
Found InheritedDescriptors(const check::ProbeInputs& in);

}  // namespace paddock::escape
