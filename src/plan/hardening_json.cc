#include "plan/hardening_json.h"

#include "plan/landlock_rules.h"
#include "plan/seccomp_oci.h"

namespace paddock::plan {

void AddHardeningJson(const LaunchPlan& plan, nlohmann::json& j) {
  auto layers = nlohmann::json::array();
  for (const auto& l : plan.layers) {
    layers.push_back({{"layer", l.layer}, {"enforced", l.enforced}, {"detail", l.detail}});
  }
  j["layers"] = layers;
  // The filter itself, in the OCI form `paddock seccomp export` prints.
  nlohmann::json seccomp = nlohmann::json::parse(ExportOciSeccomp(plan.seccomp));
  seccomp["enabled"] = plan.seccomp_enabled;
  // The rules every jail carries: a second filter under a custom profile,
  // part of the built-in profile itself otherwise.
  nlohmann::json guard = nlohmann::json::parse(ExportOciSeccomp(MandatoryGuardProfile(plan.seccomp.architectures)));
  seccomp["mandatory_guard"] = {{"stacked", plan.seccomp.mandatory_guard}, {"syscalls", guard["syscalls"]}};
  j["seccomp"] = seccomp;
  auto rules = nlohmann::json::array();
  for (const auto& r : plan.landlock.rules) {
    std::string access = r.list_only ? "list"
                                     : std::string("read") + (r.execute ? "+exec" : "") + (r.write ? "+write" : "") +
                                           (r.devices ? "+ioctl_dev" : "");
    rules.push_back({{"path", r.path}, {"access", access}});
  }
  // What the jail applies: the rights and scopes handled at the probed ABI,
  // and what a kernel with an older ABI leaves unrestricted.
  const LandlockPlan& ll = plan.landlock;
  j["landlock"] = {
      {"enabled", ll.enabled},
      {"abi", ll.abi},
      {"handled_access_fs", landlock::FsRightNames(ll.handled_fs)},
      {"scoped", landlock::ScopeNames(ll.scoped)},
      {"dropped_for_abi",
       {{"access_fs", landlock::FsRightNames(ll.dropped_fs)}, {"scopes", landlock::ScopeNames(ll.dropped_scopes)}}},
      {"scope_abstract_unix", ll.scope_abstract_unix},
      {"scope_signals", ll.scope_signals},
      {"rules", rules}};
  j["protected_paths"] = plan.protected_paths;
  auto placeholders = nlohmann::json::array();
  for (const auto& p : plan.placeholders) {
    placeholders.push_back({{"path", p.path}, {"directory", p.directory}});
  }
  j["placeholders"] = placeholders;
  j["stale_placeholders"] = plan.stale_placeholders;  // the run removes them first
  j["warnings"] = plan.hardening_warnings;
}

}  // namespace paddock::plan
