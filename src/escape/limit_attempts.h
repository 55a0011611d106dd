// The probe's attempts at outgrowing the jail's limits or reading the host
// through its namespaces: more processes than the plan allows (a fork bomb,
// bounded by the limit itself so check never becomes one), and the host's
// name through uname or sethostname.
#pragma once

#include "check/probe_inputs.h"
#include "escape/found.h"

namespace paddock::escape {

Found PidsLimit(const check::ProbeInputs& in);
Found Hostname(const check::ProbeInputs& in);

}  // namespace paddock::escape
