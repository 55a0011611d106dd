#include "proxy/proxy.h"

#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <thread>

#include "proxy/context.h"
#include "proxy/dns_server.h"
#include "proxy/flow.h"
#include "proxy/proxy_port.h"
#include "proxy/relay.h"

namespace paddock::proxy {

struct Proxy::State {
  asio::io_context io{1};
  std::unique_ptr<Context> ctx;
  std::unique_ptr<asio::ip::udp::socket> dns_udp;
  std::vector<std::unique_ptr<asio::ip::tcp::acceptor>> acceptors;  // resolver TCP, proxy port, captures
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

asio::awaitable<void> Counted(Context& ctx, asio::awaitable<void> work) {
  ++ctx.connections;
  co_await std::move(work);
  --ctx.connections;
}

// Accepts until the proxy stops; past the connection limit a new connection
// is reset at once rather than queued behind the others.
asio::awaitable<void> AcceptLoop(Context& ctx, asio::ip::tcp::acceptor& acceptor, bool proxy_port) {
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
      d.via = proxy_port ? "http-proxy" : "connect";
      d.reason = "more than " + std::to_string(ctx.config.max_connections) + " connections at once";
      ctx.events.Record(d);
      Reset(socket);
      continue;
    }
    socket.set_option(asio::ip::tcp::no_delay(true), ec);
    auto work = proxy_port ? ServeProxyClient(ctx, std::move(socket)) : ServeCaptured(ctx, std::move(socket));
    asio::co_spawn(ctx.io, Counted(ctx, std::move(work)), asio::detached);
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
  auto state = std::make_unique<State>();
  state->ctx = std::make_unique<Context>(state->io, std::move(config));
  Context& ctx = *state->ctx;
  state->dns_udp = std::make_unique<asio::ip::udp::socket>(state->io);
  asio::error_code ec;
  state->dns_udp->assign(asio::ip::udp::v4(), sockets.dns_udp, ec);
  if (ec) return Error{"cannot serve the jail's resolver: " + ec.message()};
  std::vector<int> tcp = {sockets.dns_tcp, sockets.proxy};
  tcp.insert(tcp.end(), sockets.capture.begin(), sockets.capture.end());
  for (int fd : tcp) {
    auto acceptor = Acceptor(state->io, fd);
    if (!acceptor) return acceptor.error();
    state->acceptors.push_back(std::move(*acceptor));
  }
  RaiseDescriptorLimit();
  asio::co_spawn(state->io, ServeDnsUdp(ctx, *state->dns_udp), asio::detached);
  asio::co_spawn(state->io, ServeDnsTcp(ctx, *state->acceptors[0]), asio::detached);
  asio::co_spawn(state->io, AcceptLoop(ctx, *state->acceptors[1], true), asio::detached);
  for (size_t i = 2; i < state->acceptors.size(); ++i)
    asio::co_spawn(state->io, AcceptLoop(ctx, *state->acceptors[i], false), asio::detached);
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
