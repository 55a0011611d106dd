// Where a connection may go (docs/network.md, "Decisions").
#include "base/strings.h"
#include "proxy/context.h"

namespace paddock::proxy {

net::IpAddress FromAsio(const asio::ip::address& a) {
  net::IpAddress out;
  if (a.is_v4()) {
    auto b = a.to_v4().to_bytes();
    std::copy(b.begin(), b.end(), out.bytes.begin());
  } else {
    out.v6 = true;
    auto b = a.to_v6().to_bytes();
    std::copy(b.begin(), b.end(), out.bytes.begin());
  }
  return net::Unmapped(out);
}

asio::ip::address ToAsio(const net::IpAddress& a) {
  if (!a.v6) return asio::ip::address_v4({a.bytes[0], a.bytes[1], a.bytes[2], a.bytes[3]});
  asio::ip::address_v6::bytes_type b;
  std::copy(a.bytes.begin(), a.bytes.end(), b.begin());
  return asio::ip::address_v6(b);
}

Result<Target> DecideAddress(Context& ctx, const net::IpAddress& address, uint16_t port) {
  std::string where = net::FormatIp(address) + ":" + std::to_string(port);
  auto as_such = ctx.config.allow.CheckAddress(address, port);
  if (as_such.allowed) {
    Target t;
    t.label = net::FormatIp(address);
    t.addresses = {address};
    t.port = port;
    return t;
  }
  // A deny pattern for the address wins over any name that led there.
  if (!as_such.pattern.empty()) return Error{as_such.reason};
  auto it = ctx.names_of.find(address);
  if (it == ctx.names_of.end()) return Error{"no allowed name resolved to " + net::FormatIp(address)};
  Target t;
  t.addresses = {address};
  t.port = port;
  t.inspect = true;
  std::string last_reason;
  for (const auto& name : it->second) {
    auto v = ctx.config.allow.CheckName(name, port);
    if (!v.allowed) {
      last_reason = v.reason;
      continue;
    }
    t.names.insert(name);
    if (!v.inspect) t.inspect = false;
  }
  if (t.names.empty())
    return Error{"port " + std::to_string(port) + " is not allowed for " +
                 Join({it->second.begin(), it->second.end()}, ", ") +
                 (last_reason.empty() ? "" : " (" + last_reason + ")")};
  t.label = *t.names.begin();
  return t;
}

asio::awaitable<Result<Target>> DecideName(Context& ctx, std::string raw_name, uint16_t port) {
  if (auto ip = net::ParseIp(raw_name)) co_return DecideAddress(ctx, *ip, port);
  auto name = net::NormalizeHostName(raw_name);
  if (!name) co_return Error{name.error().message};
  auto v = ctx.config.allow.CheckName(*name, port);
  if (!v.allowed) co_return Error{v.reason};
  auto found = co_await Lookup(ctx, *name);
  if (found.addresses.empty()) co_return Error{found.refused.empty() ? *name + " does not resolve" : found.refused};
  Target t;
  t.label = *name;
  t.addresses = found.addresses;
  t.port = port;
  t.inspect = v.inspect;
  t.names = {*name};
  co_return t;
}

}  // namespace paddock::proxy
