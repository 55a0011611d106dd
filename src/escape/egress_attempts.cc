#include "escape/egress_attempts.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "base/strings.h"

namespace paddock::escape {
namespace {

constexpr int kConnectMs = 3000;  // a silent drop is contained: it must not hang check
constexpr int kAnswerMs = 2000;

struct Target {
  std::string text;  // "1.1.1.1:443", for the detail
  sockaddr_storage addr{};
  socklen_t len = 0;
};

// An IPv4 or IPv6 literal and a port; nullopt-like (len 0) when malformed.
Target MakeTarget(const std::string& ip, uint16_t port) {
  Target t;
  t.text = (ip.find(':') != std::string::npos ? "[" + ip + "]" : ip) + ":" + std::to_string(port);
  auto* v4 = reinterpret_cast<sockaddr_in*>(&t.addr);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&t.addr);
  if (inet_pton(AF_INET, ip.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    t.len = sizeof *v4;
  } else if (inet_pton(AF_INET6, ip.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    t.len = sizeof *v6;
  }
  return t;
}

int64_t NowMs() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

struct Pending {
  int fd;
  size_t target;
};

void CloseAll(std::vector<Pending>& pending) {
  for (auto& p : pending) close(p.fd);
  pending.clear();
}

// Non-blocking connects to every target at once, waiting up to kConnectMs
// for any to complete: all of them at the same time, so a host that drops
// packets silently costs one deadline, not one per address.
Found AnyConnects(const std::vector<Target>& targets) {
  std::vector<std::string> results(targets.size());
  std::vector<Pending> pending;
  for (size_t i = 0; i < targets.size(); ++i) {
    const auto& t = targets[i];
    int fd = socket(t.addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      results[i] = t.text + ": socket: " + ErrnoText(errno);
    } else if (connect(fd, reinterpret_cast<const sockaddr*>(&t.addr), t.len) == 0) {
      close(fd);
      CloseAll(pending);
      return Escaped("connected to " + t.text);
    } else if (errno == EINPROGRESS) {
      pending.push_back({fd, i});
    } else {
      results[i] = t.text + ": " + ErrnoText(errno);
      close(fd);
    }
  }
  const int64_t deadline = NowMs() + kConnectMs;
  while (!pending.empty() && NowMs() < deadline) {
    std::vector<pollfd> polls;
    for (const auto& p : pending) polls.push_back({p.fd, POLLOUT, 0});
    if (poll(polls.data(), polls.size(), static_cast<int>(deadline - NowMs())) <= 0) continue;
    std::vector<Pending> still;
    for (size_t k = 0; k < polls.size(); ++k) {
      if (!polls[k].revents) {
        still.push_back(pending[k]);
        continue;
      }
      int err = 0;
      socklen_t l = sizeof err;
      getsockopt(pending[k].fd, SOL_SOCKET, SO_ERROR, &err, &l);
      close(pending[k].fd);
      if (err == 0) {
        for (size_t rest = k + 1; rest < polls.size(); ++rest) close(pending[rest].fd);
        for (auto& s : still) close(s.fd);
        return Escaped("connected to " + targets[pending[k].target].text);
      }
      results[pending[k].target] = targets[pending[k].target].text + ": " + ErrnoText(err);
    }
    pending = std::move(still);
  }
  for (const auto& p : pending) results[p.target] = targets[p.target].text + ": no answer";
  CloseAll(pending);
  return Contained(Join(results, ", "));
}

// An A query for `name` with recursion desired (RFC 1035 4.1).
std::vector<uint8_t> DnsQuery(const std::string& name, uint16_t id) {
  std::vector<uint8_t> q = {
      static_cast<uint8_t>(id >> 8), static_cast<uint8_t>(id), 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0};
  std::istringstream labels(name);
  for (std::string label; std::getline(labels, label, '.');) {
    q.push_back(static_cast<uint8_t>(label.size()));
    q.insert(q.end(), label.begin(), label.end());
  }
  q.insert(q.end(), {0, 0, 1, 0, 1});  // root, type A, class IN
  return q;
}

// An answer to our query `id` (QR set), from whoever sent it.
bool IsAnswer(const uint8_t* m, ssize_t n, uint16_t id) {
  return n >= 12 && ((m[0] << 8) | m[1]) == id && (m[2] & 0x80);
}

// An answer that resolved the name: NOERROR, with at least one record.
// (A resolver that refuses or says NXDOMAIN kept the name from resolving.)
bool Resolved(const uint8_t* m) { return (m[3] & 0x0f) == 0 && ((m[6] << 8) | m[7]) > 0; }

// Sends an A query for `name` to every server at once over UDP and waits up
// to kAnswerMs for one of them to resolve it, or with `any_answer`, to
// answer at all (a public resolver's NXDOMAIN still means the query, and
// whatever its name carried, left the jail).
Found AnyResolves(const std::vector<Target>& servers, const std::string& name, bool any_answer) {
  if (servers.empty()) return Contained("no resolver to ask");
  const uint16_t id = static_cast<uint16_t>(getpid() ^ 0x5a5a);
  auto query = DnsQuery(name, id);
  std::vector<std::string> results, asked;
  std::vector<pollfd> polls;  // fd -1 once its server is done (poll skips it)
  for (const auto& s : servers) {
    int fd = socket(s.addr.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      results.push_back(s.text + ": socket: " + ErrnoText(errno));
    } else if (sendto(fd, query.data(), query.size(), 0, reinterpret_cast<const sockaddr*>(&s.addr), s.len) < 0) {
      results.push_back(s.text + ": " + ErrnoText(errno));
      close(fd);
    } else {
      polls.push_back({fd, POLLIN, 0});
      asked.push_back(s.text);
    }
  }
  auto finish = [&](Found found) {
    for (const auto& p : polls)
      if (p.fd >= 0) close(p.fd);
    return found;
  };
  const int64_t deadline = NowMs() + kAnswerMs;
  size_t waiting = polls.size();
  while (waiting > 0 && NowMs() < deadline &&
         poll(polls.data(), polls.size(), static_cast<int>(deadline - NowMs())) > 0) {
    for (size_t k = 0; k < polls.size(); ++k) {
      if (polls[k].fd < 0 || !(polls[k].revents & (POLLIN | POLLERR))) continue;
      uint8_t buf[1500];
      ssize_t n = recv(polls[k].fd, buf, sizeof buf, 0);
      if (n < 0 && errno == EAGAIN) continue;
      if (n >= 0 && !IsAnswer(buf, n, id)) continue;  // not ours: keep waiting
      std::string rcode = n < 0 ? "" : "rcode " + std::to_string(buf[3] & 0x0f);
      if (n >= 0 && Resolved(buf)) return finish(Escaped(asked[k] + " resolved " + name));
      if (n >= 0 && any_answer) return finish(Escaped(asked[k] + " answered (" + rcode + ") for " + name));
      results.push_back(asked[k] + ": " + (n < 0 ? ErrnoText(errno) : rcode));
      close(polls[k].fd);
      polls[k].fd = -1;
      --waiting;
    }
  }
  for (size_t k = 0; k < polls.size(); ++k)
    if (polls[k].fd >= 0) results.push_back(asked[k] + ": no answer");
  return finish(Contained(name + ": " + Join(results, ", ")));
}

// The nameservers of /etc/resolv.conf (address literals only).
std::vector<Target> JailResolvers() {
  std::vector<Target> out;
  std::ifstream conf("/etc/resolv.conf");
  for (std::string line; std::getline(conf, line);) {
    std::istringstream words(line);
    std::string key, address;
    if (words >> key >> address && key == "nameserver") {
      if (auto t = MakeTarget(address, 53); t.len) out.push_back(t);
    }
  }
  return out;
}

// The proxy the jail's environment names ("http://127.0.0.1:PORT"), or a
// target of length 0 when there is none (or it is not an address literal:
// the probe does not resolve names to find it).
Target ProxyFromEnvironment() {
  for (const char* var : {"HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"}) {
    const char* v = getenv(var);
    if (!v || std::strncmp(v, "http://", 7) != 0) continue;
    std::string authority = v + 7;
    authority = authority.substr(0, authority.find('/'));
    auto colon = authority.rfind(':');
    if (colon == std::string::npos) continue;
    std::string host = authority.substr(0, colon);
    if (host == "localhost") host = "127.0.0.1";
    if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
    int port = std::atoi(authority.c_str() + colon + 1);
    if (port <= 0 || port > 65535) continue;
    if (auto t = MakeTarget(host, static_cast<uint16_t>(port)); t.len) return t;
  }
  return {};
}

// CONNECT NAME:443 through the proxy: escaped when it answers 200.
Found ConnectThroughProxy(const Target& proxy, const std::string& name) {
  int fd = socket(proxy.addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Contained("proxy: socket: " + ErrnoText(errno));
  timeval tv{kConnectMs / 1000, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  std::string status;
  if (connect(fd, reinterpret_cast<const sockaddr*>(&proxy.addr), proxy.len) != 0) {
    status = "connect: " + ErrnoText(errno);
  } else {
    std::string request = "CONNECT " + name + ":443 HTTP/1.1\r\nHost: " + name + ":443\r\n\r\n";
    char buf[256] = {};
    ssize_t n = write(fd, request.data(), request.size()) == static_cast<ssize_t>(request.size())
                    ? read(fd, buf, sizeof buf - 1)
                    : -1;
    status = n > 0 ? std::string(buf, static_cast<size_t>(n)) : "no answer";
    status = status.substr(0, status.find('\r'));
  }
  close(fd);
  std::string where = "CONNECT " + name + ":443 via " + proxy.text;
  if (status.rfind("HTTP/1.", 0) == 0 && status.size() >= 12 && status.compare(9, 3, "200") == 0)
    return Escaped(where + " answered " + status);
  return Contained(where + ": " + status);
}

}  // namespace

Found RawAddress() {
  // Public anycast resolvers on their HTTPS port: up wherever there is a
  // route, and no allowed name leads to them unless allowed as addresses.
  return AnyConnects({MakeTarget("1.1.1.1", 443), MakeTarget("8.8.8.8", 443), MakeTarget("2606:4700:4700::1111", 443)});
}

Found MetadataService() {
  // The instance metadata of AWS, GCP and Azure (169.254.169.254) and AWS's
  // IPv6 one: cloud credentials for whoever reaches it.
  return AnyConnects({MakeTarget("169.254.169.254", 80), MakeTarget("fd00:ec2::254", 80)});
}

Found UdpResolver(const check::ProbeInputs& in) {
  if (in.denied_name.empty()) return Contained("no name outside the allow-list to ask for");
  return AnyResolves({MakeTarget("8.8.8.8", 53), MakeTarget("1.1.1.1", 53), MakeTarget("2001:4860:4860::8888", 53)},
                     in.denied_name, /*any_answer=*/true);
}

Found DeniedName(const check::ProbeInputs& in) {
  if (in.denied_name.empty()) return Contained("no name outside the allow-list to try");
  Found dns = AnyResolves(JailResolvers(), in.denied_name, /*any_answer=*/false);
  if (dns.escaped) return dns;
  Target proxy = ProxyFromEnvironment();
  if (!proxy.len) return Contained("the jail's resolver: " + dns.detail + "; no proxy");
  Found via_proxy = ConnectThroughProxy(proxy, in.denied_name);
  if (via_proxy.escaped) return via_proxy;
  return Contained("the jail's resolver: " + dns.detail + "; " + via_proxy.detail);
}

}  // namespace paddock::escape
