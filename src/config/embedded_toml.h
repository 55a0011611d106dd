// The TOML texts of the built-in presets and profiles, generated at build
// time from src/config/presets/*.toml and src/config/profiles/*.toml
// (CMakeLists.txt), as (name, text).
#pragma once

#include <string_view>
#include <utility>
#include <vector>

namespace paddock::config {

const std::vector<std::pair<std::string_view, std::string_view>>& EmbeddedPresets();
const std::vector<std::pair<std::string_view, std::string_view>>& EmbeddedProfiles();

}  // namespace paddock::config
