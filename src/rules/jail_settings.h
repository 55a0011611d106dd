// Claude Code's managed settings inside a paddock jail (a preset's
// [claude-code] table): the preset's own keys, the deny rules of a
// `paddock init` profile, and paddock's hook on every tool call. Managed
// settings rank above every file the agent can write, and the jail mounts
// them read-only, so the agent can neither drop the hook nor the rules.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "base/error.h"

namespace paddock::rules {

// `hook_command`: the hook's command line, e.g. "/usr/bin/paddock-hook"
// (registered as rules/hook_handler.h says).
// An unknown profile, or preset settings whose permissions/hooks are not
// objects, are errors.
Result<nlohmann::json> JailManagedSettings(const nlohmann::json& preset_settings, const std::string& profile,
                                           const std::string& hook_command);

}  // namespace paddock::rules
