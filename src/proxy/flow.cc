#include "proxy/flow.h"

#include <asio/experimental/awaitable_operators.hpp>

#include "net/client_hello.h"
#include "net/http_request.h"
#include "proxy/relay.h"

namespace paddock::proxy {
namespace {

// Checks the name a request shows: its Host, and the authority of an
// absolute-form target (which servers prefer to Host).
std::string CheckRequestName(const net::HttpRequestHead& head, const Target& target) {
  // A CONNECT to a web server would make the rest of the connection opaque.
  if (head.method == "CONNECT") return "a CONNECT request on a connection to " + target.label;
  auto host = head.Header("host");
  if (!host) return "a request without a Host header";
  std::vector<std::string> shown = {*host};
  if (auto abs = net::SplitAbsoluteUri(head.target)) shown.push_back(abs->first.host);
  for (const auto& text : shown) {
    auto authority = net::ParseAuthority(text, target.port);
    if (!authority) return "a request whose Host cannot be read: " + authority.error().message;
    auto name = net::NormalizeHostName(authority->host);
    if (!name || !target.names.count(*name))
      return "a request for " + authority->host + " on a connection to " + target.label;
  }
  return "";
}

// What the first octets of a connection must show: a ClientHello naming one
// of target.names, or an HTTP request head whose Host does. "" when they do.
asio::awaitable<std::string> CheckShownName(Context& ctx, asio::ip::tcp::socket& jail, const Target& target,
                                            std::string& pending, std::string& shown) {
  net::ClientHelloInfo hello;
  net::HeadResult head;
  auto complete = [&](const std::string& data) {
    hello = net::ParseClientHello(Bytes(data));
    if (hello.status != net::ClientHelloInfo::Status::kNotTls)
      return hello.status != net::ClientHelloInfo::Status::kNeedMore;
    head = net::ParseRequestHead(data);
    return head.status != net::HeadResult::Status::kNeedMore;
  };
  if (!co_await ReadUntil(ctx, jail, pending, net::kMaxClientHello, complete))
    co_return "no TLS ClientHello or HTTP request within the time and size limits";
  using S = net::ClientHelloInfo::Status;
  if (hello.status == S::kMalformed) co_return "a malformed TLS ClientHello: " + hello.error;
  if (hello.status == S::kOk) {
    if (hello.encrypted_client_hello) co_return "a TLS ClientHello with Encrypted Client Hello hides the name";
    if (!hello.has_server_name) co_return "a TLS ClientHello without a server name (SNI)";
    shown = hello.server_name;
    if (!target.names.count(hello.server_name))
      co_return "TLS for " + hello.server_name + " on a connection to " + target.label;
    co_return "";
  }
  if (head.status != net::HeadResult::Status::kOk) co_return "neither TLS nor an HTTP request: " + head.error;
  if (auto host = head.head.Header("host")) shown = *host;
  co_return CheckRequestName(head.head, target);
}

// The head at the start of `pending` with an absolute-form target written
// in origin-form (the rest of the head as sent).
std::string OriginFormHead(std::string_view pending, const net::HttpRequestHead& head) {
  auto abs = net::SplitAbsoluteUri(head.target);
  std::string_view raw = pending.substr(0, head.size);
  if (!abs) return std::string(raw);
  size_t line_end = raw.find("\r\n");
  return head.method + " " + abs->second + " HTTP/1." + std::to_string(head.version_minor) +
         std::string(raw.substr(line_end));
}

// jail -> upstream on plain HTTP: every request head's name is checked
// before its octets go on; after an Upgrade the stream is opaque.
asio::awaitable<bool> ForwardRequests(Context& ctx, asio::ip::tcp::socket& jail, asio::ip::tcp::socket& upstream,
                                      std::string pending, const Target& target, bool origin_form, Traffic& traffic,
                                      std::string& denied) {
  net::RequestStream stream;
  std::vector<char> buffer(64 * 1024);
  for (;;) {
    while (!pending.empty() && !stream.opaque()) {
      auto step = stream.Next(pending);
      if (!step) {
        denied = "a malformed HTTP request: " + step.error().message;
        co_return false;
      }
      if (step->head) {
        if (auto why = CheckRequestName(*step->head, target); !why.empty()) {
          denied = why;
          co_return false;
        }
      }
      if (step->head && origin_form) {
        std::string rewritten = OriginFormHead(pending, *step->head);
        if (!co_await WriteAll(upstream, rewritten)) co_return false;
        traffic.up += step->head->size;
        pending.erase(0, step->head->size);
        step->forward -= step->head->size;
      }
      if (step->forward) {
        if (!co_await WriteAll(upstream, std::string_view(pending).substr(0, step->forward))) co_return false;
        traffic.up += step->forward;
        pending.erase(0, step->forward);
      }
      if (step->need_more) break;
    }
    if (stream.opaque()) {
      if (!co_await WriteAll(upstream, pending)) co_return false;
      traffic.up += pending.size();
      co_return co_await SpliceAll(jail, upstream, traffic.up, traffic);
    }
    if (pending.size() > net::kMaxRequestHead) {
      denied = "an HTTP request head larger than " + std::to_string(net::kMaxRequestHead) + " octets";
      co_return false;
    }
    auto [ec, n] = co_await jail.async_read_some(asio::buffer(buffer), kNoThrow);
    if (ec == asio::error::eof) {
      ::shutdown(upstream.native_handle(), SHUT_WR);
      co_return true;
    }
    if (ec) co_return false;
    traffic.last = std::chrono::steady_clock::now();
    pending.append(buffer.data(), n);
  }
}

asio::awaitable<void> RelayHttp(Context& ctx, asio::ip::tcp::socket& jail, asio::ip::tcp::socket& upstream,
                                std::string pending, const Target& target, bool origin_form, Traffic& traffic,
                                std::string& denied) {
  using namespace asio::experimental::awaitable_operators;
  auto up = [&]() -> asio::awaitable<void> {
    if (!co_await ForwardRequests(ctx, jail, upstream, std::move(pending), target, origin_form, traffic, denied)) {
      ::shutdown(jail.native_handle(), SHUT_RDWR);
      ::shutdown(upstream.native_handle(), SHUT_RDWR);
    }
  };
  co_await ((up() && SpliceAll(upstream, jail, traffic.down, traffic)) ||
            IdleWatch(jail, upstream, traffic, ctx.config.idle_timeout_ms));
}

Decision Event(const FlowOptions& o, const Target& t, bool allowed, std::string reason) {
  Decision d;
  d.allowed = allowed;
  d.via = o.via;
  d.name = t.names.empty() ? "" : t.label;
  d.address = t.addresses.empty() ? "" : net::FormatIp(t.addresses.front());
  d.port = t.port;
  d.reason = std::move(reason);
  return d;
}

// A denial names what the stream showed (the SNI or Host asked for), when it
// showed one: that is what the user will want to allow or investigate.
Decision Shown(Decision d, const std::string& shown) {
  if (!shown.empty()) d.name = shown;
  return d;
}

}  // namespace

asio::awaitable<bool> ReadUntil(Context& ctx, asio::ip::tcp::socket& socket, std::string& pending, size_t limit,
                                const std::function<bool(const std::string&)>& complete) {
  if (!pending.empty() && complete(pending)) co_return true;
  asio::steady_timer deadline(ctx.io);
  deadline.expires_after(std::chrono::milliseconds(ctx.config.handshake_timeout_ms));
  deadline.async_wait([&socket](asio::error_code ec) {
    if (!ec) socket.cancel();
  });
  std::vector<char> buffer(4096);
  while (pending.size() < limit) {
    auto [ec, n] = co_await socket.async_read_some(asio::buffer(buffer), kNoThrow);
    if (ec) break;
    pending.append(buffer.data(), n);
    if (complete(pending)) {
      deadline.cancel();
      co_return true;
    }
  }
  deadline.cancel();
  co_return false;
}

asio::awaitable<Result<asio::ip::tcp::socket>> ConnectUpstream(Context& ctx, const Target& target) {
  std::string last = "no address";
  for (const auto& address : target.addresses) {
    asio::ip::tcp::socket socket(ctx.io);
    asio::steady_timer deadline(ctx.io);
    deadline.expires_after(std::chrono::milliseconds(ctx.config.connect_timeout_ms));
    deadline.async_wait([&socket](asio::error_code ec) {
      if (!ec) socket.cancel();
    });
    asio::ip::tcp::endpoint to(ToAsio(address), target.port);
    auto [ec] = co_await socket.async_connect(to, kNoThrow);
    deadline.cancel();
    if (!ec) {
      socket.set_option(asio::ip::tcp::no_delay(true));
      socket.native_non_blocking(true);
      co_return std::move(socket);
    }
    last = net::FormatIp(address) + ": " + (ec == asio::error::operation_aborted ? "timed out" : ec.message());
  }
  co_return Error{"cannot connect to " + target.label + ":" + std::to_string(target.port) + " (" + last + ")"};
}

asio::awaitable<void> RunFlow(Context& ctx, asio::ip::tcp::socket jail, Target target, FlowOptions o) {
  auto started = std::chrono::steady_clock::now();
  std::string pending = std::move(o.pending), shown;
  bool proxied = !o.on_connected.empty();
  if (target.inspect && !proxied) {
    if (auto why = co_await CheckShownName(ctx, jail, target, pending, shown); !why.empty()) {
      ctx.events.Record(Shown(Event(o, target, false, why), shown));
      Reset(jail);
      co_return;
    }
  }
  auto upstream = co_await ConnectUpstream(ctx, target);
  if (!upstream) {
    ctx.events.Record(Event(o, target, false, upstream.error().message));
    if (proxied) co_await WriteAll(jail, o.on_failed);
    Reset(jail);
    co_return;
  }
  if (proxied && !co_await WriteAll(jail, o.on_connected)) co_return;
  if (target.inspect && proxied) {
    if (auto why = co_await CheckShownName(ctx, jail, target, pending, shown); !why.empty()) {
      ctx.events.Record(Shown(Event(o, target, false, why), shown));
      Reset(jail);
      co_return;
    }
  }
  ctx.events.Record(Event(o, target, true, ""));
  jail.native_non_blocking(true);
  Traffic traffic;
  std::string denied;
  bool tls = !pending.empty() && static_cast<uint8_t>(pending[0]) == 0x16;
  if (target.inspect && !tls) {
    co_await RelayHttp(ctx, jail, *upstream, std::move(pending), target, o.origin_form, traffic, denied);
  } else {
    if (co_await WriteAll(*upstream, pending)) {
      traffic.up += pending.size();
      co_await RelayBoth(jail, *upstream, traffic, ctx.config.idle_timeout_ms);
    }
  }
  if (!denied.empty()) ctx.events.Record(Event(o, target, false, denied));
  Decision end = Event(o, target, true, "");
  end.finished = true;
  end.bytes_up = traffic.up;
  end.bytes_down = traffic.down;
  end.duration_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  ctx.events.Record(end);
}

}  // namespace paddock::proxy
