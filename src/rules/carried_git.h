// git's ways of carrying a command (docs/policy.md "Commands carried by
// options and environment"): configuration values, ext:: URLs,
// GIT_CONFIG_PARAMETERS and subcommand options. Internal to src/rules;
// carried.cc calls them.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "rules/carried.h"

namespace paddock::rules::carried_detail {

// A configuration value `key`=`value` (from -c, --config-env, git config,
// GIT_CONFIG_*): the command it names, if the key is one that runs one.
void GitConfigValue(const std::string& key, const std::string& value, const std::string& what,
                    std::vector<Carried>& out);
// Whether a configuration key is one whose value git runs (or whose name
// is built at run time).
bool IsGitCommandKey(const std::string& key);
// ext::<command> URLs (git-remote-ext).
void ExtUrl(const std::string& url, const std::string& what, std::vector<Carried>& out);
// GIT_CONFIG_PARAMETERS: false when it cannot be parsed.
bool ParseGitConfigParameters(const std::string& s, std::vector<std::pair<std::string, std::string>>* out);
// The options of the git subcommand at w[at] whose value is a command.
void GitSubcommand(const Words& w, size_t at, std::vector<Carried>& out);

}  // namespace paddock::rules::carried_detail
