// The escape probe `paddock check` runs inside the jail (as the hidden
// `paddock __probe`): tries every attempt of check::Attempts() and writes
// one JSON line per attempt to the report fd. Each attempt runs in a child
// process of its own, so one that crashes, hangs or changes the process
// (chroot, setuid) spoils only its own line, which check then calls unknown.
#pragma once

#include "check/probe_inputs.h"

namespace paddock::escape {

// Returns the exit status: 0 when every attempt was made (whatever the
// results), 1 when the report fd could not be written.
int RunEscapeProbe(const check::ProbeInputs& inputs);

}  // namespace paddock::escape
