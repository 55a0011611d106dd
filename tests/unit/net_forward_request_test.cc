// The request head a credential forwarder sends upstream: the real key once,
// never the jail's, the path prefix, Host, the rest as sent.
#include <gtest/gtest.h>

#include <string>

#include "net/forward_request.h"

namespace paddock::net {
namespace {

constexpr std::string_view kKey = "sk-ant-REAL-0123456789";

HttpRequestHead Head(std::string_view text) {
  auto r = ParseRequestHead(text);
  EXPECT_EQ(r.status, HeadResult::Status::kOk) << r.error;
  return r.head;
}

UpstreamUrl Url(std::string host, uint16_t port, std::string path) { return {std::move(host), port, std::move(path)}; }

ForwardCredential ApiKey() { return {"x-api-key", std::string(kKey)}; }

size_t Count(const std::string& text, std::string_view what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// As an Anthropic SDK sends it to ANTHROPIC_BASE_URL=http://127.0.0.1:PORT.
constexpr std::string_view kMessages =
    "POST /v1/messages?beta=true HTTP/1.1\r\n"
    "Host: 127.0.0.1:41000\r\n"
    "X-Api-Key: sk-ant-placeholder\r\n"
    "anthropic-version: 2023-06-01\r\n"
    "Content-Type: application/json\r\n"
    "Content-Length: 17\r\n"
    "Accept: text/event-stream\r\n"
    "\r\n";

TEST(ForwardRequest, RewritesTheRequestLineHostAndKey) {
  auto out = RewriteForwardHead(Head(kMessages), Url("api.anthropic.com", 443, ""), ApiKey());
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(*out,
            "POST /v1/messages?beta=true HTTP/1.1\r\n"
            "host: api.anthropic.com\r\n"
            "anthropic-version: 2023-06-01\r\n"
            "content-type: application/json\r\n"
            "content-length: 17\r\n"
            "accept: text/event-stream\r\n"
            "x-api-key: sk-ant-REAL-0123456789\r\n"
            "\r\n");
  // What the upstream gets is itself a valid head with the same framing.
  auto again = ParseRequestHead(*out);
  ASSERT_EQ(again.status, HeadResult::Status::kOk) << again.error;
  EXPECT_EQ(again.head.Header("content-length"), "17");
  EXPECT_EQ(again.head.Header("x-api-key"), std::string(kKey));
}

TEST(ForwardRequest, NoCredentialOfTheClientSurvivesInAnyCaseOrNumber) {
  auto head = Head(
      "GET /v1/models HTTP/1.1\r\nHost: x\r\nx-api-key: jail-1\r\nX-API-KEY: jail-2\r\n"
      "Authorization: Bearer jail-3\r\nauthorization: Bearer jail-4\r\nProxy-Authorization: Basic amFpbA==\r\n"
      "Api-Key: jail-5\r\nX-Goog-Api-Key: jail-6\r\nX-Custom-Token: keep\r\n\r\n");
  for (auto credential : {ApiKey(), ForwardCredential{"authorization", "Bearer " + std::string(kKey)},
                          ForwardCredential{"x-custom-token", std::string(kKey)}}) {
    auto out = RewriteForwardHead(head, Url("api.example", 443, ""), credential);
    ASSERT_TRUE(out.ok()) << out.error().message;
    EXPECT_EQ(Count(*out, kKey), 1u) << *out;
    EXPECT_EQ(Count(*out, "jail-"), 0u) << *out;
    EXPECT_EQ(Count(*out, "amFpbA"), 0u) << *out;
    EXPECT_EQ(Count(*out, credential.header + ": "), 1u) << *out;
    // A header that is not a credential stays, unless it is the forward's own.
    EXPECT_EQ(Count(*out, "keep"), credential.header == "x-custom-token" ? 0u : 1u) << *out;
  }
}

TEST(ForwardRequest, JoinsThePathPrefixAndKeepsTheVersion) {
  auto head = Head("GET / HTTP/1.0\r\n\r\n");
  auto out = RewriteForwardHead(head, Url("gw.example", 443, "/anthropic/v1"), ApiKey());
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(out->substr(0, out->find("\r\n")), "GET /anthropic/v1/ HTTP/1.0");
  out =
      RewriteForwardHead(Head("GET /models?x=/y HTTP/1.1\r\nHost: a\r\n\r\n"), Url("gw.example", 443, "/p"), ApiKey());
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->substr(0, out->find("\r\n")), "GET /p/models?x=/y HTTP/1.1");
}

TEST(ForwardRequest, DropsProxyConnectionAndKeepsTheBodyFraming) {
  auto head = Head(
      "POST /up HTTP/1.1\r\nHost: a\r\nProxy-Connection: keep-alive\r\nTransfer-Encoding: chunked\r\n"
      "Connection: keep-alive\r\n\r\n");
  auto out = RewriteForwardHead(head, Url("a.example", 443, ""), ApiKey());
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(Count(*out, "proxy-connection"), 0u);
  EXPECT_EQ(Count(*out, "transfer-encoding: chunked\r\n"), 1u);
  EXPECT_EQ(Count(*out, "connection: keep-alive\r\n"), 1u);
}

TEST(ForwardRequest, RefusesEveryTargetButAPath) {
  for (auto text : {"GET http://api.anthropic.com/v1/messages HTTP/1.1\r\nHost: api.anthropic.com\r\n\r\n",
                    "CONNECT api.anthropic.com:443 HTTP/1.1\r\nHost: api.anthropic.com:443\r\n\r\n",
                    "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n"}) {
    auto out = RewriteForwardHead(Head(text), Url("api.anthropic.com", 443, ""), ApiKey());
    EXPECT_FALSE(out.ok()) << text;
  }
}

TEST(ForwardRequest, RefusesACredentialThatWouldSplitTheHead) {
  auto head = Head(kMessages);
  EXPECT_FALSE(RewriteForwardHead(head, Url("a", 443, ""), {"x-api-key", "k\r\nhost: evil"}).ok());
  EXPECT_FALSE(RewriteForwardHead(head, Url("a", 443, ""), {"X-Api-Key", "k"}).ok());
  EXPECT_FALSE(RewriteForwardHead(head, Url("a", 443, ""), {"x api key", "k"}).ok());
}

TEST(ForwardRequest, HostNamesThePortOnlyWhenNot443AndBracketsV6) {
  EXPECT_EQ(UpstreamAuthority(Url("api.example", 443, "")), "api.example");
  EXPECT_EQ(UpstreamAuthority(Url("api.example", 8443, "")), "api.example:8443");
  EXPECT_EQ(UpstreamAuthority(Url("2001:db8::1", 443, "")), "[2001:db8::1]");
  EXPECT_EQ(UpstreamAuthority(Url("::1", 8443, "")), "[::1]:8443");
  auto out = RewriteForwardHead(Head(kMessages), Url("::1", 8443, ""), ApiKey());
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(Count(*out, "\r\nhost: [::1]:8443\r\n"), 1u) << *out;
}

TEST(ForwardRequest, KnowsTheCredentialHeaders) {
  for (auto name : {"authorization", "proxy-authorization", "x-api-key", "api-key", "x-goog-api-key"})
    EXPECT_TRUE(IsCredentialHeader(name)) << name;
  EXPECT_FALSE(IsCredentialHeader("anthropic-version"));
  EXPECT_FALSE(IsCredentialHeader("content-length"));
}

}  // namespace
}  // namespace paddock::net
