// Where a credential forwarder sends the agent's requests: an https URL the
// user or a preset names (the agent's API, a company gateway, a test server).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/error.h"

namespace paddock::net {

struct UpstreamUrl {
  std::string host;  // lowercase; an IPv6 address without brackets
  uint16_t port = 443;
  std::string path;  // "" or "/v1": prefixed to every request target, no trailing '/'

  friend bool operator==(const UpstreamUrl&, const UpstreamUrl&) = default;
};

// "https://host[:port][/path]". Only https: the real key must never cross the
// network in clear text. No userinfo, query or fragment.
Result<UpstreamUrl> ParseUpstreamUrl(std::string_view url);

// "https://host[:port]/path" again (brackets around an IPv6 address; the
// port only when it is not 443).
std::string FormatUpstreamUrl(const UpstreamUrl& url);

}  // namespace paddock::net
