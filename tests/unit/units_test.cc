#include "policy/units.h"

#include <gtest/gtest.h>

namespace paddock::policy {
namespace {

uint64_t Size(std::string_view s) {
  auto r = ParseSize(s);
  EXPECT_TRUE(r.ok()) << s << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? r.value() : 0;
}
std::string SizeError(std::string_view s) {
  auto r = ParseSize(s);
  EXPECT_FALSE(r.ok()) << s << " parsed as " << (r.ok() ? r.value() : 0);
  return r.ok() ? "" : r.error().message;
}
uint64_t Ms(std::string_view s) {
  auto r = ParseDurationMs(s);
  EXPECT_TRUE(r.ok()) << s << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? r.value() : 0;
}
std::string MsError(std::string_view s) {
  auto r = ParseDurationMs(s);
  EXPECT_FALSE(r.ok()) << s << " parsed as " << (r.ok() ? r.value() : 0);
  return r.ok() ? "" : r.error().message;
}

TEST(ParseSize, PlainBytes) {
  EXPECT_EQ(Size("1024"), 1024u);
  EXPECT_EQ(Size("1"), 1u);
  EXPECT_EQ(Size("17b"), 17u);
  EXPECT_EQ(Size(" 42 "), 42u);
}

TEST(ParseSize, BinaryUnitsInEverySpelling) {
  EXPECT_EQ(Size("64k"), 64u << 10);
  EXPECT_EQ(Size("64K"), 64u << 10);
  EXPECT_EQ(Size("64KiB"), 64u << 10);
  EXPECT_EQ(Size("64kb"), 64u << 10);
  EXPECT_EQ(Size("512m"), 512ull << 20);
  EXPECT_EQ(Size("512MB"), 512ull << 20);
  EXPECT_EQ(Size("512MiB"), 512ull << 20);
  EXPECT_EQ(Size("2g"), 2ull << 30);
  EXPECT_EQ(Size("3T"), 3ull << 40);
  EXPECT_EQ(Size("1p"), 1ull << 50);
}

TEST(ParseSize, FractionsRoundDownToBytes) {
  EXPECT_EQ(Size("1.5G"), 3ull << 29);
  EXPECT_EQ(Size("0.5k"), 512u);
  EXPECT_EQ(Size("0.001k"), 1u);                                // 1.024 bytes
  EXPECT_EQ(Size("1.0000000000000000000000001g"), 1ull << 30);  // long fraction is fine
}

TEST(ParseSize, RejectsGarbageWithAClearMessage) {
  EXPECT_EQ(SizeError("abc"),
            "cannot parse size \"abc\": expected a number with an optional unit (k, m, g, t), e.g. 512m");
  EXPECT_NE(SizeError("12x").find("unknown unit \"x\""), std::string::npos);
  EXPECT_NE(SizeError("").find("empty"), std::string::npos);
  SizeError("-1m");
  SizeError("1.m");
  SizeError(".5m");
  SizeError("1e9");
  SizeError("0x10");
  SizeError("5 m b");
  SizeError("1mm");
  SizeError("1kib2");
  EXPECT_NE(SizeError("1.5").find("fraction"), std::string::npos);
}

TEST(ParseSize, RejectsZero) {
  EXPECT_NE(SizeError("0").find("greater than zero"), std::string::npos);
  EXPECT_NE(SizeError("0g").find("greater than zero"), std::string::npos);
  SizeError("0.0001k");  // rounds to 0 bytes
}

TEST(ParseSize, DetectsOverflow) {
  EXPECT_EQ(Size("18446744073709551615"), UINT64_MAX);
  EXPECT_NE(SizeError("18446744073709551616").find("too large"), std::string::npos);
  EXPECT_NE(SizeError("16384p").find("too large"), std::string::npos);
  EXPECT_EQ(Size("16383p"), 16383ull << 50);
  EXPECT_EQ(Size("16383.5p"), (16383ull << 50) + (1ull << 49));
  EXPECT_NE(SizeError("16384.5p").find("too large"), std::string::npos);
  EXPECT_NE(SizeError("99999999999999999999999999k").find("too large"), std::string::npos);
}

TEST(ParseDurationMs, UnitsAndCombinations) {
  EXPECT_EQ(Ms("250ms"), 250u);
  EXPECT_EQ(Ms("30s"), 30000u);
  EXPECT_EQ(Ms("5m"), 300000u);
  EXPECT_EQ(Ms("1h"), 3600000u);
  EXPECT_EQ(Ms("1h30m"), 5400000u);
  EXPECT_EQ(Ms("1h30m15s500ms"), 5415500u);
  EXPECT_EQ(Ms("2d"), 2u * 86400000u);
  EXPECT_EQ(Ms("1.5s"), 1500u);
  EXPECT_EQ(Ms("1.5h"), 5400000u);
  EXPECT_EQ(Ms("10S"), 10000u);
  EXPECT_EQ(Ms("2min"), 120000u);
}

TEST(ParseDurationMs, PlainNumberIsSeconds) {
  EXPECT_EQ(Ms("30"), 30000u);
  EXPECT_EQ(Ms("2.5"), 2500u);
}

TEST(ParseDurationMs, RejectsGarbage) {
  EXPECT_NE(MsError("1h30").find("without a unit"), std::string::npos);
  EXPECT_NE(MsError("5x").find("unknown unit \"x\""), std::string::npos);
  EXPECT_NE(MsError("0s").find("at least 1ms"), std::string::npos);
  EXPECT_NE(MsError("0.1ms").find("at least 1ms"), std::string::npos);
  MsError("");
  MsError("s");
  MsError("-5s");
  MsError("1h 30m");
  MsError("forever");
  EXPECT_NE(MsError("99999999999999999999d").find("too large"), std::string::npos);
  EXPECT_NE(MsError("213503982335d").find("too large"), std::string::npos);
}

TEST(ParseCpus, AcceptsFractionsInRange) {
  EXPECT_DOUBLE_EQ(ParseCpus("1.5").value(), 1.5);
  EXPECT_DOUBLE_EQ(ParseCpus("2").value(), 2.0);
  EXPECT_DOUBLE_EQ(ParseCpus("0.01").value(), 0.01);
  EXPECT_DOUBLE_EQ(ParseCpus("4096").value(), 4096.0);
}

TEST(ParseCpus, RejectsOutOfRangeAndGarbage) {
  for (const char* bad : {"0", "0.001", "-1", "4097", "nan", "inf", "1e3", "1.5x", "", "1,5", "0x2"}) {
    auto r = ParseCpus(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.error().message.rfind("cannot parse cpus", 0), 0u) << r.error().message;
    }
  }
  EXPECT_NE(ParseCpus("0").error().message.find("at least 0.01"), std::string::npos);
  EXPECT_NE(ParseCpus("5000").error().message.find("at most 4096"), std::string::npos);
}

}  // namespace
}  // namespace paddock::policy
