#include "net/forward_request.h"

#include <array>

#include "net/http_syntax.h"

namespace paddock::net {
namespace {

Error RefuseRequest(std::string_view reason) {
  return Error{"a request the forwarder does not send on: " + std::string(reason)};
}

// A value paddock writes into a head: no CR, LF or other control octet
// could split it into two fields.
bool IsFieldValue(std::string_view value) {
  for (char c : value) {
    auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t') || u == 0x7f) return false;
  }
  return true;
}

}  // namespace

std::string UpstreamAuthority(const UpstreamUrl& url) {
  std::string host = url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host;
  return url.port == 443 ? host : host + ":" + std::to_string(url.port);
}

bool IsCredentialHeader(std::string_view name) {
  static constexpr std::array<std::string_view, 5> kNames = {"authorization", "proxy-authorization", "x-api-key",
                                                             "api-key", "x-goog-api-key"};
  for (auto known : kNames)
    if (name == known) return true;
  return false;
}

Result<std::string> RewriteForwardHead(const HttpRequestHead& head, const UpstreamUrl& url,
                                       const ForwardCredential& credential) {
  if (head.method == "CONNECT") return RefuseRequest("a CONNECT request");
  if (head.target.empty() || head.target[0] != '/')
    return RefuseRequest("the target '" + head.target.substr(0, 256) + "' is not a path starting with '/'");
  if (!http::IsToken(credential.header) || http::Lowercase(credential.header) != credential.header ||
      !IsFieldValue(credential.value))
    return Error{"cannot rewrite a request: the credential header is not a lowercase field name with a value"};
  std::string out = head.method + " " + url.path + head.target + " HTTP/1." + std::to_string(head.version_minor) +
                    "\r\nhost: " + UpstreamAuthority(url) + "\r\n";
  for (const auto& [name, value] : head.headers) {
    if (name == "host" || name == "proxy-connection" || name == credential.header || IsCredentialHeader(name)) continue;
    out += name + ": " + value + "\r\n";
  }
  out += credential.header + ": " + credential.value + "\r\n\r\n";
  return out;
}

}  // namespace paddock::net
