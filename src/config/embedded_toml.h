// The TOML texts of the built-in presets and profiles, generated at build
// time from src/config/presets/*.toml and src/config/profiles/*.toml
// (CMakeLists.txt), as (name, text).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace paddock::config {

using EmbeddedTexts = std::vector<std::pair<std::string_view, std::string_view>>;

const EmbeddedTexts& EmbeddedPresets();
const EmbeddedTexts& EmbeddedProfiles();

// The names, sorted; the text of one name.
std::vector<std::string> EmbeddedNames(const EmbeddedTexts& texts);
std::optional<std::string_view> EmbeddedText(const EmbeddedTexts& texts, std::string_view name);

}  // namespace paddock::config
