// A request head as a credential forwarder sends it on (docs/agents.md, "the
// key stays outside"): the jail's request to its loopback, rewritten for the
// real API. Pure; the proxy reads and writes the sockets.
#pragma once

#include <string>
#include <string_view>

#include "base/error.h"
#include "net/http_request.h"
#include "net/upstream_url.h"

namespace paddock::net {

// What a forward puts into every request: where it goes and the credential.
struct ForwardCredential {
  std::string header;  // a lowercase field name: "x-api-key", "authorization"
  std::string value;   // its value with the secret: "Bearer sk-..."
};

// "host" or "host:port" (the port only when it is not 443), an IPv6 address
// in brackets: the Host of requests to `url`.
std::string UpstreamAuthority(const UpstreamUrl& url);

// Every credential header a client may send, lowercase. The forward removes
// them all, so only the real key, put in by paddock, reaches the upstream.
bool IsCredentialHeader(std::string_view lowercase_name);

// The head to send upstream instead of `head`: the request line with
// `url.path` before the origin-form target, Host set to the upstream's
// authority, every credential header (and the forward's own) replaced by
// `credential`, Proxy-Connection dropped, everything else as sent (so the
// body's framing still matches). Error: an absolute-form, authority-form or
// '*' target, a CONNECT, or a credential that is not a field line.
Result<std::string> RewriteForwardHead(const HttpRequestHead& head, const UpstreamUrl& url,
                                       const ForwardCredential& credential);

}  // namespace paddock::net
