// Parsing and printing of addresses and prefixes. Strict on purpose: the
// allow-list and the resolver must read an address exactly as the kernel
// will connect to it, so forms that libc, curl and browsers read differently
// ("010.0.0.1", "0x7f.1", "1.2.3") are refused rather than guessed at.
#include "net/ip_address.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <vector>

namespace paddock::net {
namespace {

Error Bad(std::string_view text, std::string_view reason) {
  std::string message = "\"" + std::string(text) + "\": " + std::string(reason);
  return Error{.message = std::move(message), .object = std::string(text), .reason = std::string(reason)};
}

// One decimal octet: 0..255, no sign, no leading zero (an octal reader would
// see "010" as 8).
std::optional<uint8_t> ParseOctet(std::string_view part) {
  if (part.empty() || part.size() > 3 || (part.size() > 1 && part[0] == '0')) return std::nullopt;
  unsigned value = 0;
  for (char c : part) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  if (value > 255) return std::nullopt;
  return static_cast<uint8_t>(value);
}

// Exactly four octets separated by dots, into out[0..3].
bool ParseDottedQuad(std::string_view text, uint8_t* out) {
  for (int i = 0; i < 4; ++i) {
    size_t dot = text.find('.');
    if ((i < 3) != (dot != std::string_view::npos)) return false;
    auto octet = ParseOctet(text.substr(0, dot));
    if (!octet) return false;
    out[i] = *octet;
    text = i < 3 ? text.substr(dot + 1) : std::string_view();
  }
  return true;
}

// One group of 1..4 hex digits.
std::optional<uint16_t> ParseGroup(std::string_view part) {
  if (part.empty() || part.size() > 4) return std::nullopt;
  unsigned value = 0;
  auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value, 16);
  if (ec != std::errc() || end != part.data() + part.size()) return std::nullopt;
  return static_cast<uint16_t>(value);
}

// The colon-separated pieces of one side of "::" as 16-bit groups; the last
// piece of the address may be a dotted quad (two groups). Empty text is no
// groups; an empty piece (":1", "1::2:") is an error.
bool ParseGroups(std::string_view text, bool may_end_in_quad, std::vector<uint16_t>& out) {
  if (text.empty()) return true;
  for (;;) {
    size_t colon = text.find(':');
    std::string_view part = text.substr(0, colon);
    if (colon == std::string_view::npos && may_end_in_quad && part.find('.') != std::string_view::npos) {
      uint8_t quad[4];
      if (!ParseDottedQuad(part, quad)) return false;
      out.push_back(static_cast<uint16_t>(quad[0] << 8 | quad[1]));
      out.push_back(static_cast<uint16_t>(quad[2] << 8 | quad[3]));
      return true;
    }
    auto group = ParseGroup(part);
    if (!group) return false;
    out.push_back(*group);
    if (colon == std::string_view::npos) return true;
    text = text.substr(colon + 1);
  }
}

std::optional<IpAddress> ParseV6(std::string_view text) {
  std::vector<uint16_t> head, tail;
  size_t gap = text.find("::");
  bool has_gap = gap != std::string_view::npos;
  if (has_gap && text.find("::", gap + 1) != std::string_view::npos) return std::nullopt;
  if (!has_gap) {
    if (!ParseGroups(text, true, head) || head.size() != 8) return std::nullopt;
  } else {
    if (!ParseGroups(text.substr(0, gap), false, head) || !ParseGroups(text.substr(gap + 2), true, tail)) {
      return std::nullopt;
    }
    if (head.size() + tail.size() > 7) return std::nullopt;
  }
  IpAddress address{.v6 = true};
  auto put = [&](size_t index, uint16_t group) {
    address.bytes[2 * index] = static_cast<uint8_t>(group >> 8);
    address.bytes[2 * index + 1] = static_cast<uint8_t>(group & 0xff);
  };
  for (size_t i = 0; i < head.size(); ++i) put(i, head[i]);
  for (size_t i = 0; i < tail.size(); ++i) put(8 - tail.size() + i, tail[i]);
  return address;
}

bool IsMapped(const IpAddress& a) {
  return a.v6 && std::all_of(a.bytes.begin(), a.bytes.begin() + 10, [](uint8_t b) { return b == 0; }) &&
         a.bytes[10] == 0xff && a.bytes[11] == 0xff;
}

std::string FormatQuad(const uint8_t* b) {
  return std::to_string(b[0]) + "." + std::to_string(b[1]) + "." + std::to_string(b[2]) + "." + std::to_string(b[3]);
}

// RFC 5952 section 4.2.3: the longest run of two or more zero groups, the
// first of equally long ones. Returns {start, length}, length 0 for none.
std::pair<int, int> LongestZeroRun(const uint16_t* groups) {
  int best_start = 0, best_length = 0;
  for (int i = 0; i < 8;) {
    int j = i;
    while (j < 8 && groups[j] == 0) ++j;
    if (j - i > best_length) best_start = i, best_length = j - i;
    i = j == i ? i + 1 : j;
  }
  if (best_length < 2) best_length = 0;
  return {best_start, best_length};
}

std::string FormatV6(const IpAddress& a) {
  if (IsMapped(a)) return "::ffff:" + FormatQuad(&a.bytes[12]);
  uint16_t groups[8];
  for (int i = 0; i < 8; ++i) groups[i] = static_cast<uint16_t>(a.bytes[2 * i] << 8 | a.bytes[2 * i + 1]);
  auto [start, length] = LongestZeroRun(groups);
  std::string out;
  char hex[8];
  for (int i = 0; i < 8; ++i) {
    if (length > 0 && i == start) {
      out += "::";
      i += length - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    auto [end, ec] = std::to_chars(hex, hex + sizeof hex, groups[i], 16);
    out.append(hex, end);
  }
  return out;
}

int MaxPrefix(const IpAddress& a) { return a.v6 ? 128 : 32; }

// `a` with every bit after the first `prefix` cleared.
IpAddress Masked(IpAddress a, int prefix) {
  for (int i = 0; i < 16; ++i) {
    int keep = std::clamp(prefix - 8 * i, 0, 8);
    a.bytes[i] &= static_cast<uint8_t>(0xff00 >> keep);
  }
  return a;
}

std::optional<int> ParsePrefixLength(std::string_view text, int max) {
  if (text.empty() || text.size() > 3 || (text.size() > 1 && text[0] == '0')) return std::nullopt;
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0 || value > max) return std::nullopt;
  return value;
}

}  // namespace

Result<IpAddress> ParseIp(std::string_view text) {
  std::string_view inner = text;
  bool bracketed = text.size() >= 2 && text.front() == '[' && text.back() == ']';
  if (bracketed) inner = text.substr(1, text.size() - 2);
  if (inner.find('%') != std::string_view::npos) return Bad(text, "zone ids (%...) are not allowed in an address");
  if (inner.find(':') != std::string_view::npos) {
    if (auto v6 = ParseV6(inner)) return *v6;
    return Bad(text, "not a valid IPv6 address");
  }
  IpAddress v4;
  if (!bracketed && ParseDottedQuad(inner, v4.bytes.data())) return v4;
  if (bracketed) return Bad(text, "brackets are for IPv6 addresses only");
  return Bad(text,
             "not an IP address (IPv4 is written as four decimal numbers 0..255 without leading zeros, "
             "e.g. 192.0.2.1)");
}

std::string FormatIp(const IpAddress& address) {
  return address.v6 ? FormatV6(address) : FormatQuad(address.bytes.data());
}

IpAddress Unmapped(const IpAddress& address) {
  if (!IsMapped(address)) return address;
  IpAddress v4;
  std::copy(address.bytes.begin() + 12, address.bytes.end(), v4.bytes.begin());
  return v4;
}

bool Cidr::Contains(const IpAddress& address) const {
  IpAddress candidate = Unmapped(address);
  IpAddress net = base;
  int bits = prefix;
  if (IsMapped(base) && prefix >= 96) net = Unmapped(base), bits = prefix - 96;
  if (candidate.v6 != net.v6) return false;
  return Masked(candidate, bits) == Masked(net, bits);
}

Result<Cidr> ParseCidr(std::string_view text) {
  std::string_view inner = text;
  // "[2001:db8::/32]" as well as "[2001:db8::]/32".
  if (inner.size() >= 2 && inner.front() == '[' && inner.back() == ']' && inner.find('/') != std::string_view::npos) {
    inner = inner.substr(1, inner.size() - 2);
  }
  size_t slash = inner.find('/');
  auto address = ParseIp(inner.substr(0, slash));
  if (!address) return Bad(text, address.error().reason);
  int max = MaxPrefix(*address);
  if (slash == std::string_view::npos) return Cidr{*address, max};
  auto prefix = ParsePrefixLength(inner.substr(slash + 1), max);
  if (!prefix) return Bad(text, "the prefix length after \"/\" must be a number 0.." + std::to_string(max));
  Cidr cidr{Masked(*address, *prefix), *prefix};
  if (cidr.base != *address) {
    return Bad(text, "host bits set; did you mean " + FormatCidr(cidr) + "?").WithHint("write " + FormatCidr(cidr));
  }
  return cidr;
}

std::string FormatCidr(const Cidr& cidr) { return FormatIp(cidr.base) + "/" + std::to_string(cidr.prefix); }

}  // namespace paddock::net
