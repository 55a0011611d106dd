#include "proxy/dns_server.h"

#include <memory>

namespace paddock::proxy {
namespace {

constexpr uint32_t kTtl = 30;
constexpr size_t kMaxInFlight = 256;

asio::awaitable<std::vector<uint8_t>> Answer(Context& ctx, std::vector<uint8_t> message, size_t max_size) {
  auto query = net::ParseDnsQuery(message);
  if (!query) {
    int id = net::DnsMessageId(message);
    co_return id < 0 ? std::vector<uint8_t>{} : net::BuildDnsError(static_cast<uint16_t>(id), net::DnsRcode::kFormErr);
  }
  size_t limit = std::min(max_size, std::max<size_t>(512, query->udp_payload));
  if (query->klass != net::kDnsClassIn) co_return net::BuildDnsAnswer(*query, net::DnsRcode::kNotImp, {}, 0, limit);
  auto name = net::NormalizeHostName(query->name);
  auto verdict = name ? ctx.config.allow.CheckResolvable(*name) : net::Verdict{};
  if (!name || !verdict.allowed) {
    Decision d;
    d.via = "dns";
    d.name = query->name;
    d.reason = name ? verdict.reason : "not a host name: " + name.error().message;
    ctx.events.Record(d);
    co_return net::BuildDnsAnswer(*query, net::DnsRcode::kNxDomain, {}, 0, limit);
  }
  if (query->type != net::kDnsTypeA && query->type != net::kDnsTypeAaaa)
    co_return net::BuildDnsAnswer(*query, net::DnsRcode::kNoError, {}, 0, limit);
  auto found = co_await Lookup(ctx, *name);
  if (!found.refused.empty() && found.addresses.empty()) {
    Decision d;
    d.via = "dns";
    d.name = *name;
    d.reason = found.refused;
    d.answer_withheld = true;
    ctx.events.Record(d);
  }
  std::vector<net::IpAddress> of_type;
  for (const auto& a : found.addresses)
    if (a.v6 == (query->type == net::kDnsTypeAaaa)) of_type.push_back(a);
  co_return net::BuildDnsAnswer(*query, found.rcode, of_type, kTtl, limit);
}

asio::awaitable<void> AnswerUdp(Context& ctx, asio::ip::udp::socket& socket, asio::ip::udp::endpoint from,
                                std::vector<uint8_t> message) {
  auto reply = co_await Answer(ctx, std::move(message), 4096);
  --ctx.dns_in_flight;
  if (!reply.empty()) co_await socket.async_send_to(asio::buffer(reply), from, kNoThrow);
}

asio::awaitable<void> AnswerTcp(Context& ctx, asio::ip::tcp::socket socket) {
  ++ctx.connections;
  // A client that holds the connection without asking is closed after the
  // handshake timeout, so idle connections cannot use up the limit.
  asio::steady_timer idle(ctx.io);
  auto arm = [&] {
    idle.expires_after(std::chrono::milliseconds(ctx.config.handshake_timeout_ms));
    idle.async_wait([&socket](asio::error_code ec) {
      if (!ec) socket.cancel();
    });
  };
  for (arm();; arm()) {
    uint8_t size[2];
    auto [ec, n] = co_await asio::async_read(socket, asio::buffer(size), kNoThrow);
    if (ec) break;
    std::vector<uint8_t> message(size[0] << 8 | size[1]);
    auto [ec2, n2] = co_await asio::async_read(socket, asio::buffer(message), kNoThrow);
    if (ec2) break;
    auto reply = co_await Answer(ctx, std::move(message), 65535);
    if (reply.empty()) break;
    uint8_t head[2] = {static_cast<uint8_t>(reply.size() >> 8), static_cast<uint8_t>(reply.size())};
    std::array<asio::const_buffer, 2> out = {asio::buffer(head), asio::buffer(reply)};
    auto [ec3, n3] = co_await asio::async_write(socket, out, kNoThrow);
    if (ec3) break;
  }
  idle.cancel();
  --ctx.connections;
}

}  // namespace

asio::awaitable<void> ServeDnsUdp(Context& ctx, asio::ip::udp::socket& socket) {
  std::vector<uint8_t> buffer(65536);
  for (;;) {
    asio::ip::udp::endpoint from;
    auto [ec, n] = co_await socket.async_receive_from(asio::buffer(buffer), from, kNoThrow);
    if (ec == asio::error::operation_aborted || ec == asio::error::bad_descriptor) co_return;
    if (ec) continue;
    if (ctx.dns_in_flight >= kMaxInFlight) continue;  // a flood: drop, the client retries
    ++ctx.dns_in_flight;
    asio::co_spawn(ctx.io, AnswerUdp(ctx, socket, from, {buffer.begin(), buffer.begin() + n}), asio::detached);
  }
}

asio::awaitable<void> ServeDnsTcp(Context& ctx, asio::ip::tcp::acceptor& acceptor) {
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(kNoThrow);
    if (ec == asio::error::operation_aborted || ec == asio::error::bad_descriptor) co_return;
    if (ec) continue;
    if (ctx.connections >= ctx.config.max_connections) continue;
    asio::co_spawn(ctx.io, AnswerTcp(ctx, std::move(socket)), asio::detached);
  }
}

}  // namespace paddock::proxy
