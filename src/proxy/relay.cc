#include "proxy/relay.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <asio/experimental/awaitable_operators.hpp>

namespace paddock::proxy {
namespace {

constexpr size_t kChunk = 1 << 20;

struct PipePair {
  int read = -1, write = -1;
  ~PipePair() {
    if (read >= 0) close(read);
    if (write >= 0) close(write);
  }
};

void ShutBoth(asio::ip::tcp::socket& a, asio::ip::tcp::socket& b) {
  ::shutdown(a.native_handle(), SHUT_RDWR);
  ::shutdown(b.native_handle(), SHUT_RDWR);
}

}  // namespace

asio::awaitable<void> IdleWatch(asio::ip::tcp::socket& a, asio::ip::tcp::socket& b, Traffic& traffic,
                                uint32_t idle_ms) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  auto idle = std::chrono::milliseconds(idle_ms);
  for (;;) {
    timer.expires_at(traffic.last + idle);
    auto [ec] = co_await timer.async_wait(kNoThrow);
    if (ec) co_return;
    if (std::chrono::steady_clock::now() - traffic.last >= idle) {
      ShutBoth(a, b);
      co_return;
    }
  }
}

void Reset(asio::ip::tcp::socket& socket) {
  asio::error_code ignored;
  socket.set_option(asio::socket_base::linger(true, 0), ignored);
  socket.close(ignored);
}

asio::awaitable<bool> WriteAll(asio::ip::tcp::socket& to, std::string_view data) {
  auto [ec, n] = co_await asio::async_write(to, asio::buffer(data.data(), data.size()), kNoThrow);
  co_return !ec;
}

asio::awaitable<bool> SpliceAll(asio::ip::tcp::socket& from, asio::ip::tcp::socket& to, uint64_t& bytes,
                                Traffic& traffic) {
  int fds[2];
  if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0) {
    ShutBoth(from, to);
    co_return false;
  }
  PipePair pipe{fds[0], fds[1]};
  fcntl(pipe.write, F_SETPIPE_SZ, static_cast<int>(kChunk));  // larger moves; the default 64 KiB still works
  size_t queued = 0;
  bool eof = false;
  for (;;) {
    if (!eof && queued == 0) {
      ssize_t n = splice(from.native_handle(), nullptr, pipe.write, nullptr, kChunk, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
      if (n > 0) {
        queued += n, bytes += n, traffic.last = std::chrono::steady_clock::now();
      } else if (n == 0) {
        eof = true;
      } else if (errno == EAGAIN) {
        auto [ec] = co_await from.async_wait(asio::socket_base::wait_read, kNoThrow);
        if (ec) break;
        continue;
      } else if (errno != EINTR) {
        break;
      }
    }
    while (queued > 0) {
      ssize_t m = splice(pipe.read, nullptr, to.native_handle(), nullptr, queued, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
      if (m > 0) {
        queued -= m;
      } else if (m < 0 && errno == EAGAIN) {
        auto [ec] = co_await to.async_wait(asio::socket_base::wait_write, kNoThrow);
        if (ec) break;
      } else if (!(m < 0 && errno == EINTR)) {
        break;
      }
    }
    if (queued > 0) break;  // the writer failed
    if (eof) {
      ::shutdown(to.native_handle(), SHUT_WR);
      co_return true;
    }
  }
  ShutBoth(from, to);
  co_return false;
}

asio::awaitable<void> RelayBoth(asio::ip::tcp::socket& jail, asio::ip::tcp::socket& upstream, Traffic& traffic,
                                uint32_t idle_ms) {
  using namespace asio::experimental::awaitable_operators;
  co_await ((SpliceAll(jail, upstream, traffic.up, traffic) && SpliceAll(upstream, jail, traffic.down, traffic)) ||
            IdleWatch(jail, upstream, traffic, idle_ms));
}

}  // namespace paddock::proxy
