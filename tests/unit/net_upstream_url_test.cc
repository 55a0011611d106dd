// Where a credential forwarder sends requests: https URLs only.
#include <gtest/gtest.h>

#include "net/upstream_url.h"

namespace paddock::net {
namespace {

TEST(UpstreamUrl, ParsesHostPortAndPath) {
  auto u = ParseUpstreamUrl("https://API.Anthropic.com");
  ASSERT_TRUE(u.ok()) << u.error().message;
  EXPECT_EQ(u->host, "api.anthropic.com");
  EXPECT_EQ(u->port, 443);
  EXPECT_EQ(u->path, "");
  u = ParseUpstreamUrl("HTTPS://gw.example:8443/anthropic/v1/");
  ASSERT_TRUE(u.ok()) << u.error().message;
  EXPECT_EQ(u->host, "gw.example");
  EXPECT_EQ(u->port, 8443);
  EXPECT_EQ(u->path, "/anthropic/v1");
  u = ParseUpstreamUrl("https://gw.example/");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->path, "");
}

TEST(UpstreamUrl, ParsesABracketedV6Address) {
  auto u = ParseUpstreamUrl("https://[2001:DB8::1]:8443/v1");
  ASSERT_TRUE(u.ok()) << u.error().message;
  EXPECT_EQ(u->host, "2001:db8::1");
  EXPECT_EQ(u->port, 8443);
  EXPECT_EQ(u->path, "/v1");
  EXPECT_EQ(FormatUpstreamUrl(*u), "https://[2001:db8::1]:8443/v1");
  EXPECT_FALSE(ParseUpstreamUrl("https://2001:db8::1/v1").ok());
}

TEST(UpstreamUrl, RefusesWhatIsNotAPlainHttpsUrl) {
  for (auto url : {"http://api.anthropic.com", "api.anthropic.com", "", "https://", "https://user:pw@api.example/",
                   "https://api.example/v1?key=1", "https://api.example/#x", "https://api.example:0",
                   "https://api.example:65536", "https://api.example/a b", "ftp://api.example"}) {
    auto u = ParseUpstreamUrl(url);
    EXPECT_FALSE(u.ok()) << url;
  }
  auto u = ParseUpstreamUrl("http://api.anthropic.com");
  ASSERT_FALSE(u.ok());
  EXPECT_NE(u.error().message.find("https://"), std::string::npos) << u.error().message;
}

TEST(UpstreamUrl, FormatsTheDefaultPortAway) {
  EXPECT_EQ(FormatUpstreamUrl({"api.example", 443, ""}), "https://api.example");
  EXPECT_EQ(FormatUpstreamUrl({"api.example", 8443, "/v1"}), "https://api.example:8443/v1");
}

}  // namespace
}  // namespace paddock::net
