// SOCKS5 (RFC 1928), the CONNECT command, no authentication: enough for
// curl, git, ssh and language runtimes with ALL_PROXY=socks5h://. Pure and
// bounded; fuzzed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "net/ip_address.h"

namespace paddock::net {

inline constexpr uint8_t kSocksVersion = 5;
inline constexpr uint8_t kSocksNoAuth = 0x00;
inline constexpr uint8_t kSocksNoAcceptableMethod = 0xff;
inline constexpr uint8_t kSocksConnect = 0x01;

// Reply codes (RFC 1928 section 6).
enum class SocksReply : uint8_t {
  kSucceeded = 0,
  kGeneralFailure = 1,
  kNotAllowed = 2,
  kNetworkUnreachable = 3,
  kHostUnreachable = 4,
  kConnectionRefused = 5,
  kTtlExpired = 6,
  kCommandNotSupported = 7,
  kAddressTypeNotSupported = 8,
};

enum class SocksStatus { kNeedMore, kOk, kMalformed };

struct SocksGreeting {
  SocksStatus status = SocksStatus::kNeedMore;
  bool offers_no_auth = false;  // method 0x00 is among those offered
  size_t size = 0;              // octets consumed
  std::string error;
};
SocksGreeting ParseSocksGreeting(std::span<const uint8_t> data);

struct SocksRequest {
  SocksStatus status = SocksStatus::kNeedMore;
  uint8_t command = 0;
  // ATYP 3: `name` (1..255 octets of printable ASCII other than space,
  // lowercased); else `address`.
  bool by_name = false;
  std::string name;
  IpAddress address;
  uint16_t port = 0;
  size_t size = 0;
  std::string error;
  // A request with a well-formed header but an unknown ATYP is kMalformed
  // with this set, so the caller answers kAddressTypeNotSupported.
  bool unknown_address_type = false;
};
SocksRequest ParseSocksRequest(std::span<const uint8_t> data);

// The two-octet method selection message.
std::vector<uint8_t> SocksMethodSelection(uint8_t method);
// A reply with the bound address (0.0.0.0:0 when `bound` is not given).
std::vector<uint8_t> SocksReplyMessage(SocksReply reply, const IpAddress* bound = nullptr, uint16_t bound_port = 0);

}  // namespace paddock::net
