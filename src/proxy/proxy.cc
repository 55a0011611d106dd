#include "proxy/proxy.h"

#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <thread>
#include <tuple>

#include "proxy/context.h"
#include "proxy/dns_server.h"
#include "proxy/flow.h"
#include "proxy/forward.h"
#include "proxy/proxy_port.h"
#include "proxy/relay.h"

namespace paddock::proxy {

struct Proxy::State {
  std::unique_ptr<asio::ssl::context> tls;  // outlives the loop: its connections use it
  asio::io_context io{1};
  std::unique_ptr<Context> ctx;
  std::unique_ptr<asio::ip::udp::socket> dns_udp;
  std::vector<std::unique_ptr<asio::ip::tcp::acceptor>> acceptors;  // resolver TCP, proxy port, captures, publish
  std::thread thread;
  bool stopped = false;
};

namespace {

// A program's own connection: where it was going is where it arrived.
asio::awaitable<void> ServeCaptured(Context& ctx, asio::ip::tcp::socket jail) {
  asio::error_code ec;
  auto local = jail.local_endpoint(ec);
  if (ec) co_return;
  auto address = FromAsio(local.address());
  auto target = DecideAddress(ctx, address, local.port());
  if (!target) {
    Decision d;
    d.via = "connect";
    d.address = net::FormatIp(address);
    d.port = local.port();
    d.reason = target.error().message;
    ctx.events.Record(d);
    Reset(jail);
    co_return;
  }
  FlowOptions o;
  o.via = "connect";
  co_await RunFlow(ctx, std::move(jail), std::move(*target), std::move(o));
}

// --publish: a client on the host's loopback, connected through a socket of
// the jail's namespace to the jail's server on its loopback.
asio::awaitable<void> ServePublished(Context& ctx, asio::ip::tcp::socket host, uint16_t jail_port) {
  Decision d;
  d.via = "publish";
  d.address = "127.0.0.1";
  d.port = jail_port;
  auto fd = ctx.config.jail_socket(false);
  asio::ip::tcp::socket jail(ctx.io);
  asio::error_code ec;
  if (fd) jail.assign(asio::ip::tcp::v4(), *fd, ec);
  if (!fd || ec) {
    d.reason = fd ? ec.message() : fd.error().message;
    ctx.events.Record(d);
    Reset(host);
    co_return;
  }
  auto [connect_ec] = co_await jail.async_connect({asio::ip::address_v4::loopback(), jail_port}, kNoThrow);
  if (connect_ec) {
    d.reason = "nothing listens on the jail's port " + std::to_string(jail_port) + ": " + connect_ec.message();
    ctx.events.Record(d);
    Reset(host);
    co_return;
  }
  d.allowed = true;
  ctx.events.Record(d);
  host.native_non_blocking(true);
  jail.native_non_blocking(true);
  Traffic traffic;
  auto started = std::chrono::steady_clock::now();
  co_await RelayBoth(host, jail, traffic, ctx.config.idle_timeout_ms);
  d.finished = true;
  d.bytes_up = traffic.down;  // "up" is toward the jail's peer: here, the host's client
  d.bytes_down = traffic.up;
  d.duration_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  ctx.events.Record(d);
}

asio::awaitable<void> Counted(Context& ctx, asio::awaitable<void> work) {
  ++ctx.connections;
  co_await std::move(work);
  --ctx.connections;
}

// Accepts until the proxy stops; past the connection limit a new connection
// is reset at once rather than queued behind the others.
enum class Role { kCapture, kProxyPort, kPublish, kForward };

std::string_view Via(Role role) {
  switch (role) {
    case Role::kProxyPort: return "http-proxy";
    case Role::kPublish: return "publish";
    case Role::kForward: return "forward";
    case Role::kCapture: break;
  }
  return "connect";
}

// `which`: the jail's port of a publish listener, the Config::forwards index
// of a forwarder's.
asio::awaitable<void> AcceptLoop(Context& ctx, asio::ip::tcp::acceptor& acceptor, Role role, size_t which) {
  asio::steady_timer pause(ctx.io);
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(kNoThrow);
    if (ec == asio::error::operation_aborted || ec == asio::error::bad_descriptor) co_return;
    if (ec) {  // EMFILE and the like: let descriptors free up instead of spinning
      pause.expires_after(std::chrono::milliseconds(50));
      co_await pause.async_wait(kNoThrow);
      continue;
    }
    if (ctx.connections >= ctx.config.max_connections) {
      Decision d;
      d.via = Via(role);
      d.reason = "more than " + std::to_string(ctx.config.max_connections) + " connections at once";
      ctx.events.Record(d);
      Reset(socket);
      continue;
    }
    socket.set_option(asio::ip::tcp::no_delay(true), ec);
    if (role == Role::kProxyPort)
      asio::co_spawn(ctx.io, Counted(ctx, ServeProxyClient(ctx, std::move(socket))), asio::detached);
    else if (role == Role::kPublish)
      asio::co_spawn(ctx.io, Counted(ctx, ServePublished(ctx, std::move(socket), static_cast<uint16_t>(which))),
                     asio::detached);
    else if (role == Role::kForward)
      asio::co_spawn(ctx.io, Counted(ctx, ServeForward(ctx, std::move(socket), which)), asio::detached);
    else asio::co_spawn(ctx.io, Counted(ctx, ServeCaptured(ctx, std::move(socket))), asio::detached);
  }
}

Result<std::unique_ptr<asio::ip::tcp::acceptor>> Acceptor(asio::io_context& io, int fd) {
  sockaddr_storage sa{};
  socklen_t len = sizeof sa;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len) != 0) return SysError("inspect", "a jail socket", errno);
  auto acceptor = std::make_unique<asio::ip::tcp::acceptor>(io);
  asio::error_code ec;
  acceptor->assign(sa.ss_family == AF_INET6 ? asio::ip::tcp::v6() : asio::ip::tcp::v4(), fd, ec);
  if (ec) return Error{"cannot serve a jail socket: " + ec.message()};
  return acceptor;
}

// The descriptors Start was handed that no socket object owns yet: closed if
// Start fails part way, so a failed start leaves nothing open.
class Unclaimed {
 public:
  explicit Unclaimed(const Sockets& s) {
    for (int fd : {s.dns_udp, s.dns_tcp, s.proxy}) fds_.push_back(fd);
    fds_.insert(fds_.end(), s.capture.begin(), s.capture.end());
    for (auto [fd, port] : s.publish) fds_.push_back(fd);
    for (auto [fd, index] : s.forward) fds_.push_back(fd);
  }
  ~Unclaimed() {
    for (int fd : fds_)
      if (fd >= 0) close(fd);
  }
  void Claim(int fd) { std::replace(fds_.begin(), fds_.end(), fd, -1); }

 private:
  std::vector<int> fds_;
};

// Each connection takes up to six descriptors (two sockets, two pipes).
void RaiseDescriptorLimit() {
  rlimit r;
  if (getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur < r.rlim_max) {
    r.rlim_cur = r.rlim_max;
    setrlimit(RLIMIT_NOFILE, &r);
  }
}

}  // namespace

Proxy::Proxy(std::unique_ptr<State> state) : state_(std::move(state)) {}
Proxy::~Proxy() { Stop(); }

Result<std::unique_ptr<Proxy>> Proxy::Start(Config config, Sockets sockets) {
  Unclaimed unclaimed(sockets);
  auto state = std::make_unique<State>();
  state->ctx = std::make_unique<Context>(state->io, std::move(config));
  Context& ctx = *state->ctx;
  if (sockets.dns_udp >= 0) {
    state->dns_udp = std::make_unique<asio::ip::udp::socket>(state->io);
    asio::error_code ec;
    state->dns_udp->assign(asio::ip::udp::v4(), sockets.dns_udp, ec);
    if (ec) return Error{"cannot serve the jail's resolver: " + ec.message()};
    unclaimed.Claim(sockets.dns_udp);
    asio::co_spawn(state->io, ServeDnsUdp(ctx, *state->dns_udp), asio::detached);
  }
  if (!ctx.config.forwards.empty()) {
    const std::string& ca = ctx.config.ca_file;
    if (!ca.empty() && access(ca.c_str(), R_OK) != 0)
      return SysError("read", "CA certificates from '" + ca + "'", errno);
    ctx.tls = &state->tls;
  }
  auto serve = [&](int fd, Role role, size_t which) -> Status {
    auto acceptor = Acceptor(state->io, fd);
    if (!acceptor) return acceptor.error();
    unclaimed.Claim(fd);
    state->acceptors.push_back(std::move(*acceptor));
    auto& a = *state->acceptors.back();
    if (fd == sockets.dns_tcp) asio::co_spawn(state->io, ServeDnsTcp(ctx, a), asio::detached);
    else asio::co_spawn(state->io, AcceptLoop(ctx, a, role, which), asio::detached);
    return Ok();
  };
  std::vector<std::tuple<int, Role, size_t>> listeners;
  if (sockets.dns_tcp >= 0) listeners.emplace_back(sockets.dns_tcp, Role::kCapture, 0);
  if (sockets.proxy >= 0) listeners.emplace_back(sockets.proxy, Role::kProxyPort, 0);
  for (int fd : sockets.capture) listeners.emplace_back(fd, Role::kCapture, 0);
  for (auto [fd, port] : sockets.publish) listeners.emplace_back(fd, Role::kPublish, port);
  for (auto [fd, index] : sockets.forward) {
    if (index >= ctx.config.forwards.size())
      return Error{"cannot serve a forwarder's listener: no forwarder " + std::to_string(index)};
    listeners.emplace_back(fd, Role::kForward, index);
  }
  for (auto [fd, role, which] : listeners)
    if (auto st = serve(fd, role, which); !st) return st.error();
  RaiseDescriptorLimit();
  // The thread takes no signals: the supervisor's loop does (signalfd), and a
  // write to a closed socket must not raise SIGPIPE.
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, &old);
  State* s = state.get();
  s->thread = std::thread([s] {
    try {
      s->io.run();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "paddock: the network proxy stopped: %s\n", e.what());
    }
  });
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  return std::unique_ptr<Proxy>(new Proxy(std::move(state)));
}

Summary Proxy::Stop() {
  if (!state_ || state_->stopped) return state_ ? state_->ctx->events.Snapshot() : Summary{};
  state_->stopped = true;
  state_->io.stop();
  if (state_->thread.joinable()) state_->thread.join();
  return state_->ctx->events.Snapshot();
}

}  // namespace paddock::proxy
