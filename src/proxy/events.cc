#include "proxy/events.h"

namespace paddock::proxy {

void Events::Record(const Decision& d) {
  nlohmann::json j = {{"event", "network"}, {"verdict", d.allowed ? "allow" : "deny"}, {"via", d.via}};
  if (!d.label.empty()) j["label"] = d.label;
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
    if (!d.allowed && d.via == "dns" && d.answer_withheld) {
      summary_.withheld.emplace(d.name, d.reason);
    } else if (!d.allowed && d.via == "dns") {
      summary_.unresolved.insert(d.name);
    } else if (!d.allowed && d.via == "forward") {
      ++summary_.forward_failures[d.label + ": " + d.reason];
    } else if (!d.allowed) {
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
  std::string out;
  if (s.denied > 0) {
    out = "denied " + std::to_string(s.denied) + (s.denied == 1 ? " connection: " : " connections: ");
    bool first = true;
    for (const auto& [target, times] : s.denied_targets) {
      out += (first ? "" : ", ") + target;
      if (times > 1) out += " \u00d7" + std::to_string(times);
      first = false;
    }
  }
  if (!s.unresolved.empty()) {
    if (!out.empty()) out += "; ";
    out += "did not resolve: ";
    bool first = true;
    for (const auto& name : s.unresolved) {
      out += (first ? "" : ", ") + name;
      first = false;
    }
  }
  // Otherwise "did not resolve" for a name the user allowed, whose host
  // answer is an address paddock keeps from the jail (a DNS filter's sinkhole).
  if (!s.withheld.empty()) {
    if (!out.empty()) out += "; ";
    out += "refused the addresses of ";
    bool first = true;
    for (const auto& [name, why] : s.withheld) {
      out += (first ? "" : ", ") + name + " (" + why + ")";
      first = false;
    }
    out += ", allowed only as such: --allow-host ADDRESS";
  }
  for (const auto& [what, times] : s.forward_failures) {
    if (!out.empty()) out += "; ";
    out += "forwarder " + what + (times > 1 ? " (\u00d7" + std::to_string(times) + ")" : "");
  }
  return out;
}

}  // namespace paddock::proxy
