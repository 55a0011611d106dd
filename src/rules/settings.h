// Claude Code settings scopes (spec §1): managed file + drop-ins, user,
// project and local; lists concatenated; allowManagedPermissionRulesOnly;
// allow rules from agent-writable files (project, local) ignored.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rules/rule.h"

namespace paddock::rules {

struct SettingsLocations {
  std::string managed_dir = "/etc/claude-code";  // managed-settings.json and managed-settings.d/
  std::string user_dir;                          // <home>/.claude or a trusted override
  std::string project_dir;                       // payload cwd
  std::vector<std::string> extra_project_dirs;   // more project roots (project scope is deny/ask only anyway)
  std::vector<std::string> extra_files;          // --settings files (trusted, like user scope)
  // Named by the environment, which the agent can set for later sessions
  // (the `env` key of a settings file it can write): these may only add
  // restrictions. Their deny and ask rules are read; their allow rules and
  // allowManagedPermissionRulesOnly are not, and they never replace the
  // locations above.
  std::vector<std::string> restrict_managed_dirs;  // like managed_dir
  std::vector<std::string> restrict_user_dirs;     // like user_dir
};

// Where settings may live, as the caller found out. Trusted: the hook's own
// command line (as trusted as the settings file that registered it) and the
// passwd entry. Untrusted: the environment.
struct SettingsInputs {
  std::string home;         // the user's home from the passwd database ("" if none)
  std::string managed_dir;  // command line override of /etc/claude-code ("" = default)
  std::string config_dir;   // command line override of <home>/.claude ("" = default)
  std::string env_managed_dir;  // $PADDOCK_CLAUDE_MANAGED_DIR
  std::string env_config_dir;   // $CLAUDE_CONFIG_DIR
  std::string env_project_dir;  // $CLAUDE_PROJECT_DIR
  std::string env_home;         // $HOME
};

// The locations for one event: trusted ones from `in`, environment-named
// ones as restrict-only extras. Without a passwd home, $HOME/.claude is read
// as restrict-only too.
SettingsLocations ResolveLocations(const SettingsInputs& in, const std::string& project_dir);

struct LoadedSettings {
  RuleSet rules;
  std::vector<std::string> files;   // files that were read
  std::vector<std::string> errors;  // unreadable or malformed files
  bool managed_rules_only = false;
};

LoadedSettings LoadSettings(const SettingsLocations& where);

// Adds permissions.{deny,ask,allow} of one settings object. Allow rules are
// only taken when `trust_allow` (managed, user, explicit --settings).
void AddPermissionRules(const nlohmann::json& settings, Scope scope, const std::string& source,
                        const std::string& anchor, bool trust_allow, RuleSet& out);

// Git repository root of `dir` resolved through worktrees to the main
// checkout ("" when not in a repository).
std::string GitMainRoot(const std::string& dir);

}  // namespace paddock::rules
