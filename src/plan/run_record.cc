#include "plan/run_record.h"

#include "plan/limits_plan.h"

namespace paddock::plan {

nlohmann::json RunStartRecord(const LaunchPlan& plan) {
  nlohmann::json j = {{"event", "run-start"}, {"argv", plan.argv}, {"project", plan.cwd}};
  j["profile"] = plan.profile;
  j["preset"] = plan.preset;
  j["network"] = plan.net == policy::NetMode::kHost ? "host" : plan.net == policy::NetMode::kAllow ? "allow" : "none";
  if (plan.net == policy::NetMode::kAllow) {
    std::vector<std::string> allow;
    for (const auto& p : plan.network.policy.allow) allow.push_back(p.text);
    j["allow_hosts"] = allow;
  }
  j["uid"] = plan.host_uid;  // who the command runs as on the host
  auto layers = nlohmann::json::array();
  for (const auto& l : plan.layers)
    layers.push_back({{"layer", l.layer}, {"enforced", l.enforced}, {"detail", l.detail}});
  j["layers"] = layers;
  j["landlock_abi"] = plan.landlock.enabled ? nlohmann::json(plan.landlock.abi) : nlohmann::json(nullptr);
  j["limits"] = LimitsToJson(plan.limits);
  std::vector<std::string> warnings = plan.hardening_warnings;
  warnings.insert(warnings.end(), plan.limits.warnings.begin(), plan.limits.warnings.end());
  j["warnings"] = warnings;
  return j;
}

std::vector<nlohmann::json> LimitRecords(const RunStats& stats, const LimitsPlan& limits) {
  std::vector<nlohmann::json> out;
  for (const auto& hit : LimitHits(stats, limits))
    out.push_back({{"event", "limit"}, {"limit", hit.limit}, {"detail", hit.detail}});
  return out;
}

nlohmann::json ExitRecord(int status, const RunStats& stats, const LimitsPlan& limits) {
  nlohmann::json j = {{"event", "exit"}, {"status", status}, {"duration_ms", stats.wall_ms}};
  j["peak_memory_bytes"] = stats.peak_memory_bytes ? nlohmann::json(*stats.peak_memory_bytes) : nlohmann::json(nullptr);
  j["stats"] = StatsToJson(stats, limits);
  return j;
}

}  // namespace paddock::plan
