// IP addresses and prefixes, and what kind of network an address belongs to
// (the anti-SSRF classification: which answers of a name may be connected to).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/error.h"

namespace paddock::net {

// An IPv4 or IPv6 address in network byte order. IPv4 uses bytes[0..3] only.
// IPv4-mapped IPv6 (::ffff:a.b.c.d) stays IPv6 here; Unmapped() converts.
struct IpAddress {
  bool v6 = false;
  std::array<uint8_t, 16> bytes{};

  friend bool operator==(const IpAddress&, const IpAddress&) = default;
  friend auto operator<=>(const IpAddress&, const IpAddress&) = default;
};

// "192.0.2.1", "2001:db8::1", "[2001:db8::1]" (brackets allowed), "::ffff:1.2.3.4".
// Only the canonical dotted-quad IPv4 form (no octal, hex or short forms, which
// resolvers and curl read differently). No zone ids.
Result<IpAddress> ParseIp(std::string_view text);
// RFC 5952 form for IPv6 ("2001:db8::1"), dotted quad for IPv4.
std::string FormatIp(const IpAddress& address);
// ::ffff:a.b.c.d -> a.b.c.d; any other address unchanged.
IpAddress Unmapped(const IpAddress& address);

// An address prefix: "10.0.0.0/8", "fd00::/8", or one address (/32, /128).
struct Cidr {
  IpAddress base;  // host bits zero
  int prefix = 0;  // 0..32 or 0..128
  // IPv4-mapped IPv6 addresses are compared as IPv4.
  bool Contains(const IpAddress& address) const;
  friend bool operator==(const Cidr&, const Cidr&) = default;
};
// "a.b.c.d/N", "v6/N", or a bare address. Host bits set is an error
// ("10.0.0.1/8: host bits set; did you mean 10.0.0.0/8?").
Result<Cidr> ParseCidr(std::string_view text);
std::string FormatCidr(const Cidr& cidr);

// Where an address leads. Anything but kPublic is refused as the answer of a
// name unless that address was allowed as such (--allow-host 10.0.0.5).
enum class AddressClass {
  kPublic,
  kUnspecified,  // 0.0.0.0/8, ::
  kLoopback,     // 127/8, ::1
  kPrivate,      // 10/8, 172.16/12, 192.168/16, 100.64/10 (CGNAT), 198.18/15
  kLinkLocal,    // 169.254/16 (incl. 169.254.169.254), fe80::/10
  kUniqueLocal,  // fc00::/7 (incl. fd00:ec2::254)
  kMulticast,    // 224/4, ff00::/8
  kReserved,     // 240/4, 255.255.255.255, 192.0.0/24, documentation ranges, other special v6
};
// Looks through the forms that embed an IPv4 address: IPv4-mapped
// (::ffff:0:0/96), IPv4-compatible (::/96), NAT64 (64:ff9b::/96,
// 64:ff9b:1::/48) and 6to4 (2002::/16): the class is the embedded address's.
AddressClass Classify(const IpAddress& address);
std::string_view ClassName(AddressClass c);  // "loopback", "link-local", ...

}  // namespace paddock::net
