#include "net/socks5.h"

#include <algorithm>
#include <cstddef>
#include <string>

namespace paddock::net {
namespace {

constexpr uint8_t kAtypIpv4 = 1;
constexpr uint8_t kAtypName = 3;
constexpr uint8_t kAtypIpv6 = 4;
constexpr size_t kRequestHeader = 4;  // VER CMD RSV ATYP

template <typename Message>
Message Malformed(std::string why) {
  Message m;
  m.status = SocksStatus::kMalformed;
  m.error = std::move(why);
  return m;
}

// The address of a request whose header has been read: how many octets it
// and the port take, 0 when more input is needed; an error in `request`.
size_t ReadAddress(std::span<const uint8_t> data, SocksRequest& request) {
  const uint8_t atyp = data[3];
  std::span<const uint8_t> rest = data.subspan(kRequestHeader);
  size_t address_size = 0;
  if (atyp == kAtypIpv4 || atyp == kAtypIpv6) {
    address_size = atyp == kAtypIpv4 ? 4 : 16;
    if (rest.size() < address_size + 2) return 0;
    request.address.v6 = atyp == kAtypIpv6;
    std::copy(rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(address_size), request.address.bytes.begin());
  } else {
    if (rest.empty()) return 0;
    size_t len = rest[0];
    if (len == 0) {
      request = Malformed<SocksRequest>("SOCKS5 request with an empty host name");
      return 0;
    }
    address_size = 1 + len;
    if (rest.size() < address_size + 2) return 0;
    for (uint8_t c : rest.subspan(1, len)) {
      if (c <= 0x20 || c >= 0x7f) {
        request = Malformed<SocksRequest>("SOCKS5 request with a space, control or non-ASCII octet in its host name");
        return 0;
      }
      request.name += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    request.by_name = true;
  }
  request.port = static_cast<uint16_t>((rest[address_size] << 8) | rest[address_size + 1]);
  return kRequestHeader + address_size + 2;
}

}  // namespace

SocksGreeting ParseSocksGreeting(std::span<const uint8_t> data) {
  SocksGreeting greeting;
  if (data.empty()) return greeting;
  if (data[0] != kSocksVersion) return Malformed<SocksGreeting>("not a SOCKS5 greeting (version octet)");
  if (data.size() < 2) return greeting;
  size_t methods = data[1];
  if (methods == 0) return Malformed<SocksGreeting>("a SOCKS5 greeting offering no method");
  if (data.size() < 2 + methods) return greeting;
  for (uint8_t m : data.subspan(2, methods)) {
    if (m == kSocksNoAuth) greeting.offers_no_auth = true;
  }
  greeting.size = 2 + methods;
  greeting.status = SocksStatus::kOk;
  return greeting;
}

SocksRequest ParseSocksRequest(std::span<const uint8_t> data) {
  SocksRequest request;
  if (!data.empty() && data[0] != kSocksVersion) return Malformed<SocksRequest>("not a SOCKS5 request (version octet)");
  if (data.size() >= 3 && data[2] != 0)
    return Malformed<SocksRequest>("a SOCKS5 request with a nonzero reserved octet");
  if (data.size() < kRequestHeader) return request;
  request.command = data[1];
  const uint8_t atyp = data[3];
  if (atyp != kAtypIpv4 && atyp != kAtypName && atyp != kAtypIpv6) {
    request = Malformed<SocksRequest>("a SOCKS5 request with unknown address type " + std::to_string(atyp));
    request.command = data[1];
    request.unknown_address_type = true;
    return request;
  }
  size_t size = ReadAddress(data, request);
  if (request.status == SocksStatus::kMalformed || size == 0) return request;
  request.size = size;
  request.status = SocksStatus::kOk;
  return request;
}

std::vector<uint8_t> SocksMethodSelection(uint8_t method) { return {kSocksVersion, method}; }

std::vector<uint8_t> SocksReplyMessage(SocksReply reply, const IpAddress* bound, uint16_t bound_port) {
  std::vector<uint8_t> out = {kSocksVersion, static_cast<uint8_t>(reply), 0};
  IpAddress zero;
  const IpAddress& address = bound ? *bound : zero;
  out.push_back(address.v6 ? kAtypIpv6 : kAtypIpv4);
  out.insert(out.end(), address.bytes.begin(), address.bytes.begin() + (address.v6 ? 16 : 4));
  out.push_back(static_cast<uint8_t>(bound_port >> 8));
  out.push_back(static_cast<uint8_t>(bound_port));
  return out;
}

}  // namespace paddock::net
