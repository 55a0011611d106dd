// The host user's git identity for commits made in the jail. The jail home
// replaces ~/.gitconfig, so without it `git commit` there fails with
// "Author identity unknown". Only user.name and user.email are carried (the
// rest of a global config can hold tokens: url.*.insteadOf, http.extraHeader),
// at git's lowest precedence, the system scope: the repository's config and
// the jail home's own ~/.gitconfig still override them.
//
// The same file makes git ignore paddock's placeholders: empty directories
// mounted read-only where a protected name was missing. Git lists no empty
// directory, but `git clean -d` and `git stash -u` try to remove them, fail
// (EBUSY) and stop half-way. An excludes file naming them (core.excludesFile,
// also at the system scope) keeps those commands away from them.
#pragma once

#include <string>
#include <vector>

#include "git/config.h"
#include "plan/launch_plan.h"

namespace paddock::plan {

struct GitIdentity {
  std::string name, email;
  bool empty() const { return name.empty() && email.empty(); }
};

// Where the jail finds its system git config (GIT_CONFIG_SYSTEM), on its
// fresh /run.
inline constexpr const char* kJailSystemGitConfig = "/run/paddock/gitconfig";
inline constexpr const char* kJailGitExcludes = "/run/paddock/git-excludes";

// Takes user.name / user.email from `entry` into `identity`: the last one
// read wins, as in git. A value git could not read back from a config file
// (a control character) is not taken.
void TakeGitIdentity(const git::ConfigEntry& entry, GitIdentity& identity);

// The jail's system config: the host's /etc/gitconfig included (as git would
// have read it), then the identity, then core.excludesFile naming
// kJailGitExcludes when `excludes`, then repack.updateServerInfo off when
// the repository's info/ is read-only in the jail (`info_read_only`: git gc
// would fail to write info/refs, which only dumb-HTTP clients of a served
// repository read); "" when there is nothing of these.
std::string JailSystemGitConfig(const GitIdentity& identity, bool excludes = false, bool info_read_only = false);

// Excludes-file patterns for the placeholders of the working tree `top`
// (not those inside its .git): "/.vscode/", anchored at the top.
std::vector<std::string> PlaceholderExcludes(const std::vector<Placeholder>& placeholders, const std::string& top);

// The config file, read-only at kJailSystemGitConfig, with the excludes file
// beside it, and GIT_CONFIG_SYSTEM naming it; nothing when there is neither
// identity nor excludes nor a protected git info/ (plan.protected_paths), or when the user set GIT_CONFIG_SYSTEM or
// GIT_CONFIG_NOSYSTEM for the jail (--env).
void AddJailGitConfig(const GitIdentity& identity, const std::vector<std::string>& excludes, LaunchPlan& plan);

}  // namespace paddock::plan
