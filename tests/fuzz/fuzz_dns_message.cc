// Fuzzes the resolver's DNS query parser and answer builder: no crash, no
// sanitizer report, and an answer that echoes exactly the question it was
// asked (the parsed name written back is the name that was sent).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>
#include <vector>

#include "net/dns_message.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::span<const uint8_t> message(data, size);
  int id = paddock::net::DnsMessageId(message);
  if ((size < 2) != (id < 0)) std::abort();
  auto query = paddock::net::ParseDnsQuery(message);
  if (!query.ok()) {
    if (id >= 0 &&
        paddock::net::BuildDnsError(static_cast<uint16_t>(id), paddock::net::DnsRcode::kFormErr).size() != 12) {
      std::abort();
    }
    return 0;
  }
  paddock::net::IpAddress v4, v6;
  v4.bytes[0] = 192;
  v6.v6 = true;
  v6.bytes[0] = 0x20;
  std::vector<paddock::net::IpAddress> addresses = {v4, v6, v4};
  size_t max_size = size > 0 ? 12 + data[size - 1] * 4 : 512;
  auto answer = paddock::net::BuildDnsAnswer(*query, paddock::net::DnsRcode::kNoError, addresses, 60, max_size);
  const size_t end = query->question_end;
  if (answer.size() < end) std::abort();
  if (answer[0] != data[0] || answer[1] != data[1] || !(answer[2] & 0x80)) std::abort();
  // The question echoed octet for octet.
  if (std::memcmp(answer.data() + 12, data + 12, end - 12) != 0) std::abort();
  // Truncated answers fit or carry no records but the OPT.
  bool truncated = answer[2] & 0x02;
  if (!truncated && answer.size() > max_size) std::abort();
  if (truncated && (answer[6] | answer[7]) != 0) std::abort();
  return 0;
}
