// ParseAuthority and SplitAbsoluteUri (declared in http_request.h): where a
// proxy client asks to go.
#include <string>

#include "net/http_request.h"
#include "net/http_syntax.h"

namespace paddock::net {
namespace {

Error AuthorityError(std::string_view text, std::string_view reason) {
  return OpError("parse", "authority '" + std::string(text.substr(0, 256)) + "'", reason);
}

bool IsRegNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
}

bool IsV6Char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
}

std::optional<uint16_t> ParsePort(std::string_view text) {
  if (text.empty() || text.size() > 5) return std::nullopt;
  uint32_t port = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    port = port * 10 + static_cast<uint32_t>(c - '0');
  }
  if (port == 0 || port > 65535) return std::nullopt;
  return static_cast<uint16_t>(port);
}

}  // namespace

Result<Authority> ParseAuthority(std::string_view text, uint16_t default_port) {
  if (text.empty()) return AuthorityError(text, "empty");
  if (text.find('@') != std::string_view::npos) return AuthorityError(text, "userinfo ('@') is not allowed");
  std::string_view host, port_text;
  bool has_port = false;
  if (text[0] == '[') {
    size_t close = text.find(']');
    if (close == std::string_view::npos) return AuthorityError(text, "an IPv6 literal without ']'");
    host = text.substr(1, close - 1);
    std::string_view after = text.substr(close + 1);
    if (!after.empty() && after[0] != ':') return AuthorityError(text, "octets after the IPv6 literal");
    has_port = !after.empty();
    if (has_port) port_text = after.substr(1);
    if (host.empty() || host.find(':') == std::string_view::npos) {
      return AuthorityError(text, "brackets around something other than an IPv6 address");
    }
    for (char c : host) {
      if (!IsV6Char(c)) return AuthorityError(text, "an IPv6 literal with a character other than hex, ':' or '.'");
    }
  } else {
    size_t colon = text.find(':');
    host = text.substr(0, colon);
    has_port = colon != std::string_view::npos;
    if (has_port) port_text = text.substr(colon + 1);
    if (port_text.find(':') != std::string_view::npos) return AuthorityError(text, "an IPv6 address without brackets");
    if (host.empty()) return AuthorityError(text, "an empty host");
    for (char c : host) {
      if (!IsRegNameChar(c))
        return AuthorityError(text, "a host with a character other than a letter, digit, '-', '.' or '_'");
    }
  }
  Authority authority{http::Lowercase(host), default_port};
  if (has_port) {
    auto port = ParsePort(port_text);
    if (!port) return AuthorityError(text, "a port that is not a number from 1 to 65535");
    authority.port = *port;
  }
  return authority;
}

Result<std::pair<Authority, std::string>> SplitAbsoluteUri(std::string_view target) {
  constexpr std::string_view kScheme = "http://";
  if (target.size() < kScheme.size() || http::Lowercase(target.substr(0, kScheme.size())) != kScheme) {
    return OpError("parse", "request target", "not an absolute http:// URI");
  }
  std::string_view rest = target.substr(kScheme.size());
  if (rest.find('#') != std::string_view::npos) return OpError("parse", "request target", "a fragment ('#')");
  size_t end = rest.find_first_of("/?");
  auto authority = ParseAuthority(rest.substr(0, end), 80);
  if (!authority) return authority.error();
  std::string path(end == std::string_view::npos ? std::string_view() : rest.substr(end));
  if (path.empty() || path[0] == '?') path.insert(0, "/");
  return std::pair<Authority, std::string>(std::move(*authority), std::move(path));
}

}  // namespace paddock::net
