// Credential forwarders (docs/agents.md, "the key stays outside"): a
// listener on the jail's loopback whose every HTTP/1.1 request goes on to the
// real API over TLS, with the jail's credential headers replaced by the real
// key. The key exists only here, outside the jail.
#pragma once

#include <asio/ssl.hpp>
#include <memory>
#include <string>

#include "proxy/context.h"

namespace paddock::proxy {

// The TLS client context every forwarder shares: peers verified against the
// system's trust store, or against only the PEM certificates in `ca_file`.
// Error: a `ca_file` that cannot be read or holds no certificate.
Result<std::unique_ptr<asio::ssl::context>> MakeForwardTls(const std::string& ca_file);

// One connection of the jail to forwarder `index` (Config::forwards): the
// upstream connection (resolved on the host, connected, TLS-verified), then
// requests up, rewritten, and responses down as they arrive. Needs ctx.tls.
asio::awaitable<void> ServeForward(Context& ctx, asio::ip::tcp::socket jail, size_t index);

}  // namespace paddock::proxy
