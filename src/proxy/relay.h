// Moving bytes between the jail's side of a connection and the upstream one.
// splice(2) through a pipe: the payload never enters paddock's memory, so a
// bulk transfer runs at the speed of the sockets.
#pragma once

#include <chrono>
#include <cstdint>

#include "proxy/context.h"

namespace paddock::proxy {

struct Traffic {
  uint64_t up = 0, down = 0;  // octets jail -> upstream, upstream -> jail
  std::chrono::steady_clock::time_point last = std::chrono::steady_clock::now();
};

// Until `from` reaches end of file (then `to` is shut for writing: a
// half-close passes on) or an error (then both are shut: the other direction
// ends too). True at end of file.
asio::awaitable<bool> SpliceAll(asio::ip::tcp::socket& from, asio::ip::tcp::socket& to, uint64_t& bytes,
                                Traffic& traffic);

// Writes `data` fully; false on error.
asio::awaitable<bool> WriteAll(asio::ip::tcp::socket& to, std::string_view data);

// Both directions until both ended, or nothing moved for `idle_ms`.
asio::awaitable<void> RelayBoth(asio::ip::tcp::socket& jail, asio::ip::tcp::socket& upstream, Traffic& traffic,
                                uint32_t idle_ms);

// Until nothing moved for `idle_ms` (traffic.last): then both sockets are
// shut, which ends whatever relays them. Run it beside a relay with ||.
asio::awaitable<void> IdleWatch(asio::ip::tcp::socket& a, asio::ip::tcp::socket& b, Traffic& traffic, uint32_t idle_ms);

// Ends a connection with a reset instead of a clean close: the program sees
// ECONNRESET, not an empty answer it might take for one.
void Reset(asio::ip::tcp::socket& socket);

}  // namespace paddock::proxy
