// The host user's git identity for commits made in the jail. The jail home
// replaces ~/.gitconfig, so without it `git commit` there fails with
// "Author identity unknown". Only user.name and user.email are carried (the
// rest of a global config can hold tokens: url.*.insteadOf, http.extraHeader),
// at git's lowest precedence, the system scope: the repository's config and
// the jail home's own ~/.gitconfig still override them.
#pragma once

#include <string>

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

// Takes user.name / user.email from `entry` into `identity`: the last one
// read wins, as in git. A value git could not read back from a config file
// (a control character) is not taken.
void TakeGitIdentity(const git::ConfigEntry& entry, GitIdentity& identity);

// The jail's system config: the host's /etc/gitconfig included (as git would
// have read it), then the identity; "" when there is none.
std::string JailSystemGitConfig(const GitIdentity& identity);

// The file, read-only at kJailSystemGitConfig, and GIT_CONFIG_SYSTEM naming
// it; nothing without an identity or when the user set GIT_CONFIG_SYSTEM or
// GIT_CONFIG_NOSYSTEM for the jail (--env).
void AddJailGitIdentity(const GitIdentity& identity, LaunchPlan& plan);

}  // namespace paddock::plan
