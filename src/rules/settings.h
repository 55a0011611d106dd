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
  std::string user_dir;                          // $CLAUDE_CONFIG_DIR or ~/.claude
  std::string project_dir;                       // payload cwd / $CLAUDE_PROJECT_DIR
  std::vector<std::string> extra_files;          // --settings files (trusted, like user scope)
};

struct LoadedSettings {
  RuleSet rules;
  std::vector<std::string> files;   // files that were read
  std::vector<std::string> errors;  // unreadable or malformed files
  bool managed_rules_only = false;
};

// Default locations for a hook invocation: environment and home directory.
SettingsLocations DefaultLocations(const std::string& project_dir);

LoadedSettings LoadSettings(const SettingsLocations& where);

// Adds permissions.{deny,ask,allow} of one settings object. Allow rules are
// only taken when `trust_allow` (managed, user, explicit --settings).
void AddPermissionRules(const nlohmann::json& settings, Scope scope, const std::string& source,
                        const std::string& anchor, bool trust_allow, RuleSet& out);

// Git repository root of `dir` resolved through worktrees to the main
// checkout ("" when not in a repository).
std::string GitMainRoot(const std::string& dir);

}  // namespace paddock::rules
