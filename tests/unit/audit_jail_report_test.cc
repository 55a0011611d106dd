#include <gtest/gtest.h>

#include "audit/jail_report.h"
#include "hook/hook.h"

namespace paddock::audit {
namespace {

TEST(JailReport, HookDecisionsAreTakenAndMarked) {
  auto r =
      JailReport(R"({"event":"policy_decision","decision":"deny","reason":"sudo","exit_code":2,"tool_name":"Bash",)"
                 R"("command":"echo x | sudo id","ts":"2026-01-01T00:00:00.000Z"})");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ((*r)["reported_by"], "jail");
  EXPECT_EQ((*r)["reported_ts"], "2026-01-01T00:00:00.000Z");
  EXPECT_FALSE(r->contains("ts"));  // the host stamps its own
  EXPECT_TRUE(IsDenial(*r));
  auto allow = JailReport(R"({"event":"policy_decision","decision":"allow","tool_name":"Read"})");
  ASSERT_TRUE(allow.has_value());
  EXPECT_FALSE(IsDenial(*allow));
}

TEST(JailReport, AnythingElseTheJailWroteIsDropped) {
  for (const char* line : {
           "not json", "[1,2]",
           R"({"event":"run-start","argv":["x"]})",                                      // another event
           R"({"event":"policy_decision"})",                                             // no decision
           R"({"event":"policy_decision","decision":"deny","run":"0000000000000000"})",  // a forged run id
           R"({"event":"policy_decision","decision":"deny","reported_by":"host"})",      // a forged origin
           R"({"event":"policy_decision","decision":"deny","exit_code":"2"})",           // wrong type
           R"({"event":"policy_decision","decision":"deny","command":{"a":1}})",         // wrong type
       })
    EXPECT_FALSE(JailReport(line).has_value()) << line;
  std::string long_line =
      R"({"event":"policy_decision","decision":"deny","command":")" + std::string(kMaxJailReportLine, 'x') + R"("})";
  EXPECT_FALSE(JailReport(long_line).has_value());
}

// What the hook writes inside the jail is what the run takes back.
TEST(JailReport, TakesEveryRecordTheHookWrites) {
  hook::HookConfig config;
  config.settings.managed_dir = "/nonexistent/paddock-test";
  config.settings.config_dir = "/nonexistent/paddock-test";
  config.settings.home = "/home/u";
  for (const char* event : {
           R"({"session_id":"s","cwd":"/p","hook_event_name":"PreToolUse","permission_mode":"default",)"
           R"("tool_name":"Bash","tool_use_id":"t","tool_input":{"command":"echo x | sudo id"}})",
           R"({"session_id":"s","cwd":"/p","hook_event_name":"PreToolUse","tool_name":"Read",)"
           R"("tool_input":{"file_path":"/etc/passwd"}})",
           R"({"session_id":"s","cwd":"/p","hook_event_name":"PreToolUse","tool_name":"WebFetch",)"
           R"("tool_input":{"url":"https://example.com"}})",
           R"(not json)",
       }) {
    auto answer = hook::HandleEvent(event, config);
    ASSERT_FALSE(answer.audit.is_null()) << event;
    EXPECT_TRUE(JailReport(answer.audit.dump()).has_value()) << answer.audit.dump();
  }
}

}  // namespace
}  // namespace paddock::audit
