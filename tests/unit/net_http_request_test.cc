#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "net/http_request.h"

namespace paddock::net {
namespace {

using S = HeadResult::Status;

// As curl 8 sends it through an HTTP proxy (absolute form).
constexpr std::string_view kCurlProxyGet =
    "GET http://Example.COM:8080/a/b?c=d HTTP/1.1\r\n"
    "Host: Example.COM:8080\r\n"
    "User-Agent: curl/8.5.0\r\n"
    "Accept: */*\r\n"
    "Proxy-Connection: Keep-Alive\r\n"
    "\r\n";

constexpr std::string_view kConnect =
    "CONNECT github.com:443 HTTP/1.1\r\nHost: github.com:443\r\nUser-Agent: git/2.43.0\r\n\r\n";

HeadResult Parse(std::string_view text) { return ParseRequestHead(text); }

TEST(HttpRequestHead, ParsesAnAbsoluteFormRequest) {
  auto r = Parse(kCurlProxyGet);
  ASSERT_EQ(r.status, S::kOk) << r.error;
  EXPECT_EQ(r.head.method, "GET");
  EXPECT_EQ(r.head.target, "http://Example.COM:8080/a/b?c=d");
  EXPECT_EQ(r.head.version_minor, 1);
  EXPECT_EQ(r.head.size, kCurlProxyGet.size());
  ASSERT_EQ(r.head.headers.size(), 4u);
  EXPECT_EQ(r.head.headers[0], (std::pair<std::string, std::string>("host", "Example.COM:8080")));
  EXPECT_EQ(r.head.Header("proxy-connection"), "Keep-Alive");
  EXPECT_EQ(r.head.Header("content-length"), std::nullopt);
  auto split = SplitAbsoluteUri(r.head.target);
  ASSERT_TRUE(split.ok()) << split.error().message;
  EXPECT_EQ(split->first.host, "example.com");
  EXPECT_EQ(split->first.port, 8080);
  EXPECT_EQ(split->second, "/a/b?c=d");
}

TEST(HttpRequestHead, ParsesConnectAndStopsAtTheEmptyLine) {
  std::string text = std::string(kConnect) + "\x16\x03\x01";  // the tunnel's first octets
  auto r = Parse(text);
  ASSERT_EQ(r.status, S::kOk) << r.error;
  EXPECT_EQ(r.head.method, "CONNECT");
  EXPECT_EQ(r.head.size, kConnect.size());
  auto authority = ParseAuthority(r.head.target, 443);
  ASSERT_TRUE(authority.ok());
  EXPECT_EQ(authority->host, "github.com");
  EXPECT_EQ(authority->port, 443);
}

TEST(HttpRequestHead, EveryPrefixNeedsMore) {
  for (auto text : {kCurlProxyGet, kConnect}) {
    for (size_t n = 0; n < text.size(); ++n) {
      auto r = Parse(text.substr(0, n));
      ASSERT_EQ(r.status, S::kNeedMore) << n << ": " << r.error;
    }
  }
}

TEST(HttpRequestHead, ValuesAreTrimmedAndRepeatedListsJoined) {
  auto r = Parse("GET / HTTP/1.0\r\nAccept:  a \t\r\nACCEPT: b\r\nX-Empty:\r\n\r\n");
  ASSERT_EQ(r.status, S::kOk) << r.error;
  EXPECT_EQ(r.head.version_minor, 0);
  EXPECT_EQ(r.head.Header("accept"), "a, b");
  EXPECT_EQ(r.head.Header("x-empty"), "");
}

// Each of these is read differently by some server or proxy; refusing them
// is what keeps the proxy's view of the request the server's.
TEST(HttpRequestHead, RefusesSmugglingAmbiguities) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"GET / HTTP/1.1\nHost: a\r\n\r\n", "LF without CR"},
      {"GET / HTTP/1.1\r\nHost: a\n\r\n", "LF without CR"},
      {"GET / HTTP/1.1\r\nHost: a\rX: y\r\n\r\n", "CR not followed by LF"},
      {"GET / HTTP/1.1\r\nHost: a\r\n b\r\n\r\n", "folding"},
      {"GET / HTTP/1.1\r\n\tHost: a\r\n\r\n", "folding"},
      {"GET / HTTP/1.1\r\nHost : a\r\n\r\n", "whitespace between"},
      {"GET / HTTP/1.1\r\nHost\t: a\r\n\r\n", "whitespace between"},
      {"GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n", "more than one Host"},
      {"GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n", "more than one Host"},
      {"POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", "more than one Content-Length"},
      {"POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n", "more than one Content-Length"},
      {"POST / HTTP/1.1\r\nContent-Length: 5, 5\r\n\r\n", "more than one value"},
      {"POST / HTTP/1.1\r\nContent-Length: +5\r\n\r\n", "not a decimal"},
      {"POST / HTTP/1.1\r\nContent-Length: 0x5\r\n\r\n", "not a decimal"},
      {"POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n", "not a decimal"},
      {"POST / HTTP/1.1\r\nContent-Length:\r\n\r\n", "not a decimal"},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n", "both"},
      {"POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", "both"},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", "after chunked"},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n", "after chunked"},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", "after chunked"},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", "not chunked"},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: xchunked\r\n\r\n", "not chunked"},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: \"chunked\"\r\n\r\n", "empty or parameterized"},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked,\r\n\r\n", "empty or parameterized"},
      {"POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", "HTTP/1.0"},
      {"G(T / HTTP/1.1\r\n\r\n", "method"},
      {"GET  / HTTP/1.1\r\n\r\n", "single spaces"},
      {"GET / HTTP/1.1 \r\n\r\n", "single spaces"},
      {"GET /\x01 HTTP/1.1\r\n\r\n", "control"},
      {"GET / HTTP/1.2\r\n\r\n", "version"},
      {"PRI * HTTP/2.0\r\n\r\n", "version"},
      {"GET / http/1.1\r\n\r\n", "version"},
      {std::string("GET / HTTP/1.1\r\nX-A: b\0c\r\n\r\n", 28), "control"},
      {"GET / HTTP/1.1\r\n: empty\r\n\r\n", "not a token"},
      {"GET / HTTP/1.1\r\nX[]: y\r\n\r\n", "not a token"},
      {"GET / HTTP/1.1\r\nNoColon\r\n\r\n", "without a colon"},
      {"\r\nGET / HTTP/1.1\r\n\r\n", "empty line"},
  };
  for (const auto& [text, why] : cases) {
    auto r = Parse(text);
    EXPECT_EQ(r.status, S::kMalformed) << text;
    EXPECT_NE(r.error.find(why), std::string::npos) << text << " -> " << r.error;
  }
}

TEST(HttpRequestHead, ChunkedAfterOtherCodingsIsFramingByChunks) {
  auto r = Parse("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: Chunked\r\n\r\n");
  EXPECT_EQ(r.status, S::kOk) << r.error;
}

TEST(HttpRequestHead, BareLfIsRefusedBeforeTheHeadIsComplete) {
  EXPECT_EQ(Parse("GET / HTTP/1.1\nHost: a").status, S::kMalformed);
}

TEST(HttpRequestHead, LimitsTheHeadSize) {
  std::string head = "GET / HTTP/1.1\r\nX: " + std::string(100, 'a') + "\r\n\r\n";
  EXPECT_EQ(ParseRequestHead(head, head.size()).status, S::kOk);
  EXPECT_EQ(ParseRequestHead(head, head.size() - 1).status, S::kTooLarge);
  EXPECT_EQ(ParseRequestHead(head.substr(0, 60), 50).status, S::kTooLarge);  // no end in sight
  EXPECT_EQ(ParseRequestHead(head.substr(0, 40), 50).status, S::kNeedMore);
}

TEST(Authority, HostAndPort) {
  auto plain = ParseAuthority("Example.com", 80);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->host, "example.com");
  EXPECT_EQ(plain->port, 80);
  auto v6 = ParseAuthority("[2001:DB8::1]:8443", 443);
  ASSERT_TRUE(v6.ok()) << v6.error().message;
  EXPECT_EQ(v6->host, "2001:db8::1");
  EXPECT_EQ(v6->port, 8443);
  EXPECT_EQ(ParseAuthority("[::1]", 443)->port, 443);
  EXPECT_EQ(ParseAuthority("192.0.2.1:65535", 1)->port, 65535);
  for (const char* bad :
       {"", ":80", "host:", "host:0", "host:65536", "host:80x", "host:-1", "2001:db8::1", "[::1", "[::1]x",
        "[::1]:", "user@host", "user:pw@host:80", "ho st", "[example.com]", "[]", "a%2eb", "host:1:2"}) {
    EXPECT_FALSE(ParseAuthority(bad, 80).ok()) << bad;
  }
}

TEST(Authority, AbsoluteUris) {
  auto root = SplitAbsoluteUri("http://example.com");
  ASSERT_TRUE(root.ok());
  EXPECT_EQ(root->second, "/");
  EXPECT_EQ(root->first.port, 80);
  EXPECT_EQ(SplitAbsoluteUri("HTTP://example.com?x=1")->second, "/?x=1");
  EXPECT_EQ(SplitAbsoluteUri("http://[::1]:81/p")->first.host, "::1");
  for (const char* bad : {"https://example.com/", "/path", "http:/x", "http://", "http://u@example.com/",
                          "http://good.example@evil.example/", "http://example.com/#frag", "ftp://x/"}) {
    EXPECT_FALSE(SplitAbsoluteUri(bad).ok()) << bad;
  }
}

// A pipelined connection: no body, a Content-Length body that looks like a
// request, a chunked body with extensions and trailers, and a last request.
const std::string kPipeline =
    "GET /one HTTP/1.1\r\nHost: a.example\r\n\r\n"
    "POST /two HTTP/1.1\r\nHost: b.example\r\nContent-Length: 39\r\n\r\n"
    "GET /x HTTP/1.1\r\nHost: evil.example\r\n\r\n"  // 39 octets of body
    "POST /three HTTP/1.1\r\nHost: c.example\r\nTransfer-Encoding: chunked\r\n\r\n"
    "5;name=value;q=\"a \\\" b\"\r\nhello\r\n"
    "1B\r\nGET / HTTP/1.1\r\nHost: e\r\n\r\n\r\n"
    "0\r\nX-Checksum: 1\r\n\r\n"
    "GET /four HTTP/1.1\r\nHost: d.example\r\n\r\n";

// Feeds `input` in pieces of `piece` octets, as a proxy receives it; returns
// the Host of every head, or the first error.
std::vector<std::string> Follow(std::string_view input, size_t piece, std::string* error = nullptr) {
  RequestStream stream;
  std::vector<std::string> hosts;
  std::string pending;
  size_t fed = 0;
  while (true) {
    auto step = stream.Next(pending);
    if (!step.ok()) {
      if (error) *error = step.error().message;
      return hosts;
    }
    if (step->head) hosts.push_back(step->head->Header("host").value_or("-"));
    pending.erase(0, step->forward);
    if (!step->need_more) continue;
    if (fed == input.size()) break;
    size_t n = std::min(piece, input.size() - fed);
    pending.append(input.substr(fed, n));
    fed += n;
  }
  EXPECT_TRUE(pending.empty()) << "left unforwarded: " << pending;
  return hosts;
}

TEST(RequestStream, SeesTheHeadOfEveryPipelinedRequestWhateverTheChunking) {
  const std::vector<std::string> expected = {"a.example", "b.example", "c.example", "d.example"};
  ASSERT_EQ(std::string_view(kPipeline).substr(kPipeline.find("\r\n\r\nGET /x") + 4, 39),
            "GET /x HTTP/1.1\r\nHost: evil.example\r\n\r\n");
  for (size_t piece = 1; piece <= kPipeline.size(); ++piece) {
    std::string error;
    EXPECT_EQ(Follow(kPipeline, piece, &error), expected) << "pieces of " << piece << ": " << error;
  }
}

TEST(RequestStream, AfterConnectOrUpgradeTheRestIsOpaque) {
  RequestStream stream;
  std::string text = std::string(kConnect) + "GET / HTTP/1.1\r\nHost: evil\r\n\r\n";
  auto step = stream.Next(text);
  ASSERT_TRUE(step.ok());
  EXPECT_EQ(step->forward, kConnect.size());
  EXPECT_TRUE(stream.opaque());
  auto rest = stream.Next(std::string_view(text).substr(step->forward));
  ASSERT_TRUE(rest.ok());
  EXPECT_EQ(rest->forward, text.size() - kConnect.size());
  EXPECT_FALSE(rest->head);
  EXPECT_TRUE(stream.Next("").value().need_more);
  EXPECT_EQ(Follow("GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n\x81\x05hello", 7),
            std::vector<std::string>{"a"});
}

std::string StreamError(const std::string& body) {
  std::string error;
  Follow("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n" + body, 1 << 20, &error);
  return error;
}

TEST(RequestStream, RefusesMalformedChunkedBodies) {
  EXPECT_NE(StreamError("10000000000000000\r\n").find("overflows"), std::string::npos);
  EXPECT_EQ(StreamError("ffffffffffffffff\r\n"), "");  // fits, and waits for its data: no error yet
  EXPECT_NE(StreamError(std::string(2000, '0') + "1\r\n").find("longer than 1024 octets"), std::string::npos);
  EXPECT_NE(StreamError("1;" + std::string(2000, 'x')).find("longer than 1024 octets"), std::string::npos);
  EXPECT_NE(StreamError("-1\r\n").find("hexadecimal"), std::string::npos);
  EXPECT_NE(StreamError("0x5\r\n").find("extension"), std::string::npos);
  EXPECT_NE(StreamError("5 5\r\n").find("extension"), std::string::npos);
  EXPECT_NE(StreamError("5;\r\n").find("extension"), std::string::npos);
  EXPECT_NE(StreamError("5;a=\"x\r\n").find("extension"), std::string::npos);
  EXPECT_NE(StreamError("5\nhello\r\n").find("LF without CR"), std::string::npos);
  EXPECT_NE(StreamError("5\r\nhelloXX0\r\n\r\n").find("not followed by CRLF"), std::string::npos);
  EXPECT_NE(StreamError("0\r\nHost: evil\r\n\r\n").find("trailer"), std::string::npos);
  EXPECT_NE(StreamError("0\r\nContent-Length: 5\r\n\r\n").find("trailer"), std::string::npos);
  EXPECT_NE(StreamError("0\r\n folded\r\n\r\n").find("folding"), std::string::npos);
  EXPECT_NE(StreamError("0\r\nX: " + std::string(40000, 'a')).find("trailer section longer"), std::string::npos);
  EXPECT_EQ(StreamError("5 ; a = b ; c=\"\\\"\"\r\nhello\r\n0\r\n\r\n"), "");
  EXPECT_EQ(StreamError("A\r\n0123456789\r\n0\r\n\r\n"), "");
}

TEST(RequestStream, AMalformedHeadIsAnError) {
  std::string error;
  auto hosts = Follow("GET / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: b\r\nHost: c\r\n\r\n", 5, &error);
  EXPECT_EQ(hosts, std::vector<std::string>{"a"});
  EXPECT_NE(error.find("more than one Host"), std::string::npos);
}

}  // namespace
}  // namespace paddock::net
