// Decisions of the proxy: to the audit sink and the end-of-run summary.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>

#include "proxy/proxy.h"

namespace paddock::proxy {

struct Decision {
  bool allowed = false;
  std::string via;      // "dns", "connect" (a program's own connection), "http-proxy", "socks5", "forward"
  std::string label;    // which credential forwarder ("anthropic"), "" for others
  std::string name;     // the name asked for or shown (SNI / Host), "" when none
  std::string address;  // the address connected to or asked for
  uint16_t port = 0;
  std::string reason;
  uint64_t bytes_up = 0, bytes_down = 0;
  uint64_t duration_ms = 0;
  bool finished = false;  // an allowed connection's end (bytes and duration are final)
  // A name that may be resolved, whose every address was refused (private,
  // reserved, this host's): told apart from a name that may not be.
  bool answer_withheld = false;
};

class Events {
 public:
  explicit Events(std::function<void(const nlohmann::json&)> sink) : sink_(std::move(sink)) {}
  void Record(const Decision& d);
  Summary Snapshot() const;

 private:
  std::function<void(const nlohmann::json&)> sink_;
  mutable std::mutex mu_;
  Summary summary_;
};

}  // namespace paddock::proxy
