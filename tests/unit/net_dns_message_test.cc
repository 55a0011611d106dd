#include <gtest/gtest.h>

#include <vector>

#include "net/dns_message.h"
#include "net_test_bytes.h"

namespace paddock::net {
namespace {

using testing::FromHex;

// Built by glibc: res_mkquery(QUERY, "Example.com", C_IN, T_A, ...) (called
// through python ctypes), the bytes the stub resolver sends.
const std::vector<uint8_t> kGlibcA = FromHex("81e701000001000000000000074578616d706c6503636f6d0000010001");
// res_mkquery(QUERY, "www.example.org", C_IN, T_AAAA, ...).
const std::vector<uint8_t> kGlibcAaaa = FromHex("e4190100000100000000000003777777076578616d706c65036f726700001c0001");
// As dig sends it (RFC 6891): id 0x1234, RD and AD, one OPT record with a
// UDP size of 4096 and a 8-octet COOKIE option (code 10).
const std::vector<uint8_t> kEdnsQuery = FromHex(
    "123401200001000000000001"
    "076578616d706c6503636f6d0000010001"
    "00"
    "0029"
    "1000"
    "00000000"
    "000c"
    "000a0008"
    "0102030405060708");

IpAddress V4(uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
  IpAddress ip;
  ip.bytes[0] = a, ip.bytes[1] = b, ip.bytes[2] = c, ip.bytes[3] = d;
  return ip;
}

IpAddress V6Doc(uint8_t last) {  // 2001:db8::<last>
  IpAddress ip;
  ip.v6 = true;
  ip.bytes[0] = 0x20, ip.bytes[1] = 0x01, ip.bytes[2] = 0x0d, ip.bytes[3] = 0xb8, ip.bytes[15] = last;
  return ip;
}

TEST(DnsMessage, ParsesTheQueriesGlibcSends) {
  auto a = ParseDnsQuery(kGlibcA);
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(a->id, 0x81e7);
  EXPECT_TRUE(a->recursion_desired);
  EXPECT_EQ(a->name, "example.com");
  EXPECT_EQ(a->name_as_sent, "Example.com");
  EXPECT_EQ(a->type, kDnsTypeA);
  EXPECT_EQ(a->klass, kDnsClassIn);
  EXPECT_FALSE(a->edns);
  EXPECT_EQ(a->udp_payload, 512);
  EXPECT_EQ(a->question_end, kGlibcA.size());
  auto aaaa = ParseDnsQuery(kGlibcAaaa);
  ASSERT_TRUE(aaaa.ok()) << aaaa.error().message;
  EXPECT_EQ(aaaa->name, "www.example.org");
  EXPECT_EQ(aaaa->type, kDnsTypeAaaa);
}

TEST(DnsMessage, ReadsTheOptRecord) {
  auto q = ParseDnsQuery(kEdnsQuery);
  ASSERT_TRUE(q.ok()) << q.error().message;
  EXPECT_TRUE(q->edns);
  EXPECT_EQ(q->udp_payload, 4096);
  EXPECT_EQ(q->question_end, 29u);
  auto small = kEdnsQuery;
  small[32] = 0x01, small[33] = 0x00;  // a UDP size of 256 counts as 512
  ASSERT_TRUE(ParseDnsQuery(small).ok());
  EXPECT_EQ(ParseDnsQuery(small)->udp_payload, 512);
}

TEST(DnsMessage, EveryTruncationIsAnError) {
  for (const auto* q : {&kGlibcA, &kEdnsQuery}) {
    for (size_t n = 0; n < q->size(); ++n) {
      EXPECT_FALSE(ParseDnsQuery(std::span(*q).first(n)).ok()) << n;
    }
  }
}

TEST(DnsMessage, RootQueryIsTheEmptyName) {
  auto q = ParseDnsQuery(FromHex("0001010000010000000000000000020001"));
  ASSERT_TRUE(q.ok()) << q.error().message;
  EXPECT_EQ(q->name, "");
  EXPECT_EQ(q->type, 2);
}

std::string Why(const std::vector<uint8_t>& message) {
  auto q = ParseDnsQuery(message);
  return q.ok() ? "accepted" : q.error().message;
}

TEST(DnsMessage, RefusesWhatIsNotAPlainQuery) {
  auto response = kGlibcA;
  response[2] |= 0x80;
  EXPECT_NE(Why(response).find("a response"), std::string::npos);
  auto notify = kGlibcA;
  notify[2] |= 4 << 3;  // opcode NOTIFY
  EXPECT_NE(Why(notify).find("opcode"), std::string::npos);
  auto two = kGlibcA;
  two[5] = 2;
  EXPECT_NE(Why(two).find("one question"), std::string::npos);
  auto trailing = kGlibcA;
  trailing.push_back(0);
  EXPECT_NE(Why(trailing).find("after the last record"), std::string::npos);
}

TEST(DnsMessage, RefusesNamesThatCouldBeReadTwoWays) {
  // A compression pointer in the question.
  EXPECT_FALSE(ParseDnsQuery(FromHex("000101000001000000000000c00c00010001")).ok());
  // "a.b" as one label, which a careless join would make into a.b.
  EXPECT_NE(Why(FromHex("00010100000100000000000003612e62000001"
                        "0001"))
                .find("'.' inside a label"),
            std::string::npos);
  EXPECT_FALSE(ParseDnsQuery(FromHex("00010100000100000000000003610062000001"
                                     "0001"))
                   .ok());  // NUL
  EXPECT_FALSE(ParseDnsQuery(FromHex("00010100000100000000000003612062000001"
                                     "0001"))
                   .ok());  // space
  EXPECT_FALSE(ParseDnsQuery(FromHex("00010100000100000000000041"
                                     "00000001"
                                     "0001"))
                   .ok());  // label type 01
  // 128 one-octet labels: 257 octets in wire form.
  std::vector<uint8_t> longname = FromHex("000101000001000000000000");
  for (int i = 0; i < 128; ++i) longname.insert(longname.end(), {1, 'a'});
  longname.insert(longname.end(), {0, 0, 1, 0, 1});
  EXPECT_NE(Why(longname).find("longer than 255"), std::string::npos);
}

TEST(DnsMessage, OptRecordRules) {
  auto two = kEdnsQuery;
  two[11] = 2;
  std::vector<uint8_t> opt(kEdnsQuery.begin() + 29, kEdnsQuery.end());
  two.insert(two.end(), opt.begin(), opt.end());
  EXPECT_NE(Why(two).find("more than one OPT"), std::string::npos);
  auto named = FromHex(
      "123401200001000000000001076578616d706c6503636f6d0000010001"
      "c00c"
      "0029100000000000"
      "0000");
  EXPECT_NE(Why(named).find("other than the root"), std::string::npos);
  auto overlong = kEdnsQuery;
  overlong[39] = 0x0d;  // rdlength one past the end
  EXPECT_NE(Why(overlong).find("longer than the message"), std::string::npos);
  // Other additional records (a TSIG-like record with a pointer name) are skipped.
  auto other = FromHex(
      "123401200001000000000001076578616d706c6503636f6d0000010001"
      "c00c"
      "00fa00ff00000000"
      "0002abcd");
  EXPECT_TRUE(ParseDnsQuery(other).ok()) << Why(other);
}

TEST(DnsMessage, AnswersWithTheAddressesOfTheAskedType) {
  auto q = ParseDnsQuery(kGlibcA);
  ASSERT_TRUE(q.ok());
  std::vector<IpAddress> addresses = {V4(192, 0, 2, 1), V6Doc(1), V4(198, 51, 100, 7)};
  auto answer = BuildDnsAnswer(*q, DnsRcode::kNoError, addresses, 60, 512);
  // RFC 1035 4.1: header (QR RD RA, NOERROR; 1 question, 2 answers), the
  // question as sent, then two A records named by a pointer to offset 12.
  auto expected = FromHex(
      "81e7818000010002000000000745"
      "78616d706c6503636f6d0000010001"
      "c00c00010001"
      "0000003c"
      "0004"
      "c0000201"
      "c00c00010001"
      "0000003c"
      "0004"
      "c6336407");
  EXPECT_EQ(answer, expected);
  auto aaaa = ParseDnsQuery(kGlibcAaaa);
  ASSERT_TRUE(aaaa.ok());
  auto six = BuildDnsAnswer(*aaaa, DnsRcode::kNoError, addresses, 5, 512);
  ASSERT_EQ(six.size(), kGlibcAaaa.size() + 12 + 16);
  EXPECT_EQ(six[7], 1);  // ANCOUNT
  EXPECT_EQ(std::vector<uint8_t>(six.end() - 16, six.end()), FromHex("20010db8000000000000000000000001"));
}

TEST(DnsMessage, AnswerTooLargeForTheClientIsTruncated) {
  auto q = ParseDnsQuery(kGlibcA);
  ASSERT_TRUE(q.ok());
  std::vector<IpAddress> addresses(40, V4(192, 0, 2, 1));
  auto answer = BuildDnsAnswer(*q, DnsRcode::kNoError, addresses, 60, 512);  // 29 + 40 * 16 > 512
  EXPECT_EQ(answer.size(), kGlibcA.size());
  EXPECT_TRUE(answer[2] & 0x02);  // TC
  EXPECT_EQ(answer[7], 0);        // no answers
  auto tcp = BuildDnsAnswer(*q, DnsRcode::kNoError, addresses, 60, 65535);
  EXPECT_FALSE(tcp[2] & 0x02);
  EXPECT_EQ(tcp[7], 40);
}

TEST(DnsMessage, EdnsQueriesGetOurOptRecord) {
  auto q = ParseDnsQuery(kEdnsQuery);
  ASSERT_TRUE(q.ok());
  auto answer = BuildDnsAnswer(*q, DnsRcode::kNoError, std::vector<IpAddress>{V4(192, 0, 2, 1)}, 60, 1232);
  EXPECT_EQ(answer[11], 1);  // ARCOUNT
  EXPECT_EQ(std::vector<uint8_t>(answer.end() - 11, answer.end()), FromHex("00002904d0000000000000"));
}

TEST(DnsMessage, ErrorAnswersCarryNoRecords) {
  auto q = ParseDnsQuery(kGlibcA);
  ASSERT_TRUE(q.ok());
  auto nx = BuildDnsAnswer(*q, DnsRcode::kNxDomain, std::vector<IpAddress>{V4(192, 0, 2, 1)}, 60, 512);
  EXPECT_EQ(nx, FromHex("81e7818300010000000000000745"
                        "78616d706c6503636f6d0000010001"));
  EXPECT_EQ(BuildDnsError(0xbeef, DnsRcode::kFormErr), FromHex("beef808100000000"
                                                               "00000000"));
  EXPECT_EQ(DnsMessageId(FromHex("beef")), 0xbeef);
  EXPECT_EQ(DnsMessageId(FromHex("be")), -1);
}

}  // namespace
}  // namespace paddock::net
