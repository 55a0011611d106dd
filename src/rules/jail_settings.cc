#include "rules/jail_settings.h"

#include <algorithm>

#include "rules/hook_handler.h"
#include "rules/init_settings.h"

namespace paddock::rules {

Result<nlohmann::json> JailManagedSettings(const nlohmann::json& preset_settings, const std::string& profile,
                                           const std::string& hook_command) {
  nlohmann::json s = preset_settings.is_object() ? preset_settings : nlohmann::json::object();
  for (const char* key : {"permissions", "hooks"}) {
    if (!s.contains(key)) s[key] = nlohmann::json::object();
    if (!s[key].is_object()) return OpError("build", "managed settings", std::string(key) + " is not a table");
  }
  if (!profile.empty()) {
    auto rules = FindInitProfile(profile);
    if (!rules) return rules.error();
    auto& deny = s["permissions"]["deny"];
    if (deny.is_null()) deny = nlohmann::json::array();
    if (!deny.is_array()) return OpError("build", "managed settings", "permissions.deny is not a list");
    for (const auto& rule : rules->deny)
      if (std::find(deny.begin(), deny.end(), rule) == deny.end()) deny.push_back(rule);
  }
  auto& pre = s["hooks"]["PreToolUse"];
  if (pre.is_null()) pre = nlohmann::json::array();
  if (!pre.is_array()) return OpError("build", "managed settings", "hooks.PreToolUse is not a list");
  pre.push_back({{"matcher", "*"}, {"hooks", nlohmann::json::array({HookHandler(hook_command)})}});
  return s;
}

}  // namespace paddock::rules
