// What the hook asks of the host's filesystem about paths a command names:
// where a path leads now, and which files a glob names now.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace paddock::cli {

// The canonical path of `path` (symlinks resolved, a missing tail kept), ""
// when it cannot be resolved: hook::HookConfig::realpath.
std::string HostRealpath(const std::string& path);

// The paths glob(3) `pattern` names now, dot files included (the agent's
// shell may have dotglob set), or nullopt past `limit` matches or when a
// directory cannot be read: hook::HookConfig::expand_glob.
std::optional<std::vector<std::string>> HostGlob(const std::string& pattern, size_t limit = 512);

}  // namespace paddock::cli
