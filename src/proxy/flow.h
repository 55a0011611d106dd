// One connection whose target is decided: the name check in the stream (TLS
// SNI, the Host of every plain-HTTP request), the upstream connection to an
// address that was checked, the relay, and its events.
#pragma once

#include <string>

#include "proxy/context.h"

namespace paddock::proxy {

struct FlowOptions {
  std::string via;      // for events: "connect", "http-proxy", "socks5"
  std::string pending;  // octets of the jail's side already read (after a proxy request)
  // Proxy clients are answered once the upstream connection stands, before
  // they send a byte of their own: these are the answers. Empty: a program's
  // own connection, whose first octets are checked before connecting.
  std::string on_connected, on_failed;
  // Absolute-form requests from a proxy client go on in origin-form: many
  // servers (dev servers among them) do not accept the absolute form.
  bool origin_form = false;
};

asio::awaitable<void> RunFlow(Context& ctx, asio::ip::tcp::socket jail, Target target, FlowOptions options);

// Opens a connection to the first of `target.addresses` that answers, within
// the connect timeout. Error: why none did.
asio::awaitable<Result<asio::ip::tcp::socket>> ConnectUpstream(Context& ctx, const Target& target);

// Reads into `pending` until `complete(pending)` says so, within the
// handshake timeout and `limit` octets. False on timeout, end or error.
asio::awaitable<bool> ReadUntil(Context& ctx, asio::ip::tcp::socket& socket, std::string& pending, size_t limit,
                                const std::function<bool(const std::string&)>& complete);

}  // namespace paddock::proxy
