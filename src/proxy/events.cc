#include "proxy/events.h"

namespace paddock::proxy {

void Events::Record(const Decision& d) {
  nlohmann::json j = {{"event", "network"}, {"verdict", d.allowed ? "allow" : "deny"}, {"via", d.via}};
  if (!d.name.empty()) j["name"] = d.name;
  if (!d.address.empty()) j["address"] = d.address;
  if (d.port) j["port"] = d.port;
  if (!d.reason.empty()) j["reason"] = d.reason;
  if (d.finished) {
    j["bytes_up"] = d.bytes_up;
    j["bytes_down"] = d.bytes_down;
    j["duration_ms"] = d.duration_ms;
  }
  {
    std::lock_guard lock(mu_);
    if (!d.allowed) {
      ++summary_.denied;
      std::string target = d.name.empty() ? d.address : d.name;
      if (d.port) target += ":" + std::to_string(d.port);
      ++summary_.denied_targets[target];
    } else if (!d.finished) {
      ++summary_.allowed;
    }
  }
  if (sink_) sink_(j);
}

Summary Events::Snapshot() const {
  std::lock_guard lock(mu_);
  return summary_;
}

std::string FormatDenials(const Summary& s) {
  if (s.denied == 0) return "";
  std::string out = "denied " + std::to_string(s.denied) + (s.denied == 1 ? " connection or lookup: " : " connections or lookups: ");
  bool first = true;
  for (const auto& [target, times] : s.denied_targets) {
    if (!first) out += ", ";
    first = false;
    out += target;
    if (times > 1) out += " \u00d7" + std::to_string(times);
  }
  return out;
}

}  // namespace paddock::proxy
