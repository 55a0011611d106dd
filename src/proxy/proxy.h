// --net allow, served from outside the jail: the jail's resolver, the
// listeners on its allowed ports and its proxy port, all sockets of the jail's
// network namespace that the supervisor holds (src/jail/net_setup.h). One
// thread runs every connection on an event loop (standalone Asio); name
// lookups run on a small pool so a slow one never stalls the loop. Nothing of
// it runs in the jail, and it dies with paddock (docs/network.md).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "base/error.h"
#include "net/host_pattern.h"

namespace paddock::proxy {

// The key stays outside (docs/agents.md): each request the jail sends to a
// forwarder port on its loopback goes to `upstream` over TLS, with the
// jail's own credential headers removed and the real one put in.
struct Forward {
  std::string name;           // "anthropic": messages and audit events
  std::string upstream_host;  // a name or an address, reached from the host's network
  uint16_t upstream_port = 443;
  std::string upstream_path;  // prefix of every request target ("" or "/v1"), no trailing '/'
  std::string header;         // lowercase: "x-api-key", "authorization"
  std::string value;          // the header's value, with the secret ("Bearer sk-...")
};

struct Config {
  net::AllowList allow;
  std::vector<net::ResolvePin> pins;
  // Test builds: answers that stand in for the host's resolver.
  std::vector<net::ResolvePin> host_answers;
  // The host's own addresses: never the answer of a name unless allowed as such.
  std::vector<net::IpAddress> host_addresses;
  bool jail_has_ipv6 = true;
  // Routes `address` to the jail's listeners (jail/routes.h). Called on the
  // proxy's thread before the resolver hands the address out.
  std::function<Status(const net::IpAddress&)> route;
  // --publish: a new TCP socket of the jail's network namespace (a
  // descriptor the proxy then owns).
  std::function<Result<int>(bool v6)> jail_socket;
  // One audit event per decision (a JSON object without "ts"), from the
  // proxy's thread. Never payloads or credentials.
  std::function<void(const nlohmann::json&)> audit;
  // Credential forwarders, and where TLS trust comes from ("" = the system
  // store; a file of PEM certificates replaces it, as curl's --cacert).
  std::vector<Forward> forwards;
  std::string ca_file;
  // Limits: connections at once, idle time, time to show a name.
  size_t max_connections = 1024;
  uint32_t idle_timeout_ms = 10 * 60 * 1000;
  uint32_t handshake_timeout_ms = 10 * 1000;
  uint32_t connect_timeout_ms = 10 * 1000;
};

// The sockets of the jail's namespace the proxy serves (owned: closed by Stop).
struct Sockets {
  int dns_udp = -1, dns_tcp = -1, proxy = -1;  // -1 without --net allow
  std::vector<int> capture;
  std::vector<std::pair<int, uint16_t>> publish;  // a listener on the host's loopback, the jail's port
  std::vector<std::pair<int, size_t>> forward;    // a listener on the jail's loopback, its Config::forwards index
};

struct Summary {
  uint64_t allowed = 0;                            // connections
  uint64_t denied = 0;                             // connections
  std::map<std::string, uint64_t> denied_targets;  // "name:port" or "address:port" -> times
  std::set<std::string> unresolved;                // names the resolver refused
  std::map<std::string, std::string> withheld;     // allowed names whose addresses it refused -> why
  // A credential forwarder's request that did not get through (the upstream
  // unreachable, its certificate refused, a malformed request): not a policy
  // denial. "anthropic: <reason>" -> times.
  std::map<std::string, uint64_t> forward_failures;
};

// "denied 3 connections: evil.example:443 ×2, pastebin.example:443; did not
// resolve: evil.example"; "" when nothing was denied.
std::string FormatDenials(const Summary& summary);

class Proxy {
 public:
  static Result<std::unique_ptr<Proxy>> Start(Config config, Sockets sockets);
  ~Proxy();  // Stop()
  // Ends every connection and the thread; returns what was decided.
  Summary Stop();

  struct State;

 private:
  explicit Proxy(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace paddock::proxy
