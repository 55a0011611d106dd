// The probe's attempts to reach the world past the jail's network policy:
// a public address dialled directly, the cloud metadata service, a public
// resolver over UDP, and a name the policy does not allow (through the
// jail's resolver and through its proxy). With `--net none` and `--net
// allow` each must fail; `--net host` opens them on purpose.
#pragma once

#include "check/probe_inputs.h"
#include "escape/found.h"

namespace paddock::escape {

Found RawAddress();
Found MetadataService();
Found UdpResolver(const check::ProbeInputs& in);
Found DeniedName(const check::ProbeInputs& in);

}  // namespace paddock::escape
