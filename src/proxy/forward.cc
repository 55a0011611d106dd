#include "proxy/forward.h"

#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>

#include <asio/experimental/awaitable_operators.hpp>
#include <optional>

#include "net/forward_request.h"
#include "net/ip_address.h"
#include "proxy/flow.h"
#include "proxy/relay.h"

namespace paddock::proxy {
namespace {

using TlsStream = asio::ssl::stream<asio::ip::tcp::socket>;
constexpr size_t kBuffer = 64 * 1024;

// What the two directions of one forwarded connection share.
struct Link {
  Context& ctx;
  net::UpstreamUrl url;
  net::ForwardCredential credential;
  asio::ip::tcp::socket& jail;
  TlsStream& upstream;
  Traffic traffic;
  std::string refused;  // why a request of the jail was not sent on; "" while all were
};

void ShutBoth(Link& link) {
  ::shutdown(link.jail.native_handle(), SHUT_RDWR);
  ::shutdown(link.upstream.next_layer().native_handle(), SHUT_RDWR);
}

asio::awaitable<bool> WriteTls(TlsStream& to, std::string_view data) {
  auto [ec, n] = co_await asio::async_write(to, asio::buffer(data.data(), data.size()), kNoThrow);
  co_return !ec;
}

std::string BadGateway(const Forward& forward, std::string_view reason) {
  std::string body = "paddock: forwarder " + forward.name + ": " + std::string(reason) + "\n";
  return "HTTP/1.1 502 Bad Gateway\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: " +
         std::to_string(body.size()) + "\r\nconnection: close\r\n\r\n" + body;
}

// Answers the jail and closes. What the client still sends is read and
// dropped for a moment first: closing with unread input resets the
// connection, which can destroy the answer before the client reads it.
asio::awaitable<void> AnswerAndClose(Context& ctx, asio::ip::tcp::socket& jail, std::string answer) {
  if (co_await WriteAll(jail, answer)) {
    ::shutdown(jail.native_handle(), SHUT_WR);
    asio::steady_timer deadline(ctx.io);
    deadline.expires_after(std::chrono::seconds(1));
    deadline.async_wait([&jail](asio::error_code ec) {
      if (!ec) jail.cancel();
    });
    std::vector<char> buffer(kBuffer);
    for (size_t drained = 0; drained < 16 * kBuffer;) {
      auto [ec, n] = co_await jail.async_read_some(asio::buffer(buffer), kNoThrow);
      if (ec) break;
      drained += n;
    }
    deadline.cancel();
  }
  asio::error_code ignored;
  jail.close(ignored);
}

// The first request head, checked before the upstream is connected so that
// a refused request never reaches it: "" when it may go on, the reason when
// not, nullopt when the jail sent nothing at all.
asio::awaitable<std::optional<std::string>> CheckFirstRequest(Context& ctx, asio::ip::tcp::socket& jail,
                                                              const net::UpstreamUrl& url,
                                                              const net::ForwardCredential& credential,
                                                              std::string& pending) {
  auto complete = [](const std::string& data) {
    return net::ParseRequestHead(data).status != net::HeadResult::Status::kNeedMore;
  };
  bool complete_head = co_await ReadUntil(ctx, jail, pending, net::kMaxRequestHead + 1, complete);
  if (!complete_head && pending.empty()) co_return std::nullopt;
  if (!complete_head) co_return std::string("no complete HTTP request head within the time limit");
  auto head = net::ParseRequestHead(pending);
  if (head.status != net::HeadResult::Status::kOk) co_return "a malformed HTTP request: " + head.error;
  auto rewritten = net::RewriteForwardHead(head.head, url, credential);
  if (!rewritten) co_return rewritten.error().message;
  co_return std::string();
}

asio::awaitable<Result<std::vector<net::IpAddress>>> UpstreamAddresses(Context& ctx, const std::string& host) {
  if (auto address = net::ParseIp(host)) co_return std::vector<net::IpAddress>{*address};
  auto found = co_await HostAddresses(ctx, host);
  co_return found;
}

// Why a handshake failed, in words: the certificate check's own reason
// (untrusted issuer, expired, another host's name) when it was that.
std::string HandshakeProblem(TlsStream& tls, const asio::error_code& ec) {
  if (ec == asio::error::operation_aborted) return "timed out";
  long verify = SSL_get_verify_result(tls.native_handle());
  if (verify != X509_V_OK) return std::string("the certificate is refused: ") + X509_verify_cert_error_string(verify);
  return ec.message();
}

// Peer verification with the upstream's name (SNI too) or address, both by
// OpenSSL's own check and by Asio's RFC 6125 one.
void VerifyPeer(TlsStream& tls, const std::string& host) {
  SSL* ssl = tls.native_handle();
  if (net::ParseIp(host)) {
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host.c_str());
  } else {
    SSL_set_tlsext_host_name(ssl, host.c_str());
    SSL_set1_host(ssl, host.c_str());
  }
  tls.set_verify_mode(asio::ssl::verify_peer);
  tls.set_verify_callback(asio::ssl::host_name_verification(host));
}

// Resolved on the host, connected, TLS verified. `d` learns the address.
asio::awaitable<Result<std::unique_ptr<TlsStream>>> OpenUpstream(Context& ctx, const Forward& forward, Decision& d) {
  auto addresses = co_await UpstreamAddresses(ctx, forward.upstream_host);
  if (!addresses) co_return addresses.error();
  Target target;
  target.label = net::UpstreamAuthority({forward.upstream_host, 443, ""});
  target.addresses = std::move(*addresses);
  target.port = forward.upstream_port;
  auto socket = co_await ConnectUpstream(ctx, target);
  if (!socket) co_return socket.error();
  asio::error_code ec;
  auto peer = socket->remote_endpoint(ec);
  if (!ec) d.address = net::FormatIp(FromAsio(peer.address()));
  if (!*ctx.tls) {
    auto made = MakeForwardTls(ctx.config.ca_file);
    if (!made) co_return made.error();
    *ctx.tls = std::move(*made);
  }
  auto tls = std::make_unique<TlsStream>(std::move(*socket), **ctx.tls);
  VerifyPeer(*tls, forward.upstream_host);
  asio::steady_timer deadline(ctx.io);
  deadline.expires_after(std::chrono::milliseconds(ctx.config.handshake_timeout_ms));
  deadline.async_wait([&stream = *tls](asio::error_code e) {
    if (!e) stream.next_layer().cancel();
  });
  auto [handshake_ec] = co_await tls->async_handshake(asio::ssl::stream_base::client, kNoThrow);
  deadline.cancel();
  if (handshake_ec) {
    std::string where = target.label + ":" + std::to_string(target.port);
    co_return OpError("set up TLS with", where, HandshakeProblem(*tls, handshake_ec));
  }
  co_return std::move(tls);
}

// Sends on the whole heads (rewritten) and the body octets `pending` holds.
// False when a request is refused (link.refused) or the upstream fails.
asio::awaitable<bool> SendPending(Link& link, net::RequestStream& stream, std::string& pending) {
  while (!pending.empty() && !stream.opaque()) {
    auto step = stream.Next(pending);
    if (!step) {
      link.refused = "a malformed HTTP request: " + step.error().message;
      co_return false;
    }
    if (step->head) {
      auto head = net::RewriteForwardHead(*step->head, link.url, link.credential);
      if (!head) {
        link.refused = head.error().message;
        co_return false;
      }
      if (!co_await WriteTls(link.upstream, *head)) co_return false;
      link.traffic.up += head->size();
      pending.erase(0, step->head->size);
      step->forward -= step->head->size;
    }
    if (step->forward) {
      if (!co_await WriteTls(link.upstream, std::string_view(pending).substr(0, step->forward))) co_return false;
      link.traffic.up += step->forward;
      pending.erase(0, step->forward);
    }
    if (step->need_more) break;
  }
  if (stream.opaque() && !pending.empty()) {  // after an Upgrade: no more requests to rewrite
    if (!co_await WriteTls(link.upstream, pending)) co_return false;
    link.traffic.up += pending.size();
    pending.clear();
  }
  co_return true;
}

// jail -> upstream, request by request, until the jail's end.
asio::awaitable<void> SendRequests(Link& link, std::string pending) {
  net::RequestStream stream;
  std::vector<char> buffer(kBuffer);
  for (;;) {
    bool sent = co_await SendPending(link, stream, pending);
    if (sent && !stream.opaque() && pending.size() > net::kMaxRequestHead)
      link.refused = "an HTTP request head larger than " + std::to_string(net::kMaxRequestHead) + " octets";
    if (!link.refused.empty()) {  // the upstream ends; the jail is answered once both directions stopped
      ::shutdown(link.upstream.next_layer().native_handle(), SHUT_RDWR);
      co_return;
    }
    if (!sent) break;
    auto [ec, n] = co_await link.jail.async_read_some(asio::buffer(buffer), kNoThrow);
    if (ec == asio::error::eof) {
      ::shutdown(link.upstream.next_layer().native_handle(), SHUT_WR);
      co_return;
    }
    if (ec) break;
    link.traffic.last = std::chrono::steady_clock::now();
    pending.append(buffer.data(), n);
  }
  ShutBoth(link);
}

// upstream -> jail, octets as they arrive: a streamed response streams. The
// upstream's end ends the connection, unless a refusal is still to be answered.
asio::awaitable<void> ReceiveResponses(Link& link) {
  std::vector<char> buffer(kBuffer);
  for (;;) {
    auto [ec, n] = co_await link.upstream.async_read_some(asio::buffer(buffer), kNoThrow);
    if (ec || !link.refused.empty()) break;
    link.traffic.down += n;
    link.traffic.last = std::chrono::steady_clock::now();
    if (!co_await WriteAll(link.jail, std::string_view(buffer.data(), n))) break;
  }
  if (link.refused.empty()) ShutBoth(link);
}

asio::awaitable<void> Relay(Link& link, std::string pending) {
  using namespace asio::experimental::awaitable_operators;
  co_await ((SendRequests(link, std::move(pending)) && ReceiveResponses(link)) ||
            IdleWatch(link.jail, link.upstream.next_layer(), link.traffic, link.ctx.config.idle_timeout_ms));
}

Decision ForwardDecision(const Forward& forward) {
  Decision d;
  d.via = "forward";
  d.label = forward.name;
  if (!net::ParseIp(forward.upstream_host)) d.name = forward.upstream_host;
  else d.address = forward.upstream_host;
  d.port = forward.upstream_port;
  return d;
}

}  // namespace

Result<std::unique_ptr<asio::ssl::context>> MakeForwardTls(const std::string& ca_file) {
  std::unique_ptr<asio::ssl::context> tls;
  try {
    tls = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_client);
  } catch (const std::exception& e) {
    return Error{std::string("cannot make a TLS context for the credential forwarders: ") + e.what()};
  }
  SSL_CTX_set_min_proto_version(tls->native_handle(), TLS1_2_VERSION);
  // The forwarder speaks HTTP/1.1: a server must not choose h2.
  static constexpr unsigned char kAlpn[] = "\x08http/1.1";
  SSL_CTX_set_alpn_protos(tls->native_handle(), kAlpn, sizeof kAlpn - 1);
  asio::error_code ec;
  if (ca_file.empty()) {
    tls->set_default_verify_paths(ec);
    if (ec) return OpError("load", "the system's TLS trust store", ec.message());
  } else {
    tls->load_verify_file(ca_file, ec);
    if (ec) return OpError("load", "CA certificates from '" + ca_file + "'", ec.message());
  }
  tls->set_verify_mode(asio::ssl::verify_peer);
  return tls;
}

asio::awaitable<void> ServeForward(Context& ctx, asio::ip::tcp::socket jail, size_t index) {
  const Forward& forward = ctx.config.forwards.at(index);
  auto started = std::chrono::steady_clock::now();
  Decision d = ForwardDecision(forward);
  net::UpstreamUrl url{forward.upstream_host, forward.upstream_port, forward.upstream_path};
  net::ForwardCredential credential{forward.header, forward.value};
  std::string pending;
  auto first = co_await CheckFirstRequest(ctx, jail, url, credential, pending);
  if (!first) co_return;  // nothing sent, nothing to answer
  std::string why = *first;
  std::unique_ptr<TlsStream> upstream;
  if (why.empty()) {
    auto opened = co_await OpenUpstream(ctx, forward, d);
    if (opened) upstream = std::move(*opened);
    else why = opened.error().message;
  }
  d.reason = why;
  d.allowed = why.empty();
  ctx.events.Record(d);
  if (!why.empty()) {
    co_await AnswerAndClose(ctx, jail, BadGateway(forward, why));
    co_return;
  }
  Link link{ctx, std::move(url), std::move(credential), jail, *upstream, {}, ""};
  co_await Relay(link, std::move(pending));
  if (!link.refused.empty()) {
    Decision refused = d;
    refused.allowed = false;
    refused.reason = link.refused;
    ctx.events.Record(refused);
    if (link.traffic.down == 0) co_await AnswerAndClose(ctx, jail, BadGateway(forward, link.refused));
  }
  asio::error_code ignored;
  jail.close(ignored);
  d.finished = true;
  d.bytes_up = link.traffic.up;
  d.bytes_down = link.traffic.down;
  d.duration_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  ctx.events.Record(d);
}

}  // namespace paddock::proxy
