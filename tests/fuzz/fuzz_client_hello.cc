// Fuzzes the ClientHello reader the proxy runs on a jailed program's first
// bytes: no crash, no sanitizer report, a consistent answer, and no decision
// before the bytes that decide it are there (a shorter prefix of an accepted
// hello is never refused).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "net/client_hello.h"

using Status = paddock::net::ClientHelloInfo::Status;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::span<const uint8_t> bytes(data, size);
  auto info = paddock::net::ParseClientHello(bytes);
  if (info.status == Status::kMalformed && info.error.empty()) std::abort();
  if (info.status != Status::kOk && (info.has_server_name || !info.server_name.empty())) std::abort();
  if (info.has_server_name == info.server_name.empty() && info.status == Status::kOk) std::abort();
  if (info.status != Status::kOk) return 0;
  // A prefix of an accepted hello is either still accepted (octets after it
  // were cut) or waits for more: never refused.
  for (size_t n : {size_t{0}, size / 2, size - 1}) {
    auto prefix = paddock::net::ParseClientHello(bytes.first(n));
    if (prefix.status == Status::kMalformed || prefix.status == Status::kNotTls) std::abort();
  }
  return 0;
}
