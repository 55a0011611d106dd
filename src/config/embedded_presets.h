// The TOML texts of the built-in presets, generated at build time from
// src/config/presets/*.toml (CMakeLists.txt).
#pragma once

#include <string_view>
#include <utility>
#include <vector>

namespace paddock::config {

const std::vector<std::pair<std::string_view, std::string_view>>& EmbeddedPresets();

}  // namespace paddock::config
