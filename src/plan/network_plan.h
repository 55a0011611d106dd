// --net allow: the jail keeps its own network namespace, and paddock serves
// the jail's resolver, its proxy port and a listener on every allowed port
// from outside (src/jail/net_setup.cc makes the sockets, src/proxy serves
// them). This is the pure part: addresses, ports, the resolver file, the
// proxy variables (docs/network.md).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/error.h"
#include "plan/host_facts.h"
#include "policy/policy.h"

namespace paddock::plan {

struct LaunchPlan;

// A credential forwarder: a listener on the jail's 127.0.0.1:port that
// paddock serves from outside, sending each request on with the real key.
struct ForwardPlan {
  policy::CredentialForward credential;
  uint16_t port = 0;
};

struct NetworkPlan {
  bool filtered = false;                // --net allow
  std::string resolver = "127.0.0.53";  // the jail's nameserver: UDP and TCP port 53
  std::string proxy_address = "127.0.0.1";
  uint16_t proxy_port = 0;  // HTTP CONNECT, absolute-form HTTP and SOCKS5 on one port
  // One listener per allowed port, on every address of the jail: a connection
  // to an address the resolver handed out (routed to the jail's loopback)
  // arrives there whatever the program, proxy-aware or not.
  std::vector<uint16_t> capture_ports;
  // Address patterns of the allow-list, routed to the listeners from the start.
  std::vector<std::string> routed_prefixes;
  policy::NetPolicy policy;              // what the proxy enforces
  std::vector<policy::Publish> publish;  // --publish, with --net none or allow
  std::vector<ForwardPlan> forwards;     // a preset's credentials (--net allow)
  std::string ca_file;                   // --ca-file: TLS trust of the upstreams
  // Test builds only (HostFacts::test_seams.dns_answers): stand-ins for the
  // host's resolver, checked like its answers.
  std::vector<net::ResolvePin> test_host_answers;
};

// The first port from 3128 up that no allowed pattern uses.
uint16_t ChooseProxyPort(const std::vector<uint16_t>& capture_ports);

// Fills plan.network, the resolver file mount and the proxy variables
// (returned, to be set in the jail's environment).
Result<std::map<std::string, std::string>> PlanNetwork(const policy::Policy& policy, const HostFacts& host,
                                                       LaunchPlan& plan);

}  // namespace paddock::plan
