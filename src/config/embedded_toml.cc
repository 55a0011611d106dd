#include "config/embedded_toml.h"

#include <algorithm>

namespace paddock::config {

std::vector<std::string> EmbeddedNames(const EmbeddedTexts& texts) {
  std::vector<std::string> names;
  for (const auto& [name, text] : texts) names.emplace_back(name);
  std::sort(names.begin(), names.end());
  return names;
}

std::optional<std::string_view> EmbeddedText(const EmbeddedTexts& texts, std::string_view name) {
  for (const auto& [n, text] : texts)
    if (n == name) return text;
  return std::nullopt;
}

}  // namespace paddock::config
