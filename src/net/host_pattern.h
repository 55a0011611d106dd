// --allow-host / --deny-host patterns and the allow-list they make.
// Pure: the proxy (src/proxy) asks this module every question about names,
// addresses and ports; later config files and agent presets feed it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "net/ip_address.h"

namespace paddock::net {

// A host name as the allow-list compares it: lowercase A-labels (IDNs are
// converted, "bücher.example" -> "xn--bcher-kva.example"), no trailing dot,
// LDH labels of 1..63 octets (underscores allowed: _acme-challenge, SRV names),
// at most 253 octets. An IP literal is not a host name.
Result<std::string> NormalizeHostName(std::string_view name);

// The libidn2 version paddock carries (`paddock --version`).
std::string IdnLibraryVersion();

struct HostPattern {
  enum class Kind {
    kExact,       // api.example.com
    kSubdomains,  // *.example.com: any name below example.com, not example.com itself
    kAddress,     // 192.0.2.7, 10.0.0.0/8, [2001:db8::1], 2001:db8::/32
  };
  Kind kind = Kind::kExact;
  std::string name;             // kExact, kSubdomains: normalized; for *.x.com it is "x.com"
  Cidr address;                 // kAddress
  std::vector<uint16_t> ports;  // sorted, unique; never empty after parsing
  bool explicit_ports = false;  // the text named the ports
  bool checks_name = false;     // "https://" or "http://": every port must show the name
  std::string text;             // as the user wrote it, for messages and the audit log

  bool MatchesName(std::string_view normalized_name) const;  // kind != kAddress
  bool MatchesAddress(const IpAddress& address) const;       // kind == kAddress
  bool MatchesPort(uint16_t port) const;
  // Connections this pattern allows must show their name (TLS SNI, or the
  // Host of every plain-HTTP request): true for a name pattern's ports 80 and
  // 443, and for every port of an "https://" or "http://" pattern. Other
  // ports of a name pattern were opted into explicitly and carry any
  // protocol; an address pattern has no name to check.
  bool InspectsPort(uint16_t port) const;

  friend bool operator==(const HostPattern&, const HostPattern&) = default;
};

// "NAME", "*.NAME", "IP", "CIDR", each optionally followed by ":PORT" or
// ":PORT,PORT..."; a name pattern may start with "https://" or "http://"
// (its ports default to 443 or 80 and each must show the name). IPv6 with a
// port: "[2001:db8::1]:443"; a CIDR with a port: "10.0.0.0/8:5432". `localhost` means the loopback addresses 127.0.0.1
// and
// ::1, so it yields two kAddress patterns. Ports 1..65535. Without ports a
// pattern gets `default_ports`: kDefaultAllowPorts for --allow-host,
// kAllPorts for --deny-host. A bare "*" and a one-label "*.com" are refused
// (too wide).
Result<std::vector<HostPattern>> ParseHostPatterns(std::string_view text, const std::vector<uint16_t>& default_ports);

// Ports an allow pattern gets when it names none.
inline const std::vector<uint16_t> kDefaultAllowPorts = {80, 443};
// A deny pattern without ports denies every port: ports == {0} stands for "all".
inline const std::vector<uint16_t> kAllPorts = {0};

struct Verdict {
  bool allowed = false;
  bool inspect = false;  // allowed, and the name must be checked in the stream (SNI / Host)
  std::string pattern;   // the pattern that decided (its text), "" when none matched
  std::string reason;    // why, for the audit log: "denied by --deny-host x", "no --allow-host matches"
};

class AllowList {
 public:
  AllowList() = default;
  AllowList(std::vector<HostPattern> allow, std::vector<HostPattern> deny);

  // May a connection to `name` (normalized) on `port` be opened? Deny wins.
  // When several allow patterns match, a raw one (inspect == false) wins
  // over an inspecting one: the user opted that port in.
  Verdict CheckName(std::string_view name, uint16_t port) const;
  // May the resolver answer for `name` at all (some allow pattern matches it
  // on some port, and no deny pattern denies it on every port)?
  Verdict CheckResolvable(std::string_view name) const;
  // A connection to an address no allowed name led to: allowed only by an
  // address pattern (never inspected). Deny patterns of kind kAddress apply.
  Verdict CheckAddress(const IpAddress& address, uint16_t port) const;
  // Was `address` allowed as such (by an address pattern, on any port)?
  // Such an address may be the answer of a name even when Classify() says
  // it is not public.
  bool AddressAllowedExplicitly(const IpAddress& address) const;

  // Every port some allow pattern opens, sorted: the ports the jail listens on
  // (0 first when a pattern opens every port, kAllPorts).
  std::vector<uint16_t> Ports() const;
  // Address patterns of the allow list (the jail routes them to the proxy).
  std::vector<Cidr> AllowedPrefixes() const;

  const std::vector<HostPattern>& allow() const { return allow_; }
  const std::vector<HostPattern>& deny() const { return deny_; }

 private:
  std::vector<HostPattern> allow_;
  std::vector<HostPattern> deny_;
};

// --resolve NAME=ADDRESS[,ADDRESS...]: the resolver answers NAME with these
// addresses instead of looking it up. The name is normalized. A pin does not
// exempt its addresses from Classify(): a pin to a private address needs that
// address allowed as such too.
struct ResolvePin {
  std::string name;
  std::vector<IpAddress> addresses;

  friend bool operator==(const ResolvePin&, const ResolvePin&) = default;
};
Result<ResolvePin> ParseResolvePin(std::string_view text);

}  // namespace paddock::net
