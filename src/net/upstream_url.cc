#include "net/upstream_url.h"

#include "net/http_request.h"
#include "net/http_syntax.h"

namespace paddock::net {
namespace {

Error UrlError(std::string_view url, std::string_view reason) {
  return OpError("parse", "upstream URL '" + std::string(url.substr(0, 256)) + "'", reason);
}

}  // namespace

Result<UpstreamUrl> ParseUpstreamUrl(std::string_view url) {
  constexpr std::string_view kScheme = "https://";
  if (url.size() < kScheme.size() || http::Lowercase(url.substr(0, kScheme.size())) != kScheme)
    return UrlError(url, "not an https:// URL (the key must not cross the network in clear text)");
  std::string_view rest = url.substr(kScheme.size());
  if (rest.find_first_of("?#") != std::string_view::npos) return UrlError(url, "a query or fragment is not allowed");
  size_t slash = rest.find('/');
  auto authority = ParseAuthority(rest.substr(0, slash), 443);
  if (!authority) return UrlError(url, authority.error().message);
  UpstreamUrl out{authority->host, authority->port, ""};
  if (slash != std::string_view::npos) out.path = std::string(rest.substr(slash));
  while (!out.path.empty() && out.path.back() == '/') out.path.pop_back();
  for (char c : out.path) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
      return UrlError(url, "a path with a space or control character");
  }
  return out;
}

std::string FormatUpstreamUrl(const UpstreamUrl& url) {
  std::string host = url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host;
  std::string port = url.port == 443 ? "" : ":" + std::to_string(url.port);
  return "https://" + host + port + url.path;
}

}  // namespace paddock::net
