// AllowList: the proxy's answers about names, addresses and ports, and the
// --resolve pins. Deny patterns are consulted first and win.
#include <algorithm>

#include "net/host_pattern.h"

namespace paddock::net {
namespace {

Verdict Denied(const HostPattern& p) { return {false, false, p.text, "denied by --deny-host " + p.text}; }

std::string Port(uint16_t port) { return " port " + std::to_string(port); }

const HostPattern* FirstDenying(const std::vector<HostPattern>& deny, std::string_view name, uint16_t port) {
  for (const auto& p : deny) {
    if (p.MatchesName(name) && p.MatchesPort(port)) return &p;
  }
  return nullptr;
}

}  // namespace

AllowList::AllowList(std::vector<HostPattern> allow, std::vector<HostPattern> deny)
    : allow_(std::move(allow)), deny_(std::move(deny)) {}

Verdict AllowList::CheckName(std::string_view name, uint16_t port) const {
  if (const HostPattern* d = FirstDenying(deny_, name, port)) return Denied(*d);
  const HostPattern* chosen = nullptr;
  for (const auto& p : allow_) {
    if (!p.MatchesName(name) || !p.MatchesPort(port)) continue;
    // A raw pattern beats an inspecting one: the user opted this port in.
    if (chosen == nullptr || (chosen->InspectsPort(port) && !p.InspectsPort(port))) chosen = &p;
  }
  if (chosen == nullptr) return {false, false, "", "no --allow-host matches " + std::string(name) + Port(port)};
  bool inspect = chosen->InspectsPort(port);
  return {true, inspect, chosen->text,
          "allowed by --allow-host " + chosen->text + (inspect ? " (the name is checked in the stream)" : "")};
}

Verdict AllowList::CheckResolvable(std::string_view name) const {
  for (const auto& d : deny_) {
    if (d.MatchesName(name) && d.ports == kAllPorts) return Denied(d);
  }
  const HostPattern* denied_by = nullptr;
  for (const auto& p : allow_) {
    if (!p.MatchesName(name)) continue;
    for (uint16_t port : p.ports) {
      // An allow on every port (0) leaves ports no deny pattern lists;
      // deny patterns on every port were ruled out above.
      const HostPattern* d = port == 0 ? nullptr : FirstDenying(deny_, name, port);
      if (d == nullptr) return {true, false, p.text, "allowed by --allow-host " + p.text};
      denied_by = d;
    }
  }
  if (denied_by != nullptr) return Denied(*denied_by);
  return {false, false, "", "no --allow-host matches " + std::string(name)};
}

Verdict AllowList::CheckAddress(const IpAddress& address, uint16_t port) const {
  std::string where = FormatIp(address) + Port(port);
  for (const auto& d : deny_) {
    if (d.MatchesAddress(address) && d.MatchesPort(port)) return Denied(d);
  }
  for (const auto& p : allow_) {
    if (p.MatchesAddress(address) && p.MatchesPort(port))
      return {true, false, p.text, "allowed by --allow-host " + p.text};
  }
  return {false, false, "", "no --allow-host address pattern matches " + where};
}

bool AllowList::AddressAllowedExplicitly(const IpAddress& address) const {
  return std::any_of(allow_.begin(), allow_.end(), [&](const HostPattern& p) { return p.MatchesAddress(address); });
}

std::vector<uint16_t> AllowList::Ports() const {
  std::vector<uint16_t> ports;
  for (const auto& p : allow_) ports.insert(ports.end(), p.ports.begin(), p.ports.end());
  std::sort(ports.begin(), ports.end());
  ports.erase(std::unique(ports.begin(), ports.end()), ports.end());
  return ports;
}

std::vector<Cidr> AllowList::AllowedPrefixes() const {
  std::vector<Cidr> prefixes;
  for (const auto& p : allow_) {
    if (p.kind == HostPattern::Kind::kAddress &&
        std::find(prefixes.begin(), prefixes.end(), p.address) == prefixes.end()) {
      prefixes.push_back(p.address);
    }
  }
  return prefixes;
}

Result<ResolvePin> ParseResolvePin(std::string_view text) {
  auto bad = [&](std::string_view reason) {
    return Error{.message = "\"" + std::string(text) + "\": " + std::string(reason),
                 .object = std::string(text),
                 .reason = std::string(reason)};
  };
  size_t equals = text.find('=');
  if (equals == std::string_view::npos) return bad("is not NAME=ADDRESS[,ADDRESS...]");
  auto name = NormalizeHostName(text.substr(0, equals));
  if (!name) return bad(name.error().message);
  ResolvePin pin{*name, {}};
  std::string_view rest = text.substr(equals + 1);
  for (;;) {
    size_t comma = rest.find(',');
    auto address = ParseIp(rest.substr(0, comma));
    if (!address) return bad(address.error().message);
    if (std::find(pin.addresses.begin(), pin.addresses.end(), *address) == pin.addresses.end()) {
      pin.addresses.push_back(*address);
    }
    if (comma == std::string_view::npos) return pin;
    rest = rest.substr(comma + 1);
  }
}

}  // namespace paddock::net
