// Classify(): where an address leads, for refusing names that resolve into
// the host's own networks (SSRF, cloud metadata at 169.254.169.254, ...).
// IPv6 forms that carry an IPv4 address inside are classified by that
// address: a NAT64 or 6to4 gateway, or the kernel for ::ffff:a.b.c.d, would
// deliver the packet there.
#include <algorithm>
#include <array>
#include <initializer_list>
#include <optional>

#include "net/ip_address.h"

namespace paddock::net {
namespace {

bool InBlock(const uint8_t* b, std::initializer_list<uint8_t> start, int prefix_bits) {
  int i = 0;
  for (uint8_t want : start) {
    int keep = std::clamp(prefix_bits - 8 * i, 0, 8);
    uint8_t mask = static_cast<uint8_t>(0xff00 >> keep);
    if ((b[i] & mask) != (want & mask)) return false;
    ++i;
  }
  return true;
}

AddressClass ClassifyV4(const uint8_t* b) {
  if (b[0] == 0) return AddressClass::kUnspecified;
  if (b[0] == 127) return AddressClass::kLoopback;
  if (InBlock(b, {10}, 8) || InBlock(b, {172, 16}, 12) || InBlock(b, {192, 168}, 16) || InBlock(b, {100, 64}, 10) ||
      InBlock(b, {198, 18}, 15)) {
    return AddressClass::kPrivate;
  }
  if (InBlock(b, {169, 254}, 16)) return AddressClass::kLinkLocal;
  if (InBlock(b, {224}, 4)) return AddressClass::kMulticast;
  if (InBlock(b, {240}, 4) || InBlock(b, {192, 0, 0}, 24) || InBlock(b, {192, 0, 2}, 24) ||
      InBlock(b, {198, 51, 100}, 24) || InBlock(b, {203, 0, 113}, 24)) {
    return AddressClass::kReserved;
  }
  return AddressClass::kPublic;
}

bool AllZero(const uint8_t* b, int from, int to) {
  return std::all_of(b + from, b + to, [](uint8_t x) { return x == 0; });
}

// The IPv4 address an IPv6 address embeds, if it is of a form that does.
std::optional<std::array<uint8_t, 4>> EmbeddedV4(const uint8_t* b) {
  auto at = [&](int i0, int i1, int i2, int i3) { return std::array<uint8_t, 4>{b[i0], b[i1], b[i2], b[i3]}; };
  // ::ffff:0:0/96 (mapped) and ::/96 (compatible; :: and ::1 are handled before).
  if (AllZero(b, 0, 10) && ((b[10] == 0xff && b[11] == 0xff) || (b[10] == 0 && b[11] == 0))) return at(12, 13, 14, 15);
  // 64:ff9b::/96, RFC 6052's well-known NAT64 prefix.
  if (InBlock(b, {0x00, 0x64, 0xff, 0x9b}, 32) && AllZero(b, 4, 12)) return at(12, 13, 14, 15);
  // 64:ff9b:1::/48 (RFC 8215), RFC 6052 section 2.2's /48 layout: the
  // IPv4 address in bits 48..63 and 72..87, around the zero octet "u".
  if (InBlock(b, {0x00, 0x64, 0xff, 0x9b, 0x00, 0x01}, 48)) return at(6, 7, 9, 10);
  // 2002::/16, 6to4 (RFC 3056): the IPv4 address in bits 16..47.
  if (InBlock(b, {0x20, 0x02}, 16)) return at(2, 3, 4, 5);
  return std::nullopt;
}

AddressClass ClassifyV6(const uint8_t* b) {
  if (AllZero(b, 0, 16)) return AddressClass::kUnspecified;
  if (AllZero(b, 0, 15) && b[15] == 1) return AddressClass::kLoopback;
  if (auto v4 = EmbeddedV4(b)) return ClassifyV4(v4->data());
  if (InBlock(b, {0xff}, 8)) return AddressClass::kMulticast;
  if (InBlock(b, {0xfe, 0x80}, 10)) return AddressClass::kLinkLocal;
  if (InBlock(b, {0xfc}, 7)) return AddressClass::kUniqueLocal;
  // 2001:db8::/32 and 3fff::/20 (documentation), 100::/64 (discard),
  // 2001::/23 (IETF protocol assignments, Teredo included).
  if (InBlock(b, {0x20, 0x01, 0x0d, 0xb8}, 32) || InBlock(b, {0x3f, 0xff, 0x00}, 20) ||
      InBlock(b, {0x01, 0x00, 0, 0, 0, 0, 0, 0}, 64) || InBlock(b, {0x20, 0x01, 0x00}, 23)) {
    return AddressClass::kReserved;
  }
  // Only 2000::/3 is global unicast; the rest of the space is unassigned or
  // special (fec0::/10 site-local, ...): refused rather than trusted.
  if (!InBlock(b, {0x20}, 3)) return AddressClass::kReserved;
  return AddressClass::kPublic;
}

}  // namespace

AddressClass Classify(const IpAddress& address) {
  return address.v6 ? ClassifyV6(address.bytes.data()) : ClassifyV4(address.bytes.data());
}

std::string_view ClassName(AddressClass c) {
  switch (c) {
    case AddressClass::kPublic: return "public";
    case AddressClass::kUnspecified: return "unspecified";
    case AddressClass::kLoopback: return "loopback";
    case AddressClass::kPrivate: return "private";
    case AddressClass::kLinkLocal: return "link-local";
    case AddressClass::kUniqueLocal: return "unique-local";
    case AddressClass::kMulticast: return "multicast";
    case AddressClass::kReserved: return "reserved";
  }
  return "reserved";
}

}  // namespace paddock::net
