#include <gtest/gtest.h>

#include <vector>

#include "net/socks5.h"
#include "net_test_bytes.h"

namespace paddock::net {
namespace {

using testing::FromHex;

// Captured from `curl -x socks5h://127.0.0.1:PORT http://Example.COM:8080/`
// (curl 8): the greeting offers no-auth and username/password, then CONNECT
// by name.
const std::vector<uint8_t> kCurlGreeting = FromHex("05020001");
const std::vector<uint8_t> kCurlRequest = FromHex("050100030b4578616d706c652e434f4d1f90");
const std::vector<uint8_t> kIpv4Request = FromHex(
    "05010001c0000201"
    "0050");
const std::vector<uint8_t> kIpv6Request = FromHex(
    "05010004"
    "20010db8000000000000000000000001"
    "01bb");

TEST(Socks5, ReadsCurlsGreetingAndRequest) {
  auto greeting = ParseSocksGreeting(kCurlGreeting);
  ASSERT_EQ(greeting.status, SocksStatus::kOk) << greeting.error;
  EXPECT_TRUE(greeting.offers_no_auth);
  EXPECT_EQ(greeting.size, 4u);
  auto request = ParseSocksRequest(kCurlRequest);
  ASSERT_EQ(request.status, SocksStatus::kOk) << request.error;
  EXPECT_EQ(request.command, kSocksConnect);
  EXPECT_TRUE(request.by_name);
  EXPECT_EQ(request.name, "example.com");
  EXPECT_EQ(request.port, 8080);
  EXPECT_EQ(request.size, kCurlRequest.size());
}

TEST(Socks5, ReadsAddresses) {
  auto v4 = ParseSocksRequest(kIpv4Request);
  ASSERT_EQ(v4.status, SocksStatus::kOk) << v4.error;
  EXPECT_FALSE(v4.by_name);
  IpAddress expected4;
  expected4.bytes[0] = 192, expected4.bytes[1] = 0, expected4.bytes[2] = 2, expected4.bytes[3] = 1;
  EXPECT_EQ(v4.address, expected4);
  EXPECT_EQ(v4.port, 80);
  auto v6 = ParseSocksRequest(kIpv6Request);
  ASSERT_EQ(v6.status, SocksStatus::kOk) << v6.error;
  EXPECT_TRUE(v6.address.v6);
  EXPECT_EQ(v6.address.bytes[1], 0x01);
  EXPECT_EQ(v6.address.bytes[15], 0x01);
  EXPECT_EQ(v6.port, 443);
  EXPECT_EQ(v6.size, kIpv6Request.size());
}

TEST(Socks5, EveryPrefixNeedsMoreAndWhatFollowsIsNotConsumed) {
  for (const auto* message : {&kCurlRequest, &kIpv4Request, &kIpv6Request}) {
    for (size_t n = 0; n < message->size(); ++n) {
      EXPECT_EQ(ParseSocksRequest(std::span(*message).first(n)).status, SocksStatus::kNeedMore) << n;
    }
    auto more = testing::Concat(*message, FromHex("474554"));
    EXPECT_EQ(ParseSocksRequest(more).size, message->size());
  }
  for (size_t n = 0; n < kCurlGreeting.size(); ++n) {
    EXPECT_EQ(ParseSocksGreeting(std::span(kCurlGreeting).first(n)).status, SocksStatus::kNeedMore) << n;
  }
  EXPECT_EQ(ParseSocksGreeting(testing::Concat(kCurlGreeting, kCurlRequest)).size, 4u);
}

TEST(Socks5, RefusesMalformedMessages) {
  EXPECT_EQ(ParseSocksGreeting(FromHex("04")).status, SocksStatus::kMalformed);  // SOCKS4
  EXPECT_EQ(ParseSocksGreeting(FromHex("0500")).status, SocksStatus::kMalformed);
  auto no_none = ParseSocksGreeting(FromHex("05020102"));
  EXPECT_EQ(no_none.status, SocksStatus::kOk);
  EXPECT_FALSE(no_none.offers_no_auth);
  EXPECT_EQ(ParseSocksRequest(FromHex("04")).status, SocksStatus::kMalformed);
  EXPECT_EQ(ParseSocksRequest(FromHex("050101")).status, SocksStatus::kMalformed);  // RSV != 0, early
  EXPECT_EQ(ParseSocksRequest(FromHex("0501000300"
                                      "0050"))
                .status,
            SocksStatus::kMalformed);  // empty name
  EXPECT_EQ(ParseSocksRequest(FromHex("0501000303610062"
                                      "0050"))
                .status,
            SocksStatus::kMalformed);  // NUL
  EXPECT_EQ(ParseSocksRequest(FromHex("0501000303612062"
                                      "0050"))
                .status,
            SocksStatus::kMalformed);  // space
  EXPECT_EQ(ParseSocksRequest(FromHex("05010003036162c3"
                                      "0050"))
                .status,
            SocksStatus::kMalformed);  // 8-bit
}

TEST(Socks5, UnknownAddressTypeIsSaidSo) {
  auto r = ParseSocksRequest(FromHex("05010005"));
  EXPECT_EQ(r.status, SocksStatus::kMalformed);
  EXPECT_TRUE(r.unknown_address_type);
  EXPECT_FALSE(ParseSocksRequest(FromHex("05010100")).unknown_address_type);
}

TEST(Socks5, OtherCommandsAreParsedForTheCallerToRefuse) {
  auto bind = ParseSocksRequest(FromHex("05020001c00002010050"));
  EXPECT_EQ(bind.status, SocksStatus::kOk);
  EXPECT_EQ(bind.command, 2);
}

TEST(Socks5, Replies) {
  EXPECT_EQ(SocksMethodSelection(kSocksNoAuth), FromHex("0500"));
  EXPECT_EQ(SocksMethodSelection(kSocksNoAcceptableMethod), FromHex("05ff"));
  EXPECT_EQ(SocksReplyMessage(SocksReply::kNotAllowed), FromHex("05020001000000000000"));
  IpAddress v6;
  v6.v6 = true;
  v6.bytes[15] = 1;
  EXPECT_EQ(SocksReplyMessage(SocksReply::kSucceeded, &v6, 1080), FromHex("05000004"
                                                                          "00000000000000000000000000000001"
                                                                          "0438"));
}

}  // namespace
}  // namespace paddock::net
