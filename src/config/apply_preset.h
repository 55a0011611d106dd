// A preset applied to a run: its options come first on the command line (so
// the user's own options win, lists add up), and once the policy is parsed
// its command and credentials are added here (docs/agents.md). Pure: the
// environment is handed in.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "base/error.h"
#include "config/preset.h"
#include "policy/policy.h"

namespace paddock::config {

// The preset's [run] options, then the user's arguments.
std::vector<std::string> PresetArguments(const Preset& preset, const std::vector<std::string>& user_args);

// What the user is told about how the preset's credentials are handled
// ("ANTHROPIC_API_KEY stays outside the jail: ..."), one line each.
using Notes = std::vector<std::string>;

// Adds to `policy`: the preset's command when the user named none, and for
// each credential either a forwarder (its key is set in `env`; upstream from
// --upstream NAME=URL, else an https URL in env[base_url_env], else the
// preset's) or, without the key, its direct hosts on the allow-list.
// Problems: --upstream for a name the preset lacks, a credential forwarder
// without --net allow, an unusable upstream.
Notes ApplyPreset(const Preset& preset, const std::map<std::string, std::string>& env, policy::Policy& policy,
                  Problems& problems);

}  // namespace paddock::config
