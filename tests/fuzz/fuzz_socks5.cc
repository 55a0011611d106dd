// Fuzzes the SOCKS5 greeting and request parsers: no crash, sizes within the
// input, and a prefix of an accepted message waits for more.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "net/socks5.h"

using paddock::net::SocksStatus;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::span<const uint8_t> bytes(data, size);
  auto greeting = paddock::net::ParseSocksGreeting(bytes);
  if (greeting.status == SocksStatus::kOk) {
    if (greeting.size > size || greeting.size < 3) std::abort();
    if (paddock::net::ParseSocksGreeting(bytes.first(greeting.size - 1)).status != SocksStatus::kNeedMore) std::abort();
  }
  auto request = paddock::net::ParseSocksRequest(bytes);
  if (request.status == SocksStatus::kOk) {
    if (request.size > size || request.size < 7) std::abort();
    if (request.by_name && (request.name.empty() || request.name.size() > 255)) std::abort();
    if (paddock::net::ParseSocksRequest(bytes.first(request.size - 1)).status != SocksStatus::kNeedMore) std::abort();
  }
  if (request.status == SocksStatus::kMalformed && request.error.empty()) std::abort();
  (void)paddock::net::SocksReplyMessage(paddock::net::SocksReply::kSucceeded,
                                        request.by_name ? nullptr : &request.address, request.port);
  return 0;
}
