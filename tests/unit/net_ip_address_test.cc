// net/ip_address.h: strict parsing, RFC 5952 printing, prefixes, and the
// classification that keeps names from leading into the host's networks.
#include <gtest/gtest.h>

#include "net/ip_address.h"

namespace paddock::net {
namespace {

IpAddress Ip(std::string_view text) {
  auto a = ParseIp(text);
  EXPECT_TRUE(a.ok()) << text << ": " << (a.ok() ? "" : a.error().message);
  return a.ok() ? *a : IpAddress{};
}

TEST(ParseIp, FormatsCanonically) {
  struct Case {
    const char* in;
    const char* out;
  };
  for (auto c : std::vector<Case>{
           {"192.0.2.1", "192.0.2.1"},
           {"0.0.0.0", "0.0.0.0"},
           {"255.255.255.255", "255.255.255.255"},
           {"2001:DB8::1", "2001:db8::1"},
           {"[2001:db8::1]", "2001:db8::1"},
           {"2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"},
           {"::", "::"},
           {"::1", "::1"},
           {"1::", "1::"},
           {"::ffff:1.2.3.4", "::ffff:1.2.3.4"},
           {"::FFFF:0102:0304", "::ffff:1.2.3.4"},
           {"2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"},     // first of two equal runs
           {"2001:db8:0:1:0:0:0:1", "2001:db8:0:1::1"},       // the longest run
           {"2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"},  // one zero group is not compressed
           {"1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"},
           {"64:ff9b::1.2.3.4", "64:ff9b::102:304"},
           {"fe80::1:2:3:4", "fe80::1:2:3:4"},
       }) {
    EXPECT_EQ(FormatIp(Ip(c.in)), c.out) << c.in;
  }
}

TEST(ParseIp, RefusesNonCanonicalAndMalformed) {
  for (const char* bad : {"",
                          "1.2.3",
                          "010.0.0.1",
                          "1.2.3.04",
                          "0x7f.0.0.1",
                          "0x7f000001",
                          "2130706433",
                          "1.2.3.4.5",
                          "256.1.1.1",
                          "1.2.3.",
                          ".1.2.3",
                          "1..2.3",
                          "+1.2.3.4",
                          " 1.2.3.4",
                          "[1.2.3.4]",
                          "1:2:3:4:5:6:7:8:9",
                          "1::2::3",
                          ":1::",
                          "1::2:",
                          "12345::",
                          "g::1",
                          "::1%eth0",
                          "fe80::1%25eth0",
                          "[::1",
                          "::1]",
                          "1:2:3:4:5:6:7:8::",
                          "::1.2.3",
                          "1.2.3.4::",
                          "::ffff:010.1.1.1",
                          "1:2:3:4:5:6:7:1.2.3.4"}) {
    auto a = ParseIp(bad);
    EXPECT_FALSE(a.ok()) << bad << " parsed as " << (a.ok() ? FormatIp(*a) : "");
    if (!a.ok()) EXPECT_NE(a.error().message.find("\"" + std::string(bad) + "\""), std::string::npos) << bad;
  }
  EXPECT_NE(ParseIp("fe80::1%eth0").error().message.find("zone"), std::string::npos);
}

TEST(ParseIp, UnmapsOnlyMappedAddresses) {
  EXPECT_EQ(Unmapped(Ip("::ffff:10.1.2.3")), Ip("10.1.2.3"));
  EXPECT_EQ(Unmapped(Ip("::10.1.2.3")), Ip("::10.1.2.3"));
  EXPECT_EQ(Unmapped(Ip("10.1.2.3")), Ip("10.1.2.3"));
  EXPECT_TRUE(Ip("::ffff:10.1.2.3").v6);
}

TEST(Cidr, ParsesFormatsAndContains) {
  auto c = ParseCidr("10.0.0.0/8");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(FormatCidr(*c), "10.0.0.0/8");
  EXPECT_TRUE(c->Contains(Ip("10.255.0.1")));
  EXPECT_TRUE(c->Contains(Ip("::ffff:10.1.1.1")));  // mapped compares as IPv4
  EXPECT_FALSE(c->Contains(Ip("11.0.0.0")));
  EXPECT_FALSE(c->Contains(Ip("::a00:1")));  // IPv4-compatible is not IPv4
  EXPECT_EQ(FormatCidr(ParseCidr("192.0.2.7").value()), "192.0.2.7/32");
  EXPECT_EQ(FormatCidr(ParseCidr("[2001:db8::]/32").value()), "2001:db8::/32");
  EXPECT_EQ(FormatCidr(ParseCidr("[2001:db8::/32]").value()), "2001:db8::/32");
  EXPECT_EQ(FormatCidr(ParseCidr("2001:DB8::1").value()), "2001:db8::1/128");
  EXPECT_TRUE(ParseCidr("0.0.0.0/0")->Contains(Ip("8.8.8.8")));
  EXPECT_FALSE(ParseCidr("0.0.0.0/0")->Contains(Ip("2001:4860::1")));
  EXPECT_FALSE(ParseCidr("::/0")->Contains(Ip("::ffff:8.8.8.8")));
  EXPECT_TRUE(ParseCidr("::ffff:10.0.0.0/104")->Contains(Ip("10.2.3.4")));
  EXPECT_TRUE(ParseCidr("2001:db8::/33")->Contains(Ip("2001:db8:7fff::1")));
  EXPECT_FALSE(ParseCidr("2001:db8::/33")->Contains(Ip("2001:db8:8000::1")));
}

TEST(Cidr, RefusesHostBitsWithAHint) {
  auto c = ParseCidr("10.0.0.1/8");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().message, "\"10.0.0.1/8\": host bits set; did you mean 10.0.0.0/8?");
  EXPECT_NE(ParseCidr("2001:db8::1/32").error().message.find("did you mean 2001:db8::/32?"), std::string::npos);
  for (const char* bad : {"10.0.0.0/33", "10.0.0.0/", "10.0.0.0/08", "10.0.0.0/-1", "::/129", "10.0.0.0/8/8",
                          "10.0.0/8", "/8", "10.0.0.0/x"}) {
    EXPECT_FALSE(ParseCidr(bad).ok()) << bad;
  }
}

TEST(Classify, ClassesAndEmbeddedIpv4) {
  struct Case {
    const char* address;
    AddressClass expected;
  };
  using C = AddressClass;
  for (auto c : std::vector<Case>{
           {"8.8.8.8", C::kPublic},
           {"0.1.2.3", C::kUnspecified},
           {"127.0.0.1", C::kLoopback},
           {"127.255.0.9", C::kLoopback},
           {"10.0.0.1", C::kPrivate},
           {"172.16.0.1", C::kPrivate},
           {"172.31.255.255", C::kPrivate},
           {"172.32.0.1", C::kPublic},
           {"192.168.1.1", C::kPrivate},
           {"100.64.0.1", C::kPrivate},
           {"100.127.255.255", C::kPrivate},
           {"100.128.0.1", C::kPublic},
           {"198.18.0.1", C::kPrivate},
           {"198.19.255.255", C::kPrivate},
           {"198.20.0.1", C::kPublic},
           {"169.254.169.254", C::kLinkLocal},
           {"224.0.0.1", C::kMulticast},
           {"239.255.255.255", C::kMulticast},
           {"240.0.0.1", C::kReserved},
           {"255.255.255.255", C::kReserved},
           {"192.0.0.8", C::kReserved},
           {"192.0.2.1", C::kReserved},
           {"198.51.100.1", C::kReserved},
           {"203.0.113.1", C::kReserved},
           {"::", C::kUnspecified},
           {"::1", C::kLoopback},
           {"fe80::1", C::kLinkLocal},
           {"febf::1", C::kLinkLocal},
           {"fc00::1", C::kUniqueLocal},
           {"fd00:ec2::254", C::kUniqueLocal},
           {"ff02::1", C::kMulticast},
           {"2001:db8::1", C::kReserved},
           {"100::1", C::kReserved},
           {"2001::1", C::kReserved},      // Teredo, inside 2001::/23
           {"2001:1ff::1", C::kReserved},  // 2001::/23
           {"2001:200::1", C::kPublic},
           {"3fff::1", C::kReserved},
           {"fec0::1", C::kReserved},  // outside 2000::/3
           {"2606:4700::1111", C::kPublic},
           {"2001:4860:4860::8888", C::kPublic},
           // Embedded IPv4, in every form.
           {"::ffff:169.254.169.254", C::kLinkLocal},
           {"::ffff:127.0.0.1", C::kLoopback},
           {"::ffff:8.8.8.8", C::kPublic},
           {"::127.0.0.1", C::kLoopback},
           {"::169.254.169.254", C::kLinkLocal},
           {"::0.0.0.2", C::kUnspecified},
           {"64:ff9b::169.254.169.254", C::kLinkLocal},
           {"64:ff9b::127.0.0.1", C::kLoopback},
           {"64:ff9b::8.8.8.8", C::kPublic},
           {"64:ff9b:1:a9fe:a9:fe00::", C::kLinkLocal},  // /48: 169.254 | u | 169.254
           {"64:ff9b:1:7f00:0:1::", C::kLoopback},       // /48: 127.0 | u | 0.1
           {"64:ff9b:1:808:8:800::", C::kPublic},        // /48: 8.8 | u | 8.8
           {"64:ff9b:1:c633:64:100::", C::kReserved},    // /48: 198.51 | u | 100.1 (bytes 6,7,9,10, not 6..9)
           {"2002:a9fe:a9fe::1", C::kLinkLocal},
           {"2002:7f00:1::", C::kLoopback},
           {"2002:0808:0808::1", C::kPublic},
       }) {
    EXPECT_EQ(ClassName(Classify(Ip(c.address))), ClassName(c.expected)) << c.address;
  }
}

TEST(Classify, Names) {
  EXPECT_EQ(ClassName(AddressClass::kLinkLocal), "link-local");
  EXPECT_EQ(ClassName(AddressClass::kUniqueLocal), "unique-local");
  EXPECT_EQ(ClassName(AddressClass::kPublic), "public");
}

}  // namespace
}  // namespace paddock::net
