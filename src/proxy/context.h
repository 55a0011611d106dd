// What every part of the proxy shares: the loop, the configuration, the
// names each address was handed out for, the resolver and the event record.
// Confined to the proxy's thread, except Events (locked) and the lookup pool.
#pragma once

#include <asio.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <chrono>
#include <map>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "net/dns_message.h"
#include "net/ip_address.h"
#include "proxy/events.h"
#include "proxy/proxy.h"

namespace asio::ssl {
class context;
}

namespace paddock::proxy {

// Completion token: (error_code, result) instead of exceptions.
inline constexpr auto kNoThrow = asio::experimental::as_tuple(asio::use_awaitable);

// The octets of what a connection has sent so far, for the wire parsers.
inline std::span<const uint8_t> Bytes(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

net::IpAddress FromAsio(const asio::ip::address& a);
asio::ip::address ToAsio(const net::IpAddress& a);

struct LookupResult {
  std::vector<net::IpAddress> addresses;  // checked: each may be connected to
  net::DnsRcode rcode = net::DnsRcode::kNoError;
  std::string refused;  // why addresses were withheld ("resolves to link-local 169.254.169.254")
};

// Where a connection may go, decided before a byte is forwarded.
struct Target {
  std::string label;                      // for events: the name, or the address allowed as such
  std::vector<net::IpAddress> addresses;  // to try in order
  uint16_t port = 0;
  bool inspect = false;         // the stream must show one of `names` (SNI, Host)
  std::set<std::string> names;  // names allowed on this port that led here
};

struct Context {
  asio::io_context& io;
  Config config;
  Events events;
  asio::thread_pool lookups{4};
  size_t connections = 0;
  size_t dns_in_flight = 0;  // lookups the resolver is answering
  // Every name the resolver handed each address out for, this run.
  std::map<net::IpAddress, std::set<std::string>> names_of;
  std::set<net::IpAddress> routed;
  struct Cached {
    LookupResult result;
    std::chrono::steady_clock::time_point expires;
  };
  std::map<std::string, Cached> cache;
  // Where the TLS client context of every credential forwarder lives (owned
  // by the proxy; null without forwarders). Made at the first forwarded
  // connection: loading the system's CA store costs ~40 ms of CPU, which
  // every start would pay otherwise.
  std::unique_ptr<asio::ssl::context>* tls = nullptr;

  Context(asio::io_context& loop, Config c) : io(loop), config(std::move(c)), events(config.audit) {}
};

// The addresses `name` (normalized, allowed) may be reached at: --resolve
// pins or the host's resolver, minus what may not be the answer of a name
// (docs/network.md), each routed into the jail and remembered for `name`.
asio::awaitable<LookupResult> Lookup(Context& ctx, std::string name);

// `name`'s addresses on the host's own resolver (or Config::host_answers),
// unchecked: only for what the user configured (a forwarder's upstream),
// never for a name the jail asks for.
asio::awaitable<Result<std::vector<net::IpAddress>>> HostAddresses(Context& ctx, std::string name);

// A connection to `address`:`port` a program opened itself (or a SOCKS5
// request by address): allowed by an address pattern, or an address the
// resolver handed out for names allowed on this port. Error: the reason.
Result<Target> DecideAddress(Context& ctx, const net::IpAddress& address, uint16_t port);
// A proxy request by name. The lookup happens here, so the checked addresses
// are the ones connected to.
asio::awaitable<Result<Target>> DecideName(Context& ctx, std::string name, uint16_t port);

}  // namespace paddock::proxy
