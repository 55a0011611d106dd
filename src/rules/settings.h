// Claude Code settings scopes (docs/policy-semantics.md §Settings): managed
// file + drop-ins, user, project and local; lists concatenated;
// allowManagedPermissionRulesOnly; allow rules from agent-writable files
// (project, local) ignored. Pure: the caller reads the files (SettingsFacts)
// and hands their texts in.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "rules/rule.h"

namespace paddock::rules {

struct SettingsLocations {
  std::string managed_dir = "/etc/claude-code";  // managed-settings.json and managed-settings.d/
  std::string user_dir;                          // <home>/.claude or a trusted override
  std::string project_dir;                       // payload cwd
  std::vector<std::string> extra_project_dirs;   // more project roots (project scope is deny/ask only anyway)
  std::vector<std::string> extra_files;          // --settings files, absolute (trusted, like user scope)
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
  std::string home;             // the user's home from the passwd database ("" if none)
  std::string managed_dir;      // command line override of /etc/claude-code ("" = default)
  std::string config_dir;       // command line override of <home>/.claude ("" = default)
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
  std::vector<std::string> errors;  // files there but unreadable, or malformed
  bool managed_rules_only = false;
};

// What the host holds at the locations, as far as the caller has read it
// (src/cli/settings_files.cc reads the real filesystem; tests describe any
// tree). The rules code does no I/O: it asks, the caller answers, and asks
// again until nothing new is asked (as plan/host_view.h does for planning).
struct SettingsFacts {
  std::map<std::string, std::string> texts;                  // files read: path -> contents
  std::map<std::string, std::string> unreadable;             // absent (or a directory): path -> why
  std::map<std::string, std::string> unopenable;             // there but cannot be read: path -> why (fails closed)
  std::map<std::string, std::vector<std::string>> listings;  // directory -> entry names
  std::map<std::string, std::string> git_roots;              // directory -> its main checkout ("" outside a repository)
  std::map<std::string, std::string> canonical;              // path -> canonical path (symlinks resolved)
};

// What LoadSettings needed and `SettingsFacts` did not hold yet.
struct SettingsQuestions {
  std::set<std::string> read;       // into texts, unreadable or unopenable
  std::set<std::string> list;       // into listings (a missing directory lists as empty)
  std::set<std::string> git_root;   // into git_roots
  std::set<std::string> canonical;  // into canonical

  bool empty() const { return read.empty() && list.empty() && git_root.empty() && canonical.empty(); }
};

// The rules of the settings files `where` names, from `facts`. What `facts`
// does not hold is recorded in `ask` (when not null) and counts as absent for
// now (an unknown canonical path as the path itself); the caller answers and
// calls again until `ask` stays empty, then the result is final.
LoadedSettings LoadSettings(const SettingsLocations& where, const SettingsFacts& facts,
                            SettingsQuestions* ask = nullptr);

// Adds permissions.{deny,ask,allow} of one settings object. Allow rules are
// only taken when `trust_allow` (managed, user, explicit --settings).
void AddPermissionRules(const nlohmann::json& settings, Scope scope, const std::string& source,
                        const std::string& anchor, bool trust_allow, RuleSet& out);

// The main checkout of the repository whose `.git` in `dir` (absolute) is a
// file starting with `first_line`: a worktree's "gitdir: /main/.git/worktrees/
// NAME" leads to /main; any other pointer (a submodule's) leaves `dir`.
std::string MainCheckoutOf(const std::string& dir, const std::string& first_line);

}  // namespace paddock::rules
