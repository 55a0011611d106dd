#include "config/profile.h"

#include <algorithm>

#include "base/strings.h"
#include "config/embedded_toml.h"

namespace paddock::config {

std::vector<std::string> ProfileNames() {
  std::vector<std::string> names;
  for (const auto& [name, text] : EmbeddedProfiles()) names.emplace_back(name);
  std::sort(names.begin(), names.end());
  return names;
}

std::optional<std::string_view> ProfileText(std::string_view name) {
  for (const auto& [n, text] : EmbeddedProfiles())
    if (n == name) return text;
  return std::nullopt;
}

Result<ConfigFile> FindProfile(std::string_view name) {
  auto text = ProfileText(name);
  if (!text)
    return OpError("use profile", std::string(name), "no such profile (profiles: " + Join(ProfileNames(), ", ") + ")");
  Problems problems;
  auto parsed = ParseConfigFile(*text, "profile:" + std::string(name), ConfigKind::kProfile, problems);
  if (!problems.empty()) return problems.front();
  return parsed;
}

}  // namespace paddock::config
