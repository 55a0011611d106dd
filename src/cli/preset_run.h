// `paddock run --preset NAME` and `paddock claude|codex|aider [ARGS]`: the
// preset's options come first (the user's win), then what it adds once the
// policy is parsed: its command, its credentials (outside the jail) and, for
// Claude Code, the managed settings with paddock's hook (docs/agents.md).
#pragma once

#include <string>
#include <vector>

#include "base/error.h"
#include "policy/cli_options.h"

namespace paddock::cli {

// ParseRunOptions, with the preset the arguments name applied. An unknown
// preset is an error; what does not validate is in `problems`.
Result<policy::ParsedRun> ParseWithPreset(const std::string& subcommand, const std::vector<std::string>& args,
                                          const std::string& cwd, const std::string& home);

}  // namespace paddock::cli
