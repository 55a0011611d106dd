// The jail's proxy port, for programs that prefer a proxy: HTTP CONNECT,
// absolute-form HTTP requests and SOCKS5 (by name or address), told apart by
// the first octet. The same decisions as a program's own connections.
#pragma once

#include "proxy/context.h"

namespace paddock::proxy {

asio::awaitable<void> ServeProxyClient(Context& ctx, asio::ip::tcp::socket jail);

}  // namespace paddock::proxy
