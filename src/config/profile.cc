#include "config/profile.h"

#include <algorithm>

#include "base/strings.h"
#include "config/embedded_toml.h"

namespace paddock::config {

std::vector<std::string> ProfileNames() { return EmbeddedNames(EmbeddedProfiles()); }

std::optional<std::string_view> ProfileText(std::string_view name) { return EmbeddedText(EmbeddedProfiles(), name); }

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
