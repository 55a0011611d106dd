#include "policy/env_filter.h"

#include <array>
#include <string_view>

#include "base/strings.h"

namespace paddock::policy {
namespace {

// Names that carry presentation or locale, never credentials.
constexpr std::array<std::string_view, 22> kAllowed = {
    "PATH",
    "HOME",
    "USER",
    "LOGNAME",
    "SHELL",
    "TERM",
    "COLORTERM",
    "LANG",
    "LANGUAGE",
    "TZ",
    "EDITOR",
    "VISUAL",
    "PAGER",
    "NO_COLOR",
    "FORCE_COLOR",
    "CLICOLOR",
    "CLICOLOR_FORCE",
    "TERM_PROGRAM",
    "TERM_PROGRAM_VERSION",
    "COLUMNS",
    "LINES",
    "LESS",
};

}  // namespace

bool IsDefaultAllowedEnv(const std::string& name) {
  if (StartsWith(name, "LC_")) return true;
  for (auto allowed : kAllowed)
    if (name == allowed) return true;
  return false;
}

std::vector<std::string> FilterEnvironment(const std::map<std::string, std::string>& host,
                                           const std::vector<std::string>& pass,
                                           const std::map<std::string, std::string>& fixed) {
  std::map<std::string, std::string> out;
  for (const auto& [name, value] : host)
    if (IsDefaultAllowedEnv(name)) out[name] = value;
  for (const auto& item : pass) {
    auto eq = item.find('=');
    if (eq != std::string::npos) {
      out[item.substr(0, eq)] = item.substr(eq + 1);
    } else if (auto it = host.find(item); it != host.end()) {
      out[item] = it->second;
    }
  }
  for (const auto& [name, value] : fixed) out[name] = value;
  std::vector<std::string> env;
  for (const auto& [name, value] : out) env.push_back(name + "=" + value);
  return env;
}

}  // namespace paddock::policy
