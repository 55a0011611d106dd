// net/host_pattern.h: host-name normalization, the --allow-host/--deny-host
// syntax, and the allow-list's verdicts (deny wins, inspection, ports).
#include <gtest/gtest.h>

#include "net/host_pattern.h"

namespace paddock::net {
namespace {

std::vector<HostPattern> Parse(std::string_view text, const std::vector<uint16_t>& ports = kDefaultAllowPorts) {
  auto p = ParseHostPatterns(text, ports);
  EXPECT_TRUE(p.ok()) << text << ": " << (p.ok() ? "" : p.error().message);
  return p.ok() ? *p : std::vector<HostPattern>{};
}

AllowList List(std::vector<std::string> allow, std::vector<std::string> deny = {}) {
  std::vector<HostPattern> a, d;
  for (const auto& t : allow) {
    for (auto& p : Parse(t)) a.push_back(p);
  }
  for (const auto& t : deny) {
    for (auto& p : Parse(t, kAllPorts)) d.push_back(p);
  }
  return AllowList(a, d);
}

IpAddress Ip(std::string_view text) { return ParseIp(text).value(); }

TEST(NormalizeHostName, Normalizes) {
  struct Case {
    const char* in;
    const char* out;
  };
  for (auto c : std::vector<Case>{
           {"Example.COM", "example.com"},
           {"example.com.", "example.com"},
           {"BÜcher.example.", "xn--bcher-kva.example"},
           {"bücher.example", "xn--bcher-kva.example"},
           {"XN--BCHER-KVA.example", "xn--bcher-kva.example"},
           {"faß.de", "xn--fa-hia.de"},  // non-transitional: ß is kept, not "ss"
           {"_acme-challenge.example.com", "_acme-challenge.example.com"},
           {"a-b.c1", "a-b.c1"},
           {"localhost", "localhost"},
           {"1.2.3.a", "1.2.3.a"},
       }) {
    auto n = NormalizeHostName(c.in);
    ASSERT_TRUE(n.ok()) << c.in << ": " << n.error().message;
    EXPECT_EQ(*n, c.out) << c.in;
  }
  std::string label63(63, 'a');
  std::string name253 = label63 + "." + label63 + "." + label63 + "." + std::string(61, 'b');
  EXPECT_TRUE(NormalizeHostName(name253).ok());
  EXPECT_TRUE(NormalizeHostName(name253 + ".").ok());
}

TEST(NormalizeHostName, Refuses) {
  std::string label64(64, 'a');
  std::string name254 =
      std::string(63, 'a') + "." + std::string(63, 'a') + "." + std::string(63, 'a') + "." + std::string(62, 'b');
  for (std::string bad : {std::string(""),
                          std::string("."),
                          std::string("example.com.."),
                          std::string(".example.com"),
                          std::string("a..b"),
                          label64 + ".com",
                          name254,
                          std::string("exa mple.com"),
                          std::string("-a.com"),
                          std::string("a-.com"),
                          std::string("a/b.com"),
                          std::string("a:b"),
                          std::string("1.2.3.4"),
                          std::string("::1"),
                          std::string("[::1]"),
                          std::string("1.2.3"),
                          std::string("010.0.0.1"),
                          std::string("0x7f.1"),
                          std::string("example.123"),
                          std::string("a\0b.com", 7),
                          std::string("*.example.com")}) {
    auto n = NormalizeHostName(bad);
    EXPECT_FALSE(n.ok()) << bad << " -> " << (n.ok() ? *n : "");
  }
  EXPECT_NE(NormalizeHostName("1.2.3.4").error().message.find("IP address"), std::string::npos);
  EXPECT_NE(NormalizeHostName("1.2.3").error().message.find("IPv4"), std::string::npos);
}

TEST(ParseHostPatterns, Shapes) {
  auto exact = Parse("API.Example.com.");
  ASSERT_EQ(exact.size(), 1u);
  EXPECT_EQ(exact[0].kind, HostPattern::Kind::kExact);
  EXPECT_EQ(exact[0].name, "api.example.com");
  EXPECT_EQ(exact[0].ports, kDefaultAllowPorts);
  EXPECT_FALSE(exact[0].explicit_ports);
  EXPECT_EQ(exact[0].text, "API.Example.com.");

  auto wild = Parse("*.example.com:8443,22,8443");
  ASSERT_EQ(wild.size(), 1u);
  EXPECT_EQ(wild[0].kind, HostPattern::Kind::kSubdomains);
  EXPECT_EQ(wild[0].name, "example.com");
  EXPECT_EQ(wild[0].ports, (std::vector<uint16_t>{22, 8443}));
  EXPECT_TRUE(wild[0].explicit_ports);

  auto v6 = Parse("[::1]:5432");
  ASSERT_EQ(v6.size(), 1u);
  EXPECT_EQ(v6[0].kind, HostPattern::Kind::kAddress);
  EXPECT_EQ(FormatCidr(v6[0].address), "::1/128");
  EXPECT_EQ(v6[0].ports, std::vector<uint16_t>{5432});

  auto net = Parse("10.0.0.0/8:5432");
  ASSERT_EQ(net.size(), 1u);
  EXPECT_EQ(FormatCidr(net[0].address), "10.0.0.0/8");
  EXPECT_EQ(net[0].ports, std::vector<uint16_t>{5432});

  EXPECT_EQ(FormatCidr(Parse("192.0.2.7")[0].address), "192.0.2.7/32");
  EXPECT_EQ(FormatCidr(Parse("2001:db8::/32")[0].address), "2001:db8::/32");
  EXPECT_EQ(FormatCidr(Parse("[2001:db8::]/32:443")[0].address), "2001:db8::/32");
  EXPECT_EQ(FormatCidr(Parse("[2001:db8::/32]:443")[0].address), "2001:db8::/32");
  EXPECT_EQ(Parse("example.com", kAllPorts)[0].ports, kAllPorts);
  EXPECT_EQ(Parse("example.com:65535")[0].ports, std::vector<uint16_t>{65535});
}

TEST(ParseHostPatterns, LocalhostIsTheLoopbackAddresses) {
  for (const char* text : {"localhost", "LOCALHOST.", "localhost:3000"}) {
    auto p = Parse(text);
    ASSERT_EQ(p.size(), 2u) << text;
    EXPECT_EQ(p[0].kind, HostPattern::Kind::kAddress);
    EXPECT_EQ(FormatCidr(p[0].address), "127.0.0.1/32");
    EXPECT_EQ(FormatCidr(p[1].address), "::1/128");
    EXPECT_EQ(p[1].text, text);
  }
  EXPECT_EQ(Parse("localhost:3000")[1].ports, std::vector<uint16_t>{3000});
}

TEST(ParseHostPatterns, Refuses) {
  struct Case {
    const char* text;
    const char* says;
  };
  for (auto c : std::vector<Case>{
           {"*", "every host"},
           {"*.com", "\"*.com\": a wildcard needs at least two labels after \"*.\""},
           {"*.com.", "two labels"},
           {"*.", "empty"},
           {"a.*.com", "whole first label"},
           {"*example.com", "whole first label"},
           {"**.example.com", "whole first label"},
           {"example.com:0", "\"0\" is not a port"},
           {"example.com:65536", "not a port"},
           {"example.com:", "not a port"},
           {"example.com:80,", "not a port"},
           {"example.com:http", "not a port"},
           {"example.com:080", "not a port"},
           {"example.com:1:2", ""},
           {":443", "no host"},
           {"", "empty"},
           {"10.0.0.1/8", "did you mean 10.0.0.0/8?"},
           {"10.0.0.1/8:5432", "did you mean 10.0.0.0/8?"},
           {"010.0.0.1", "IPv4"},
           {"1.2.3", "IPv4"},
           {"1.2.3:80", "IPv4"},
           {"[1.2.3.4]:80", "IPv6 addresses only"},
           {"[::1]x", ""},
           {"[::1", ""},
           {"fe80::1%eth0", "zone"},
           {"exa mple.com", "character"},
       }) {
    auto p = ParseHostPatterns(c.text, kDefaultAllowPorts);
    ASSERT_FALSE(p.ok()) << c.text;
    EXPECT_NE(p.error().message.find(c.says), std::string::npos) << c.text << ": " << p.error().message;
    EXPECT_EQ(p.error().message.rfind("\"" + std::string(c.text) + "\"", 0), 0u) << p.error().message;
  }
}

TEST(HostPattern, Matches) {
  auto wild = Parse("*.example.com")[0];
  EXPECT_FALSE(wild.MatchesName("example.com"));
  EXPECT_TRUE(wild.MatchesName("a.example.com"));
  EXPECT_TRUE(wild.MatchesName("a.b.example.com"));
  EXPECT_FALSE(wild.MatchesName("badexample.com"));
  EXPECT_FALSE(wild.MatchesName(".example.com"));
  EXPECT_FALSE(wild.MatchesName("example.com.evil"));
  auto exact = Parse("example.com")[0];
  EXPECT_TRUE(exact.MatchesName("example.com"));
  EXPECT_FALSE(exact.MatchesName("a.example.com"));
  EXPECT_FALSE(exact.MatchesAddress(Ip("192.0.2.1")));
  auto net = Parse("10.0.0.0/8")[0];
  EXPECT_FALSE(net.MatchesName("10.0.0.1"));
  EXPECT_TRUE(net.MatchesAddress(Ip("10.9.9.9")));
  EXPECT_TRUE(net.MatchesAddress(Ip("::ffff:10.9.9.9")));
  EXPECT_TRUE(exact.MatchesPort(443));
  EXPECT_FALSE(exact.MatchesPort(22));
  EXPECT_TRUE(Parse("example.com", kAllPorts)[0].MatchesPort(22));
  EXPECT_TRUE(exact.InspectsPort(443));
  EXPECT_TRUE(exact.InspectsPort(80));
  EXPECT_FALSE(Parse("example.com:22")[0].InspectsPort(22));
  EXPECT_FALSE(net.InspectsPort(443));
}

TEST(AllowList, CheckName) {
  auto list = List({"*.example.com", "api.example.com:22", "git.example.com:443,9418"}, {"secret.example.com"});
  auto v = list.CheckName("a.example.com", 443);
  EXPECT_TRUE(v.allowed);
  EXPECT_TRUE(v.inspect);
  EXPECT_EQ(v.pattern, "*.example.com");
  EXPECT_NE(v.reason.find("*.example.com"), std::string::npos);
  EXPECT_FALSE(list.CheckName("example.com", 443).allowed);
  EXPECT_FALSE(list.CheckName("a.example.com", 22).allowed);
  v = list.CheckName("api.example.com", 22);
  EXPECT_TRUE(v.allowed);
  EXPECT_FALSE(v.inspect);  // a port opted into explicitly carries any protocol
  EXPECT_EQ(v.pattern, "api.example.com:22");
  EXPECT_TRUE(list.CheckName("git.example.com", 9418).allowed);
  EXPECT_FALSE(list.CheckName("git.example.com", 9418).inspect);
  // Deny wins, and a deny without ports denies every port.
  for (uint16_t port : {80, 443, 22}) {
    v = list.CheckName("secret.example.com", port);
    EXPECT_FALSE(v.allowed) << port;
    EXPECT_EQ(v.pattern, "secret.example.com");
    EXPECT_NE(v.reason.find("--deny-host secret.example.com"), std::string::npos);
  }
  v = list.CheckName("other.org", 443);
  EXPECT_FALSE(v.allowed);
  EXPECT_EQ(v.pattern, "");
  EXPECT_NE(v.reason.find("other.org"), std::string::npos);
}

TEST(AllowList, RawBeatsInspecting) {
  // Both allow port 8443 and 443 of a.example.com; 443 is inspected by
  // either, 8443 by neither: the verdict says so whichever comes first.
  auto list = List({"a.example.com:443,8443", "*.example.com:8443"});
  auto v = list.CheckName("a.example.com", 8443);
  EXPECT_TRUE(v.allowed);
  EXPECT_FALSE(v.inspect);
  v = list.CheckName("a.example.com", 443);
  EXPECT_TRUE(v.allowed);
  EXPECT_TRUE(v.inspect);
  v = list.CheckName("b.example.com", 8443);
  EXPECT_TRUE(v.allowed);
  EXPECT_FALSE(v.inspect);
  EXPECT_EQ(v.pattern, "*.example.com:8443");
}

TEST(AllowList, DenyOnSomePortsOnly) {
  auto list = List({"*.example.com"}, {});
  AllowList with_deny(list.allow(), Parse("a.example.com:80"));
  EXPECT_FALSE(with_deny.CheckName("a.example.com", 80).allowed);
  EXPECT_TRUE(with_deny.CheckName("a.example.com", 443).allowed);
  EXPECT_TRUE(with_deny.CheckResolvable("a.example.com").allowed);
  AllowList both_denied(list.allow(), Parse("a.example.com:80,443"));
  EXPECT_FALSE(both_denied.CheckResolvable("a.example.com").allowed);
  EXPECT_TRUE(both_denied.CheckResolvable("b.example.com").allowed);
}

TEST(AllowList, CheckResolvable) {
  auto list = List({"*.example.com", "10.0.0.0/8"}, {"*.internal.example.com"});
  EXPECT_TRUE(list.CheckResolvable("a.example.com").allowed);
  EXPECT_FALSE(list.CheckResolvable("example.com").allowed);
  auto v = list.CheckResolvable("db.internal.example.com");
  EXPECT_FALSE(v.allowed);
  EXPECT_EQ(v.pattern, "*.internal.example.com");
  EXPECT_FALSE(list.CheckResolvable("other.org").allowed);
}

TEST(AllowList, CheckAddress) {
  auto list = List({"10.0.0.0/8:5432", "[::1]:5432", "localhost:3000", "example.com"}, {"10.0.0.66"});
  auto v = list.CheckAddress(Ip("10.1.2.3"), 5432);
  EXPECT_TRUE(v.allowed);
  EXPECT_FALSE(v.inspect);
  EXPECT_EQ(v.pattern, "10.0.0.0/8:5432");
  EXPECT_FALSE(list.CheckAddress(Ip("10.1.2.3"), 5433).allowed);
  EXPECT_TRUE(list.CheckAddress(Ip("::ffff:10.1.2.3"), 5432).allowed);
  EXPECT_FALSE(list.CheckAddress(Ip("10.0.0.66"), 5432).allowed);  // deny wins
  EXPECT_TRUE(list.CheckAddress(Ip("127.0.0.1"), 3000).allowed);
  EXPECT_TRUE(list.CheckAddress(Ip("::1"), 3000).allowed);
  EXPECT_FALSE(list.CheckAddress(Ip("93.184.216.34"), 443).allowed);  // a name pattern allows no address
  EXPECT_TRUE(list.AddressAllowedExplicitly(Ip("10.200.0.1")));
  EXPECT_TRUE(list.AddressAllowedExplicitly(Ip("127.0.0.1")));
  EXPECT_FALSE(list.AddressAllowedExplicitly(Ip("192.168.0.1")));
  EXPECT_EQ(list.Ports(), (std::vector<uint16_t>{80, 443, 3000, 5432}));
  std::vector<std::string> prefixes;
  for (const auto& c : list.AllowedPrefixes()) prefixes.push_back(FormatCidr(c));
  EXPECT_EQ(prefixes, (std::vector<std::string>{"10.0.0.0/8", "::1/128", "127.0.0.1/32"}));
}

TEST(ParseResolvePin, Parses) {
  auto pin = ParseResolvePin("API.example.com.=192.0.2.1,[2001:db8::1],192.0.2.1");
  ASSERT_TRUE(pin.ok()) << pin.error().message;
  EXPECT_EQ(pin->name, "api.example.com");
  ASSERT_EQ(pin->addresses.size(), 2u);
  EXPECT_EQ(FormatIp(pin->addresses[1]), "2001:db8::1");
  for (const char* bad : {"example.com", "example.com=", "=1.2.3.4", "example.com=1.2.3", "1.2.3.4=1.2.3.4",
                          "example.com=1.2.3.4,", "example.com=host.example"}) {
    auto p = ParseResolvePin(bad);
    ASSERT_FALSE(p.ok()) << bad;
    EXPECT_NE(p.error().message.find(bad), std::string::npos) << p.error().message;
  }
}

}  // namespace
}  // namespace paddock::net
