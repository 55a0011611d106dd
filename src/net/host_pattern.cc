// ParseHostPatterns() and what one pattern matches. The syntax is in
// docs/network.md, "Allow-list patterns".
#include "net/host_pattern.h"

#include <algorithm>
#include <charconv>

namespace paddock::net {
namespace {

Error Bad(std::string_view text, std::string_view reason) {
  std::string message = "\"" + std::string(text) + "\": " + std::string(reason);
  return Error{.message = std::move(message), .object = std::string(text), .reason = std::string(reason)};
}

// An error about a part of the pattern, told about the whole pattern.
Error About(std::string_view text, const Error& part) {
  Error e = part.object == text ? part : Bad(text, part.message);
  e.hint = part.hint;
  return e;
}

Result<std::vector<uint16_t>> ParsePorts(std::string_view text, std::string_view ports) {
  std::vector<uint16_t> out;
  for (;;) {
    size_t comma = ports.find(',');
    std::string_view word = ports.substr(0, comma);
    unsigned value = 0;
    auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), value);
    bool number =
        !word.empty() && word[0] != '0' && word[0] != '+' && ec == std::errc() && end == word.data() + word.size();
    if (!number || value > 65535) {
      return Bad(text, "\"" + std::string(word) + "\" is not a port (a number 1..65535)");
    }
    out.push_back(static_cast<uint16_t>(value));
    if (comma == std::string_view::npos) break;
    ports = ports.substr(comma + 1);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Where the host ends and ":PORTS" begins: after "]" for a bracketed IPv6
// address, at the only ":" otherwise. An unbracketed IPv6 address (two or
// more colons) has no port.
size_t PortSeparator(std::string_view text) {
  if (!text.empty() && text.front() == '[') {
    size_t close = text.find(']');
    return close == std::string_view::npos ? std::string_view::npos : text.find(':', close);
  }
  size_t colon = text.find(':');
  return colon != std::string_view::npos && text.find(':', colon + 1) == std::string_view::npos
             ? colon
             : std::string_view::npos;
}

bool IsAddressSyntax(std::string_view host) {
  return host.starts_with('[') || host.find('/') != std::string_view::npos ||
         host.find(':') != std::string_view::npos || ParseIp(host).ok();
}

HostPattern Make(HostPattern::Kind kind, std::string_view text, const std::vector<uint16_t>& ports,
                 bool explicit_ports) {
  HostPattern p;
  p.kind = kind;
  p.text = std::string(text);
  p.ports = ports;
  p.explicit_ports = explicit_ports;
  return p;
}

Result<HostPattern> ParseNamePattern(std::string_view text, std::string_view host, HostPattern pattern) {
  if (host == "*") return Bad(text, "a bare \"*\" would allow every host; name the domains");
  bool wildcard = host.starts_with("*.");
  std::string_view name = wildcard ? host.substr(2) : host;
  if (name.find('*') != std::string_view::npos) {
    return Bad(text, "\"*\" may only stand as the whole first label, as in \"*.example.com\"");
  }
  auto normalized = NormalizeHostName(name);
  if (!normalized) return About(text, normalized.error());
  if (wildcard && normalized->find('.') == std::string::npos) {
    return Bad(text, "a wildcard needs at least two labels after \"*.\" (\"*.example.com\", not \"*.com\")");
  }
  pattern.kind = wildcard ? HostPattern::Kind::kSubdomains : HostPattern::Kind::kExact;
  pattern.name = std::move(*normalized);
  return pattern;
}

// "https://" or "http://" before a pattern: the name is checked on every
// port of the pattern, which defaults to the scheme's port.
std::string_view TakeScheme(std::string_view text, const std::vector<uint16_t>*& default_ports) {
  static const std::vector<uint16_t> kHttps = {443}, kHttp = {80};
  auto starts = [&](std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i)
      if ((text[i] | 0x20) != prefix[i] && text[i] != prefix[i]) return false;
    return true;
  };
  if (starts("https://")) {
    default_ports = &kHttps;
    return text.substr(8);
  }
  if (starts("http://")) {
    default_ports = &kHttp;
    return text.substr(7);
  }
  return text;
}

}  // namespace

Result<std::vector<HostPattern>> ParseHostPatterns(std::string_view full, const std::vector<uint16_t>& defaults) {
  const std::vector<uint16_t>* default_ports = &defaults;
  std::string_view text = TakeScheme(full, default_ports);
  bool checks_name = text.size() != full.size();
  if (text.empty()) return Bad(full, "an empty pattern matches nothing; name a host, address or prefix");
  size_t separator = PortSeparator(text);
  std::string_view host = text.substr(0, separator);
  std::vector<uint16_t> ports = *default_ports;
  bool explicit_ports = separator != std::string_view::npos;
  if (explicit_ports) {
    auto parsed = ParsePorts(full, text.substr(separator + 1));
    if (!parsed) return parsed.error();
    ports = std::move(*parsed);
  }
  if (host.empty()) return Bad(full, "names no host before the port");
  HostPattern pattern = Make(HostPattern::Kind::kAddress, full, ports, explicit_ports);
  pattern.checks_name = checks_name;
  if (IsAddressSyntax(host)) {
    if (checks_name) return Bad(full, "an address has no name to check; drop the scheme");
    auto cidr = ParseCidr(host);
    if (!cidr) return About(text, cidr.error());
    pattern.address = *cidr;
    return std::vector<HostPattern>{pattern};
  }
  auto named = ParseNamePattern(text, host, pattern);
  if (!named) return named.error();
  if (named->kind == HostPattern::Kind::kExact && named->name == "localhost") {
    // What the name means everywhere (RFC 6761): the loopback addresses, not
    // whatever a resolver might answer.
    HostPattern v4 = pattern, v6 = pattern;
    v4.address = ParseCidr("127.0.0.1").value();
    v6.address = ParseCidr("::1").value();
    return std::vector<HostPattern>{v4, v6};
  }
  return std::vector<HostPattern>{*named};
}

bool HostPattern::MatchesName(std::string_view normalized_name) const {
  switch (kind) {
    case Kind::kExact: return normalized_name == name;
    case Kind::kSubdomains:
      return normalized_name.size() > name.size() + 1 && normalized_name.ends_with(name) &&
             normalized_name[normalized_name.size() - name.size() - 1] == '.';
    case Kind::kAddress: return false;
  }
  return false;
}

bool HostPattern::MatchesAddress(const IpAddress& a) const { return kind == Kind::kAddress && address.Contains(a); }

bool HostPattern::MatchesPort(uint16_t port) const {
  if (ports == kAllPorts) return true;
  return std::binary_search(ports.begin(), ports.end(), port);
}

bool HostPattern::InspectsPort(uint16_t port) const {
  return kind != Kind::kAddress && (checks_name || port == 80 || port == 443);
}

}  // namespace paddock::net
