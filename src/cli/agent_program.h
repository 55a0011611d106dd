// A preset's agent as this host has it installed: found on paddock's PATH and
// made visible, read-only, in the jail when it lives outside what the jail
// shows anyway (an npm prefix, a per-user install below the real home, which
// the jail replaces). The jail then runs it by its real path.
#pragma once

#include <map>
#include <string>

#include "base/error.h"
#include "config/preset.h"
#include "policy/policy.h"

namespace paddock::cli {

// The layer of a "not installed" error: paddock exits 127 for it, as the
// jail does for a command that does not exist.
inline constexpr const char* kAgentLayer = "agent";

// Only when the policy runs the preset's own program (not `-- bash`). Not
// found: an error that says how to install it.
Status LocateAgentProgram(const config::Preset& preset, const std::map<std::string, std::string>& env,
                          policy::Policy& policy);

}  // namespace paddock::cli
