#include "proxy/proxy_port.h"

#include "net/http_request.h"
#include "net/socks5.h"
#include "proxy/flow.h"
#include "proxy/relay.h"

namespace paddock::proxy {
namespace {

std::string AsString(const std::vector<uint8_t>& v) { return {v.begin(), v.end()}; }

std::string HttpError(int status, const char* phrase, const std::string& why) {
  std::string body = "paddock: " + why + "\n";
  return "HTTP/1.1 " + std::to_string(status) + " " + phrase +
         "\r\nContent-Type: text/plain\r\nConnection: close\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + body;
}

void RecordDenied(Context& ctx, const char* via, const std::string& name, uint16_t port, const std::string& why) {
  Decision d;
  d.via = via;
  d.name = name;
  d.port = port;
  d.reason = why;
  ctx.events.Record(d);
}

asio::awaitable<void> ServeSocks(Context& ctx, asio::ip::tcp::socket jail, std::string pending) {
  net::SocksGreeting greeting;
  auto greeted = [&](const std::string& d) {
    greeting = net::ParseSocksGreeting(Bytes(d));
    return greeting.status != net::SocksStatus::kNeedMore;
  };
  if (!co_await ReadUntil(ctx, jail, pending, 512, greeted) || greeting.status != net::SocksStatus::kOk) co_return;
  if (!greeting.offers_no_auth) {
    co_await WriteAll(jail, AsString(net::SocksMethodSelection(net::kSocksNoAcceptableMethod)));
    co_return;
  }
  if (!co_await WriteAll(jail, AsString(net::SocksMethodSelection(net::kSocksNoAuth)))) co_return;
  pending.erase(0, greeting.size);
  net::SocksRequest request;
  auto requested = [&](const std::string& d) {
    request = net::ParseSocksRequest(Bytes(d));
    return request.status != net::SocksStatus::kNeedMore;
  };
  if (!co_await ReadUntil(ctx, jail, pending, 512, requested)) co_return;
  auto refuse = [&](net::SocksReply r) { return WriteAll(jail, AsString(net::SocksReplyMessage(r))); };
  if (request.status != net::SocksStatus::kOk) {
    co_await refuse(request.unknown_address_type ? net::SocksReply::kAddressTypeNotSupported
                                                 : net::SocksReply::kGeneralFailure);
    co_return;
  }
  if (request.command != net::kSocksConnect) {
    co_await refuse(net::SocksReply::kCommandNotSupported);
    co_return;
  }
  pending.erase(0, request.size);
  std::string host = request.by_name ? request.name : net::FormatIp(request.address);
  // Not a conditional expression: GCC 12 miscompiles co_await inside one.
  Result<Target> target = Error{""};
  if (request.by_name) target = co_await DecideName(ctx, request.name, request.port);
  else target = DecideAddress(ctx, request.address, request.port);
  if (!target) {
    RecordDenied(ctx, "socks5", host, request.port, target.error().message);
    co_await refuse(net::SocksReply::kNotAllowed);
    co_return;
  }
  FlowOptions o;
  o.via = "socks5";
  o.pending = std::move(pending);
  o.on_connected = AsString(net::SocksReplyMessage(net::SocksReply::kSucceeded));
  o.on_failed = AsString(net::SocksReplyMessage(net::SocksReply::kHostUnreachable));
  co_await RunFlow(ctx, std::move(jail), std::move(*target), std::move(o));
}

asio::awaitable<void> ServeHttp(Context& ctx, asio::ip::tcp::socket jail, std::string pending) {
  net::HeadResult head;
  auto complete = [&](const std::string& d) {
    head = net::ParseRequestHead(d);
    return head.status != net::HeadResult::Status::kNeedMore;
  };
  if (!co_await ReadUntil(ctx, jail, pending, net::kMaxRequestHead, complete)) co_return;
  if (head.status != net::HeadResult::Status::kOk) {
    co_await WriteAll(jail, HttpError(400, "Bad Request", "not an HTTP proxy request: " + head.error));
    co_return;
  }
  bool connect = head.head.method == "CONNECT";
  Result<net::Authority> authority = Error{""};
  if (connect) {
    authority = net::ParseAuthority(head.head.target, 443);
  } else if (auto abs = net::SplitAbsoluteUri(head.head.target)) {
    authority = abs->first;
  } else {
    co_await WriteAll(jail, HttpError(400, "Bad Request", "a proxy request needs CONNECT or an absolute http:// URI"));
    co_return;
  }
  if (!authority) {
    co_await WriteAll(jail, HttpError(400, "Bad Request", authority.error().message));
    co_return;
  }
  auto target = co_await DecideName(ctx, authority->host, authority->port);
  if (!target) {
    RecordDenied(ctx, "http-proxy", authority->host, authority->port, target.error().message);
    co_await WriteAll(jail, HttpError(403, "Forbidden",
                                      authority->host + ":" + std::to_string(authority->port) +
                                          " is not allowed: " + target.error().message));
    co_return;
  }
  FlowOptions o;
  o.via = "http-proxy";
  if (connect) {
    o.pending = pending.substr(head.head.size);
    o.on_connected = "HTTP/1.1 200 Connection established\r\n\r\n";
    o.on_failed = HttpError(502, "Bad Gateway", "cannot connect to " + authority->host);
  } else {
    // Each request's name is checked like on a program's own plain-HTTP
    // connection; it goes on in origin-form.
    o.pending = std::move(pending);
    o.origin_form = true;
    target->inspect = true;
    target->names = {target->label};
  }
  co_await RunFlow(ctx, std::move(jail), std::move(*target), std::move(o));
}

}  // namespace

asio::awaitable<void> ServeProxyClient(Context& ctx, asio::ip::tcp::socket jail) {
  std::string pending;
  if (!co_await ReadUntil(ctx, jail, pending, 1, [](const std::string& d) { return !d.empty(); })) co_return;
  if (static_cast<uint8_t>(pending[0]) == net::kSocksVersion)
    co_await ServeSocks(ctx, std::move(jail), std::move(pending));
  else co_await ServeHttp(ctx, std::move(jail), std::move(pending));
}

}  // namespace paddock::proxy
