// The Claude Code settings files on this host, for `paddock hook` and
// `paddock policy check`: rules::LoadSettings is pure and asks for files,
// directory listings, git roots and canonical paths; this answers from the
// real filesystem until it asks nothing new.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "rules/settings.h"

namespace paddock::cli {

// The settings at `where`. A file that cannot be parsed is in `errors`.
rules::LoadedSettings ReadSettings(const rules::SettingsLocations& where);

// The canonical path of `path` (symlinks resolved, a missing tail kept), ""
// when it cannot be resolved: hook::HookConfig::realpath.
std::string HostRealpath(const std::string& path);

// The paths glob(3) `pattern` names now, dot files included (the agent's
// shell may have dotglob set), or nullopt past `limit` matches or when a
// directory cannot be read: hook::HookConfig::expand_glob.
std::optional<std::vector<std::string>> HostGlob(const std::string& pattern, size_t limit = 512);

}  // namespace paddock::cli
