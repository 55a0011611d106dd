// Built-in profiles (src/config/profiles/*.toml, compiled in): named sets of
// `paddock run` options a run starts from (docs/config.md). `default` is
// what paddock does with no config.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "config/config_file.h"

namespace paddock::config {

inline constexpr const char* kDefaultProfile = "default";

// The built-in profiles' names, sorted.
std::vector<std::string> ProfileNames();
// A built-in profile, parsed; an unknown name lists the known ones.
Result<ConfigFile> FindProfile(std::string_view name);
// Its TOML text (`paddock profiles show`).
std::optional<std::string_view> ProfileText(std::string_view name);

}  // namespace paddock::config
