// `paddock log`'s pure half (audit/log_view.h) and the rotation rule.
#include <gtest/gtest.h>

#include "audit/audit_log.h"
#include "audit/log_view.h"

namespace paddock::audit {
namespace {

using namespace std::chrono;

TimePoint At(const char* text) {
  auto t = ParseRfc3339(text);
  EXPECT_TRUE(t.ok()) << text;
  return t.ok() ? *t : TimePoint{};
}

TEST(AuditLogView, ParsesRfc3339) {
  TimePoint base = sys_days(year{2024} / 5 / 1) + hours(12);
  EXPECT_EQ(At("2024-05-01T12:00:00Z"), base);
  EXPECT_EQ(At("2024-05-01T12:00:00.250Z"), base + milliseconds(250));
  EXPECT_EQ(At("2024-05-01t12:00:00z"), base);
  EXPECT_EQ(At("2024-05-01 14:30:00+02:30"), base);
  EXPECT_EQ(At("2024-05-01T10:00:00-02:00"), base);
  // What EventLine writes reads back to the same millisecond.
  TimePoint now = base + milliseconds(1234);
  EXPECT_EQ(At(Rfc3339(now).c_str()), now);
  for (const char* bad :
       {"", "2024-05-01", "2024-05-01T12:00:00", "2024-13-01T00:00:00Z", "2024-02-30T00:00:00Z", "2024-05-01T25:00:00Z",
        "2999-01-01T00:00:00Z", "2024-05-01T12:00:00.Z", "2024-05-01T12:00:00Zjunk", "10m"})
    EXPECT_FALSE(ParseRfc3339(bad).ok()) << bad;
}

TEST(AuditLogView, SinceTakesDurationsAndTimestamps) {
  TimePoint now = sys_days(year{2024} / 5 / 1) + hours(12);
  EXPECT_EQ(*ParseSince("10m", now), now - minutes(10));
  EXPECT_EQ(*ParseSince("2h", now), now - hours(2));
  EXPECT_EQ(*ParseSince("1d", now), now - hours(24));
  EXPECT_EQ(*ParseSince("2024-04-30T00:00:00Z", now), sys_days(year{2024} / 4 / 30));
  auto bad = ParseSince("yesterday", now);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("yesterday"), std::string::npos);
  EXPECT_FALSE(ParseSince("", now).ok());
}

TEST(AuditLogView, FiltersBySinceAndRun) {
  auto entry = ParseLogLine(R"({"event":"exit","ts":"2024-05-01T12:00:00.000Z","run":"abcdef0123456789"})");
  ASSERT_FALSE(entry.malformed());
  LogFilter f;
  LogCursor c;
  EXPECT_TRUE(Matches(entry, f, c));
  f.run = "abcdef";
  EXPECT_TRUE(Matches(entry, f, c));
  f.run = "bcdef";
  EXPECT_FALSE(Matches(entry, f, c));
  f = {};
  f.since = At("2024-05-01T11:59:59Z");
  EXPECT_TRUE(Matches(entry, f, c));
  f.since = At("2024-05-01T12:00:00.001Z");
  EXPECT_FALSE(Matches(entry, f, c));
  // A line without a run cannot belong to one.
  auto undated = ParseLogLine(R"({"event":"policy_decision","decision":"deny"})");
  f = {};
  f.run = "ab";
  EXPECT_FALSE(Matches(undated, f, c));
}

// The log is written in time order: a line without a readable time goes
// with the dated line before it (kept when none came before).
TEST(AuditLogView, SincePlacesUndatedLinesByTheLineBefore) {
  LogFilter f;
  f.since = At("2024-05-01T12:00:00Z");
  auto old_line = ParseLogLine(R"({"event":"exit","ts":"2024-05-01T11:00:00Z"})");
  auto new_line = ParseLogLine(R"({"event":"exit","ts":"2024-05-01T13:00:00Z"})");
  auto no_ts = ParseLogLine(R"({"event":"policy_decision","decision":"deny"})");
  auto garbage = ParseLogLine("not json");
  LogCursor c;
  EXPECT_TRUE(Matches(garbage, f, c));  // nothing dated before it: cannot be placed, kept
  EXPECT_FALSE(Matches(old_line, f, c));
  EXPECT_FALSE(Matches(no_ts, f, c));
  EXPECT_FALSE(Matches(garbage, f, c));
  EXPECT_TRUE(Matches(new_line, f, c));
  EXPECT_TRUE(Matches(no_ts, f, c));
  EXPECT_TRUE(Matches(garbage, f, c));
  // A bad timestamp is no time at all.
  EXPECT_FALSE(Matches(old_line, f, c));
  EXPECT_FALSE(Matches(ParseLogLine(R"({"event":"exit","ts":"yesterday"})"), f, c));
  // Without --since every line is kept whatever came before.
  LogCursor fresh;
  EXPECT_TRUE(Matches(garbage, LogFilter{}, fresh));
}

TEST(AuditLogView, MalformedLinesAreShownNotFatal) {
  for (const char* raw : {"not json", "[1,2]", "{\"event\":", "\"string\"", "", "{\"a\":\"\xff\xfe\"}"}) {
    auto entry = ParseLogLine(raw);
    ShownEntry shown = ShowEntry(entry);
    if (entry.malformed()) EXPECT_EQ(shown.text.rfind("malformed line: ", 0), 0u) << raw;
    EXPECT_FALSE(shown.text.empty());
  }
  EXPECT_TRUE(ParseLogLine("[1,2]").malformed());
  EXPECT_FALSE(ParseLogLine("{}\n").malformed());
  // Wrong types in known fields are shown, never thrown.
  auto odd = ParseLogLine(R"({"event":"network","verdict":7,"port":"x","argv":3})");
  EXPECT_FALSE(ShowEntry(odd).text.empty());
  auto odd_start = ParseLogLine(R"({"event":"run-start","argv":3,"layers":[1,{"layer":"x","enforced":false}]})");
  EXPECT_NE(ShowEntry(odd_start).text.find("NOT enforced: x"), std::string::npos);
}

TEST(AuditLogView, ShowsTheKeyFactsAndMarksDenials) {
  auto deny = ShowEntry(ParseLogLine(
      R"({"event":"network","ts":"2024-05-01T12:00:00.250Z","run":"abcdef0123456789","verdict":"deny","via":"connect","name":"evil.test","port":443,"reason":"not in the allow list"})"));
  EXPECT_EQ(deny.text,
            "2024-05-01 12:00:00  abcdef01  network         deny evil.test:443 via connect (not in the allow list)");
  EXPECT_TRUE(deny.denial);
  auto allow = ShowEntry(ParseLogLine(R"({"event":"network","verdict":"allow","via":"dns","name":"ok.test"})"));
  EXPECT_FALSE(allow.denial);
  EXPECT_NE(allow.text.find("--------"), std::string::npos);  // no run id
  auto start = ShowEntry(ParseLogLine(
      R"({"event":"run-start","run":"r1","argv":["bash","-c","echo hi"],"project":"/p","profile":"strict","network":"none","layers":[{"layer":"landlock","enforced":true}]})"));
  EXPECT_NE(start.text.find("bash -c 'echo hi'  in /p  profile strict  net none"), std::string::npos) << start.text;
  EXPECT_FALSE(start.denial);
  auto hook = ShowEntry(ParseLogLine(
      R"({"event":"policy_decision","decision":"deny","tool_name":"Bash","command":"sudo id","reason":"sudo"})"));
  EXPECT_NE(hook.text.find("deny Bash: sudo id (sudo)"), std::string::npos) << hook.text;
  EXPECT_TRUE(hook.denial);
  EXPECT_TRUE(ShowEntry(ParseLogLine(R"({"event":"limit","limit":"memory","detail":"1 process killed"})")).denial);
  auto ok = ShowEntry(ParseLogLine(R"({"event":"exit","status":0,"duration_ms":12,"peak_memory_bytes":1024})"));
  EXPECT_FALSE(ok.denial);
  EXPECT_NE(ok.text.find("status 0 after 12 ms, peak memory 1024 B"), std::string::npos) << ok.text;
  EXPECT_TRUE(ShowEntry(ParseLogLine(R"({"event":"exit","status":137,"duration_ms":1})")).denial);
  auto unknown = ShowEntry(ParseLogLine(R"({"event":"future","x":1,"y":"z"})"));
  EXPECT_NE(unknown.text.find("future          x=1 y=z"), std::string::npos) << unknown.text;
}

TEST(AuditLogView, RotationRule) {
  EXPECT_FALSE(ShouldRotate(0, 100, 10));  // one huge line still goes into an empty log
  EXPECT_FALSE(ShouldRotate(5, 5, 10));
  EXPECT_TRUE(ShouldRotate(6, 5, 10));
  EXPECT_EQ(RotatedName("/s/audit.log", 0), "/s/audit.log");
  EXPECT_EQ(RotatedName("/s/audit.log", 2), "/s/audit.log.2");
}

}  // namespace
}  // namespace paddock::audit
