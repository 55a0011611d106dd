// DNS messages as the jail's resolver needs them (RFC 1035): parse one query,
// build its answer. Pure and bounded; fuzzed (tests/fuzz/fuzz_dns_message.cc).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/error.h"
#include "net/ip_address.h"

namespace paddock::net {

inline constexpr uint16_t kDnsTypeA = 1;
inline constexpr uint16_t kDnsTypeAaaa = 28;
inline constexpr uint16_t kDnsClassIn = 1;
inline constexpr uint16_t kDnsTypeOpt = 41;
// The EDNS UDP payload size we announce (the DNS flag day 2020 value: no IP
// fragmentation on common paths).
inline constexpr uint16_t kDnsOurUdpPayload = 1232;

enum class DnsRcode : uint8_t { kNoError = 0, kFormErr = 1, kServFail = 2, kNxDomain = 3, kNotImp = 4, kRefused = 5 };

struct DnsQuery {
  uint16_t id = 0;
  bool recursion_desired = false;
  std::string name;  // as asked: dotted, lowercase ASCII, no trailing dot ("" is the root)
  // The same name with the case as sent: the answer echoes it, since clients
  // that randomize the case of their queries (DNS 0x20) check it.
  std::string name_as_sent;
  uint16_t type = 0;
  uint16_t klass = 0;
  bool edns = false;           // an OPT record was present
  uint16_t udp_payload = 512;  // the client's EDNS UDP size (>= 512), 512 without EDNS
  size_t question_end = 0;     // offset just past the question (answers echo it)
};

// A standard query (QR=0, OPCODE=0) with exactly one question; names without
// compression pointers in the question; labels of printable ASCII other than
// '.' and space (a name with a '.' or a control octet inside a label is an
// error, never silently joined). Records after the question are walked with
// every length checked; only OPT (at most one, in the additional section, with
// the root name) is read, others are skipped. Trailing octets are an error.
Result<DnsQuery> ParseDnsQuery(std::span<const uint8_t> message);

// The 16-bit id of a message of at least 2 octets, to answer FORMERR to
// something that is not a query we understand. Nullopt-like: -1 when shorter.
int DnsMessageId(std::span<const uint8_t> message);

// The answer to `query`: the header (QR, RD copied, RA set, `rcode`), the
// question echoed, one A or AAAA record per address of the query's type
// (others are skipped) with `ttl` (only with kNoError: an error answer has no
// records), and an OPT record (our UDP payload size: kDnsOurUdpPayload) when
// the query had one. Answer names point at the question (0xc00c).
// When the message would exceed `max_size` (the UDP payload limit), answers
// are dropped and TC is set, so the client retries over TCP.
std::vector<uint8_t> BuildDnsAnswer(const DnsQuery& query, DnsRcode rcode, std::span<const IpAddress> addresses,
                                    uint32_t ttl, size_t max_size);

// A header-only error answer (FORMERR, NOTIMP) to a message with this id.
std::vector<uint8_t> BuildDnsError(uint16_t id, DnsRcode rcode);

}  // namespace paddock::net
