// The jail's resolver: answers A and AAAA for allowed names with addresses
// paddock checked (and routed into the jail), NXDOMAIN for everything else.
// Denied names never leave this machine: nothing is looked up for them.
#pragma once

#include "proxy/context.h"

namespace paddock::proxy {

asio::awaitable<void> ServeDnsUdp(Context& ctx, asio::ip::udp::socket& socket);
asio::awaitable<void> ServeDnsTcp(Context& ctx, asio::ip::tcp::acceptor& acceptor);

}  // namespace paddock::proxy
