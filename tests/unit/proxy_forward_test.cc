// The credential forwarder without a jail: a forwarder listener on
// 127.0.0.1, a TLS upstream in this process with a certificate made for the
// test, and a client that speaks HTTP/1.1 over plain TCP as an agent would.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <asio.hpp>
#include <asio/ssl.hpp>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <thread>

#include "net/ip_address.h"
#include "proxy/proxy.h"

namespace paddock::proxy {
namespace {

namespace fs = std::filesystem;
using TlsStream = asio::ssl::stream<asio::ip::tcp::socket>;
constexpr std::string_view kRealKey = "sk-ant-REAL-key-0123456789";

// A self-signed certificate for `name` (its own CA), made with openssl(1).
bool MakeCertificate(const fs::path& dir, const std::string& stem, const std::string& name) {
  std::string cmd =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=" + name +
      " -addext subjectAltName=DNS:" + name + " -keyout " + (dir / (stem + ".key")).string() + " -out " +
      (dir / (stem + ".pem")).string() + " >/dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

// Reads up to the end of a request head and its Content-Length body.
std::string ReadRequest(TlsStream& tls, std::string& buffered) {
  asio::error_code ec;
  for (;;) {
    size_t end = buffered.find("\r\n\r\n");
    if (end != std::string::npos) {
      size_t length = 0;
      if (auto at = buffered.find("content-length: "); at != std::string::npos && at < end)
        length = std::stoul(buffered.substr(at + 16));
      if (buffered.size() >= end + 4 + length) {
        std::string request = buffered.substr(0, end + 4 + length);
        buffered.erase(0, request.size());
        return request;
      }
    }
    char chunk[4096];
    size_t n = tls.read_some(asio::buffer(chunk), ec);
    if (ec) return "";
    buffered.append(chunk, n);
  }
}

void Send(TlsStream& tls, std::string_view text) {
  asio::error_code ec;
  asio::write(tls, asio::buffer(text.data(), text.size()), ec);
}

// The real API's stand-in: TLS on 127.0.0.1, each connection handled by
// `handle` on the server's thread; what arrived is kept for the checks.
class Upstream {
 public:
  using Handler = std::function<void(TlsStream&, Upstream&)>;
  Upstream(const fs::path& dir, Handler handle, const std::string& stem = "upstream") : handle_(std::move(handle)) {
    tls_.use_certificate_chain_file((dir / (stem + ".pem")).string());
    tls_.use_private_key_file((dir / (stem + ".key")).string(), asio::ssl::context::pem);
    acceptor_.open(asio::ip::tcp::v4());
    acceptor_.bind({asio::ip::address_v4::loopback(), 0});
    acceptor_.listen();
    thread_ = std::thread([this] { Run(); });
  }
  // Ends the connection in hand too: the proxy may hold it open (keep-alive).
  ~Upstream() {
    stop_ = true;
    if (int fd = current_fd_.load(); fd >= 0) ::shutdown(fd, SHUT_RDWR);
    asio::ip::tcp::socket wake(io_);
    asio::error_code ec;
    wake.connect(acceptor_.local_endpoint(), ec);
    thread_.join();
  }
  uint16_t port() const { return acceptor_.local_endpoint().port(); }
  int accepted() const { return accepted_; }
  std::string received() {
    std::lock_guard lock(mu_);
    return received_;
  }
  void Record(const std::string& request) {
    std::lock_guard lock(mu_);
    received_ += request;
  }
  std::promise<void> client_got_first;  // the streaming test's signal

 private:
  void Run() {
    for (;;) {
      asio::ip::tcp::socket socket(io_);
      asio::error_code ec;
      acceptor_.accept(socket, ec);
      if (stop_) return;
      if (ec) continue;
      ++accepted_;
      TlsStream tls(std::move(socket), tls_);
      current_fd_ = tls.next_layer().native_handle();
      if (stop_) return;
      tls.handshake(asio::ssl::stream_base::server, ec);
      if (!ec) handle_(tls, *this);
      current_fd_ = -1;
    }
  }
  asio::io_context io_;
  asio::ssl::context tls_{asio::ssl::context::tls_server};
  asio::ip::tcp::acceptor acceptor_{io_};
  Handler handle_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<int> accepted_{0};
  std::atomic<int> current_fd_{-1};
  std::mutex mu_;
  std::string received_;
};

// Answers every request on the connection with "got N" until the client ends.
void AnswerEach(TlsStream& tls, Upstream& upstream) {
  std::string buffered;
  for (int n = 1;; ++n) {
    std::string request = ReadRequest(tls, buffered);
    if (request.empty()) return;
    upstream.Record(request);
    std::string body = "got " + std::to_string(n);
    Send(tls, "HTTP/1.1 200 OK\r\ncontent-length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  }
}

// A plain TCP client with a receive timeout, so a stuck proxy fails the test.
class Client {
 public:
  explicit Client(uint16_t port) : fd_(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(port);
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    timeval timeout{10, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&to), sizeof to) == 0;
  }
  ~Client() { close(fd_); }
  bool connected() const { return connected_; }
  void Send(std::string_view text) { ASSERT_EQ(write(fd_, text.data(), text.size()), ssize_t(text.size())); }
  // Reads until `text` arrived (true) or the connection ended or timed out.
  bool ReadUntil(std::string_view text) {
    while (got_.find(text) == std::string::npos) {
      char chunk[4096];
      ssize_t n = read(fd_, chunk, sizeof chunk);
      if (n <= 0) return false;
      got_.append(chunk, n);
    }
    return true;
  }
  // Everything until the other side closes (or the timeout).
  std::string ReadAll() {
    ReadUntil("\x01never\x01");
    return got_;
  }
  const std::string& got() const { return got_; }

 private:
  int fd_;
  bool connected_ = false;
  std::string got_;
};

class ForwardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("paddock-forward-" + std::to_string(getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    if (!MakeCertificate(dir_, "upstream", "upstream.test") || !MakeCertificate(dir_, "other", "upstream.test") ||
        !MakeCertificate(dir_, "wrong", "wrong.test"))
      GTEST_SKIP() << "openssl(1) cannot make a test certificate";
  }
  void TearDown() override {
    proxy_.reset();
    fs::remove_all(dir_);
  }

  // The proxy with one forwarder to `upstream`, trusting `ca` ("upstream.pem").
  void StartProxy(const Upstream& upstream, const std::string& ca = "upstream.pem") {
    Config config;
    config.host_answers.push_back({"upstream.test", {*net::ParseIp("127.0.0.1")}});
    config.forwards.push_back(
        {"test", "upstream.test", upstream.port(), "/prefix", "x-api-key", std::string(kRealKey)});
    config.ca_file = (dir_ / ca).string();
    config.idle_timeout_ms = 20 * 1000;
    config.audit = [this](const nlohmann::json& j) {
      std::lock_guard lock(events_mu_);
      events_.push_back(j);
    };
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in at{};
    at.sin_family = AF_INET;
    at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof at;
    ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&at), sizeof at), 0);
    ASSERT_EQ(listen(fd, 16), 0);
    ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&at), &len), 0);
    port_ = ntohs(at.sin_port);
    Sockets sockets;
    sockets.forward.emplace_back(fd, 0);
    auto started = Proxy::Start(std::move(config), std::move(sockets));
    ASSERT_TRUE(started.ok()) << started.error().message;
    proxy_ = std::move(*started);
  }

  std::string Events() {
    std::lock_guard lock(events_mu_);
    std::string all;
    for (const auto& j : events_) all += j.dump() + "\n";
    return all;
  }

  fs::path dir_;
  uint16_t port_ = 0;
  std::unique_ptr<Proxy> proxy_;
  std::mutex events_mu_;
  std::vector<nlohmann::json> events_;
};

size_t Count(const std::string& text, std::string_view what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST_F(ForwardTest, RewritesEveryRequestOnAKeepAliveConnection) {
  Upstream upstream(dir_, AnswerEach);
  StartProxy(upstream);
  Client client(port_);
  ASSERT_TRUE(client.connected());
  client.Send(
      "POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Api-Key: placeholder-1\r\nContent-Length: 4\r\n\r\nbody");
  ASSERT_TRUE(client.ReadUntil("got 1")) << client.got();
  client.Send(
      "GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: placeholder-2\r\nAUTHORIZATION: Bearer x\r\n\r\n");
  ASSERT_TRUE(client.ReadUntil("got 2")) << client.got();
  std::string seen = upstream.received();
  std::string host = "\r\nhost: upstream.test:" + std::to_string(upstream.port()) + "\r\n";
  EXPECT_EQ(Count(seen, "POST /prefix/v1/messages HTTP/1.1\r\n"), 1u) << seen;
  EXPECT_EQ(Count(seen, "GET /prefix/v1/models HTTP/1.1\r\n"), 1u) << seen;
  EXPECT_EQ(Count(seen, host), 2u) << seen;
  EXPECT_EQ(Count(seen, "x-api-key: " + std::string(kRealKey) + "\r\n"), 2u) << seen;
  EXPECT_EQ(Count(seen, kRealKey), 2u) << seen;
  EXPECT_EQ(Count(seen, "placeholder"), 0u) << seen;
  EXPECT_EQ(Count(seen, "Bearer x"), 0u) << seen;
  EXPECT_EQ(Count(seen, "\r\n\r\nbody"), 1u) << seen;
  EXPECT_EQ(upstream.accepted(), 1);
  proxy_->Stop();
  std::string events = Events();
  EXPECT_NE(events.find("\"via\":\"forward\""), std::string::npos) << events;
  EXPECT_NE(events.find("\"label\":\"test\""), std::string::npos) << events;
  EXPECT_EQ(events.find(kRealKey), std::string::npos) << events;
}

TEST_F(ForwardTest, AStreamedResponseArrivesPieceByPiece) {
  Upstream upstream(dir_, [](TlsStream& tls, Upstream& self) {
    std::string buffered;
    self.Record(ReadRequest(tls, buffered));
    Send(tls,
         "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n6\r\nfirst\n\r\n");
    // The rest only once the client has the first piece: a proxy that
    // waited for the whole response would wait forever.
    if (self.client_got_first.get_future().wait_for(std::chrono::seconds(10)) != std::future_status::ready) return;
    Send(tls, "7\r\nsecond\n\r\n0\r\n\r\n");
  });
  StartProxy(upstream);
  Client client(port_);
  client.Send("GET /v1/stream HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_TRUE(client.ReadUntil("first\n")) << client.got();
  EXPECT_EQ(client.got().find("second"), std::string::npos);
  upstream.client_got_first.set_value();
  ASSERT_TRUE(client.ReadUntil("second\n\r\n0\r\n\r\n")) << client.got();
}

TEST_F(ForwardTest, AnUntrustedUpstreamGets502) {
  Upstream upstream(dir_, AnswerEach);
  StartProxy(upstream, "other.pem");  // same name, another key: not the certificate trusted
  Client client(port_);
  client.Send("GET /v1/models HTTP/1.1\r\nHost: x\r\nx-api-key: placeholder\r\n\r\n");
  std::string answer = client.ReadAll();
  EXPECT_EQ(answer.rfind("HTTP/1.1 502 Bad Gateway\r\n", 0), 0u) << answer;
  EXPECT_NE(answer.find("connection: close\r\n"), std::string::npos) << answer;
  EXPECT_NE(answer.find("certificate"), std::string::npos) << answer;
  EXPECT_EQ(upstream.received(), "");
  EXPECT_EQ(answer.find(kRealKey), std::string::npos);
}

TEST_F(ForwardTest, ACertificateForAnotherNameGets502) {
  Upstream upstream(dir_, AnswerEach, "wrong");  // trusted, but for wrong.test
  StartProxy(upstream, "wrong.pem");
  Client client(port_);
  client.Send("GET /v1/models HTTP/1.1\r\nHost: x\r\n\r\n");
  std::string answer = client.ReadAll();
  EXPECT_EQ(answer.rfind("HTTP/1.1 502 Bad Gateway\r\n", 0), 0u) << answer;
  EXPECT_NE(answer.find("hostname mismatch"), std::string::npos) << answer;
  EXPECT_EQ(upstream.received(), "");
}

TEST_F(ForwardTest, AnAbsoluteFormRequestNeverReachesTheUpstream) {
  Upstream upstream(dir_, AnswerEach);
  StartProxy(upstream);
  Client client(port_);
  client.Send("GET http://upstream.test/v1/models HTTP/1.1\r\nHost: upstream.test\r\n\r\n");
  std::string answer = client.ReadAll();
  EXPECT_EQ(answer.rfind("HTTP/1.1 502 Bad Gateway\r\n", 0), 0u) << answer;
  EXPECT_NE(answer.find("not a path starting with '/'"), std::string::npos) << answer;
  EXPECT_EQ(upstream.accepted(), 0);
  proxy_->Stop();
  EXPECT_NE(Events().find("\"verdict\":\"deny\""), std::string::npos) << Events();
}

TEST_F(ForwardTest, ALaterMalformedRequestEndsTheConnectionWithoutReachingTheUpstream) {
  Upstream upstream(dir_, AnswerEach);
  StartProxy(upstream);
  Client client(port_);
  client.Send("GET /v1/a HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_TRUE(client.ReadUntil("got 1")) << client.got();
  client.Send("GET http://elsewhere.example/ HTTP/1.1\r\nHost: elsewhere.example\r\n\r\n");
  std::string answer = client.ReadAll();
  EXPECT_EQ(answer.find("got 2"), std::string::npos) << answer;
  EXPECT_EQ(upstream.received().find("elsewhere"), std::string::npos) << upstream.received();
}

TEST(ForwardTls, ABadCaFileFailsTheStartNamingTheFile) {
  Config config;
  config.forwards.push_back({"test", "upstream.test", 443, "", "x-api-key", "k"});
  config.ca_file = "/nonexistent/paddock-ca.pem";
  auto started = Proxy::Start(std::move(config), Sockets{});
  ASSERT_FALSE(started.ok());
  EXPECT_NE(started.error().message.find("/nonexistent/paddock-ca.pem"), std::string::npos) << started.error().message;
}

}  // namespace
}  // namespace paddock::proxy
