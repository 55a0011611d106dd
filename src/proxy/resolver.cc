#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>

#include "proxy/context.h"

namespace paddock::proxy {
namespace {

constexpr auto kCacheTime = std::chrono::seconds(30);
// Each address handed out is remembered and routed for the whole run; a
// wildcard pattern must not let a jail grow that without bound.
constexpr size_t kMaxAddresses = 16384;

struct HostLookup {
  std::vector<net::IpAddress> addresses;
  int gai_error = 0;
};

// getaddrinfo, the host's own resolution (/etc/hosts, nsswitch), on the pool.
HostLookup HostResolve(const std::string& name) {
  HostLookup out;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_ADDRCONFIG;
  addrinfo* res = nullptr;
  out.gai_error = getaddrinfo(name.c_str(), nullptr, &hints, &res);
  for (addrinfo* ai = res; ai; ai = ai->ai_next) {
    net::IpAddress a;
    if (ai->ai_family == AF_INET) {
      memcpy(a.bytes.data(), &reinterpret_cast<sockaddr_in*>(ai->ai_addr)->sin_addr, 4);
    } else if (ai->ai_family == AF_INET6) {
      a.v6 = true;
      memcpy(a.bytes.data(), &reinterpret_cast<sockaddr_in6*>(ai->ai_addr)->sin6_addr, 16);
    } else {
      continue;
    }
    a = net::Unmapped(a);
    if (std::find(out.addresses.begin(), out.addresses.end(), a) == out.addresses.end()) out.addresses.push_back(a);
  }
  if (res) freeaddrinfo(res);
  return out;
}

bool IsJailLoopback(const net::IpAddress& a) {
  if (!a.v6) return a.bytes[0] == 127;
  static const net::IpAddress kV6Loopback = [] {
    net::IpAddress l;
    l.v6 = true;
    l.bytes[15] = 1;
    return l;
  }();
  return a == kV6Loopback;
}

// Why `a` may not be the answer of a name, or "" when it may. A --resolve
// pin is the user's own statement of where a name is: only deny patterns
// apply to it.
std::string Withheld(const Context& ctx, const net::IpAddress& a, bool pinned) {
  for (const auto& p : ctx.config.allow.deny())
    if (p.kind == net::HostPattern::Kind::kAddress && p.MatchesAddress(a) && p.ports == net::kAllPorts)
      return "an address denied by --deny-host " + p.text + ": " + net::FormatIp(a);
  if (pinned || ctx.config.allow.AddressAllowedExplicitly(a)) return "";
  auto c = net::Classify(a);
  if (c != net::AddressClass::kPublic) return std::string(net::ClassName(c)) + " address " + net::FormatIp(a);
  const auto& own = ctx.config.host_addresses;
  if (std::find(own.begin(), own.end(), a) != own.end()) return "this host's own address " + net::FormatIp(a);
  return "";
}

// Keeps what may be connected to, routes it into the jail, remembers the name.
LookupResult Check(Context& ctx, const std::string& name, const std::vector<net::IpAddress>& found, bool pinned) {
  LookupResult r;
  for (const auto& a : found) {
    if (a.v6 && !ctx.config.jail_has_ipv6) continue;
    if (auto why = Withheld(ctx, a, pinned); !why.empty()) {
      if (r.refused.empty()) r.refused = name + " resolves to " + why;
      continue;
    }
    if (!ctx.names_of.count(a) && ctx.names_of.size() >= kMaxAddresses) {
      if (r.refused.empty())
        r.refused = "more than " + std::to_string(kMaxAddresses) + " addresses handed out in this run";
      continue;
    }
    if (!IsJailLoopback(a) && !ctx.routed.count(a)) {
      if (auto st = ctx.config.route(a); !st) {
        if (r.refused.empty()) r.refused = "cannot route " + net::FormatIp(a) + " into the jail: " + st.error().message;
        continue;
      }
      ctx.routed.insert(a);
    }
    ctx.names_of[a].insert(name);
    r.addresses.push_back(a);
  }
  if (r.addresses.empty() && !r.refused.empty()) r.rcode = net::DnsRcode::kNxDomain;
  return r;
}

// getaddrinfo on the lookup pool. A named coroutine, not a capturing
// lambda: GCC 12 frees a lambda coroutine's captured string twice when its
// frame is destroyed on the pool's thread.
asio::awaitable<HostLookup> ResolveOnPool(std::string name) { co_return HostResolve(name); }

}  // namespace

asio::awaitable<Result<std::vector<net::IpAddress>>> HostAddresses(Context& ctx, std::string name) {
  for (const auto& answer : ctx.config.host_answers)
    if (answer.name == name) co_return answer.addresses;
  auto found = co_await asio::co_spawn(ctx.lookups, ResolveOnPool(name), asio::use_awaitable);
  if (found.gai_error != 0 && found.addresses.empty())
    co_return OpError("resolve", name, gai_strerror(found.gai_error));
  if (found.addresses.empty()) co_return OpError("resolve", name, "no address");
  co_return found.addresses;
}

asio::awaitable<LookupResult> Lookup(Context& ctx, std::string name) {
  for (const auto& pin : ctx.config.pins)
    if (pin.name == name) co_return Check(ctx, name, pin.addresses, true);
  for (const auto& answer : ctx.config.host_answers)
    if (answer.name == name) co_return Check(ctx, name, answer.addresses, false);
  auto now = std::chrono::steady_clock::now();
  if (auto it = ctx.cache.find(name); it != ctx.cache.end() && it->second.expires > now) co_return it->second.result;
  auto found = co_await asio::co_spawn(ctx.lookups, ResolveOnPool(name), asio::use_awaitable);
  LookupResult r;
  if (found.gai_error == EAI_NONAME) r.rcode = net::DnsRcode::kNxDomain;
  else if (found.gai_error != 0 && found.gai_error != EAI_NODATA && found.gai_error != EAI_ADDRFAMILY)
    r.rcode = net::DnsRcode::kServFail;
  else r = Check(ctx, name, found.addresses, false);
  if (ctx.cache.size() > 4096) ctx.cache.clear();
  ctx.cache[name] = {r, std::chrono::steady_clock::now() + kCacheTime};
  co_return r;
}

}  // namespace paddock::proxy
