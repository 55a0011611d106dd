// The invoker's home, working directory and environment, and paddock's state
// directory under the home. Apart from the host probe so that what needs only
// these (the audit log of paddock-hook) does not link the probe.
#pragma once

#include <map>
#include <string>

#include "base/error.h"

namespace paddock::jail {

// The invoker's real home (canonical) and working directory.
Result<std::string> RealHome();
// This process's environment, by name.
std::map<std::string, std::string> ProcessEnvironment();
Result<std::string> CurrentDir();
// paddock's state directory: $XDG_STATE_HOME/paddock, else
// HOME/.local/state/paddock (trust store, audit log, placeholders' records).
std::string StateDir(const std::string& home);

}  // namespace paddock::jail
