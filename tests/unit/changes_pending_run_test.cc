#include <gtest/gtest.h>

#include "changes/pending_run.h"

namespace paddock::changes {
namespace {

PendingRun Sample() {
  PendingRun run;
  run.id = "20261203-201512-3f2a";
  run.project = "/home/u/proj";
  run.started_ns = 1796328912123456789;
  run.pid = 4242;
  run.argv = {"claude", "--print", "fix the \"bug\"\n"};
  run.placeholders = {".git/hooks", ".paddock.toml"};
  run.protected_paths = {".git/hooks", ".git/config"};
  run.applied_ctime_ns = {{"src", 17}, {"", 18}};
  run.base = "20261203-190000-0a0b";
  return run;
}

TEST(PendingRunJson, RoundTripsEveryField) {
  PendingRun run = Sample();
  run.ended = true;
  run.exit_status = 137;
  run.ended_ns = 1796328999000000000;
  auto back = PendingRunFromJson(ToJson(run));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->id, run.id);
  EXPECT_EQ(back->project, run.project);
  EXPECT_EQ(back->started_ns, run.started_ns);
  EXPECT_EQ(back->pid, 4242);
  EXPECT_EQ(back->argv, run.argv);
  EXPECT_EQ(back->placeholders, run.placeholders);
  EXPECT_EQ(back->protected_paths, run.protected_paths);
  EXPECT_TRUE(back->ended);
  EXPECT_EQ(back->exit_status, 137);
  EXPECT_EQ(back->ended_ns, run.ended_ns);
  EXPECT_EQ(back->applied_ctime_ns, run.applied_ctime_ns);
  EXPECT_EQ(back->base, run.base);
}

TEST(PendingRunJson, OptionalFieldsDefaultAndUnknownKeysAreIgnored) {
  auto run = PendingRunFromJson(R"({"id": "20261203-201512-3f2a", "project": "/p", "future": [1, 2]})");
  ASSERT_TRUE(run) << run.error().message;
  EXPECT_FALSE(run->ended);
  EXPECT_EQ(run->exit_status, -1);
  EXPECT_TRUE(run->argv.empty());
  EXPECT_TRUE(run->applied_ctime_ns.empty());
  EXPECT_TRUE(run->base.empty()) << "a run.json from before --overlay-on is a run on the project";
}

TEST(PendingRunJson, BaseIsAnotherRunsId) {
  PendingRun run = Sample();
  run.base = run.id;
  EXPECT_FALSE(PendingRunFromJson(ToJson(run)));
  run.base = "../elsewhere";
  EXPECT_FALSE(PendingRunFromJson(ToJson(run)));
  run.base.clear();
  EXPECT_EQ(ToJson(run).find("\"base\""), std::string::npos) << "no base: no key, as before";
}

TEST(PendingRunJson, RefusesWhatIsNotARunRecord) {
  EXPECT_EQ(PendingRunFromJson("not json").error().message, "run.json is not a JSON object");
  EXPECT_EQ(PendingRunFromJson("[1]").error().message, "run.json is not a JSON object");
  EXPECT_EQ(PendingRunFromJson(R"({"project": "/p"})").error().message, "run.json: \"id\" is missing");
  EXPECT_EQ(PendingRunFromJson(R"({"id": "x", "project": "rel"})").error().message,
            "run.json: \"project\" is not an absolute path");
  EXPECT_EQ(PendingRunFromJson(R"({"id": "x", "project": "/p", "pid": "12"})").error().message,
            "run.json: \"pid\" has the wrong type");
  EXPECT_EQ(PendingRunFromJson(R"({"id": "x", "project": "/p", "argv": [1]})").error().message,
            "run.json: \"argv\" has the wrong type");
}

TEST(NewRunId, IsTheUtcTimeAndFourHexDigits) {
  EXPECT_EQ(NewRunId(1796328912LL * 1000000000 + 999999999, 0x12343f2a), "20261203-201512-3f2a");
  EXPECT_EQ(NewRunId(951868799LL * 1000000000, 0), "20000229-235959-0000");
  EXPECT_EQ(NewRunId(0, 0xffff), "19700101-000000-ffff");
  EXPECT_EQ(NewRunId(-1, 0xa), "19691231-235959-000a");
  // Later runs sort later.
  EXPECT_LT(NewRunId(1796328912LL * 1000000000, 0xffff), NewRunId(1796328913LL * 1000000000, 0));
}

TEST(NewRunId, ShapeChecks) {
  EXPECT_TRUE(IsRunId("20261203-201512-3f2a"));
  EXPECT_TRUE(IsRunId(NewRunId(1796328912LL * 1000000000, 7)));
  EXPECT_FALSE(IsRunId("20261203-201512-3f2"));
  EXPECT_FALSE(IsRunId("20261203-201512-3F2A"));
  EXPECT_FALSE(IsRunId("20261203_201512-3f2a"));
  EXPECT_FALSE(IsRunId("2026120a-201512-3f2a"));
  EXPECT_TRUE(IsRunIdPrefix("2026"));
  EXPECT_TRUE(IsRunIdPrefix("20261203-"));
  EXPECT_TRUE(IsRunIdPrefix("20261203-2015"));
  EXPECT_TRUE(IsRunIdPrefix("20261203-201512-3f"));
  EXPECT_FALSE(IsRunIdPrefix(""));
  EXPECT_FALSE(IsRunIdPrefix("src"));
  EXPECT_FALSE(IsRunIdPrefix("2026-12"));
  EXPECT_FALSE(IsRunIdPrefix("20261203-201512-3f2a0"));
}

TEST(RunState, Names) {
  EXPECT_STREQ(StateName(RunState::kRunning), "running");
  EXPECT_STREQ(StateName(RunState::kEnded), "ended");
  EXPECT_STREQ(StateName(RunState::kInterrupted), "interrupted");
  EXPECT_STREQ(StateName(RunState::kBroken), "broken");
}

}  // namespace
}  // namespace paddock::changes
