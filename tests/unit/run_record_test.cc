// The run's audit records (plan/run_record.h).
#include "plan/run_record.h"

#include <gtest/gtest.h>

namespace paddock::plan {
namespace {

TEST(RunRecord, StartNamesTheCommandAndTheLayers) {
  LaunchPlan plan;
  plan.argv = {"make", "test"};
  plan.cwd = "/home/dev/proj";
  plan.profile = "strict";
  plan.preset = "claude";
  plan.net = policy::NetMode::kAllow;
  net::HostPattern p;
  p.text = "example.com";
  plan.network.policy.allow = {p};
  plan.layers = {{"landlock", true, "ABI 4"}, {"cgroup", false, "degraded (--degrade cgroup): no delegation"}};
  plan.landlock.enabled = true;
  plan.landlock.abi = 4;
  plan.hardening_warnings = {"w1"};
  plan.limits.warnings = {"w2"};
  plan.limits.pids = 4096;
  plan.limits.pids_by = LimitMechanism::kRlimit;
  auto j = RunStartRecord(plan);
  EXPECT_EQ(j["event"], "run-start");
  EXPECT_EQ(j["argv"], nlohmann::json({"make", "test"}));
  EXPECT_EQ(j["project"], "/home/dev/proj");
  EXPECT_EQ(j["profile"], "strict");
  EXPECT_EQ(j["preset"], "claude");
  EXPECT_EQ(j["network"], "allow");
  EXPECT_EQ(j["allow_hosts"], nlohmann::json({"example.com"}));
  EXPECT_EQ(j["landlock_abi"], 4);
  ASSERT_EQ(j["layers"].size(), 2u);
  EXPECT_EQ(j["layers"][1]["enforced"], false);
  EXPECT_EQ(j["warnings"], nlohmann::json({"w1", "w2"}));
  EXPECT_TRUE(j["limits"].is_object());
  plan.landlock.enabled = false;
  EXPECT_TRUE(RunStartRecord(plan)["landlock_abi"].is_null());
}

TEST(RunRecord, LimitsAndExit) {
  LimitsPlan limits;
  limits.memory_bytes = 64ull << 20;
  limits.timeout_ms = 2000;
  RunStats stats;
  stats.wall_ms = 2100;
  stats.oom_kills = 1;
  stats.timed_out = true;
  stats.peak_memory_bytes = 1000;
  auto hits = LimitRecords(stats, limits);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0]["event"], "limit");
  EXPECT_EQ(hits[0]["limit"], "memory");
  EXPECT_EQ(hits[0]["detail"], "1 process killed by the 64 MiB limit");
  EXPECT_EQ(hits[1]["limit"], "timeout");
  auto exit = ExitRecord(143, stats, limits);
  EXPECT_EQ(exit["event"], "exit");
  EXPECT_EQ(exit["status"], 143);
  EXPECT_EQ(exit["duration_ms"], 2100);
  EXPECT_EQ(exit["peak_memory_bytes"], 1000);
  EXPECT_EQ(exit["stats"]["limits_hit"].size(), 2u);
  EXPECT_TRUE(LimitRecords(RunStats{}, limits).empty());
  EXPECT_TRUE(ExitRecord(0, RunStats{}, limits)["peak_memory_bytes"].is_null());
}

}  // namespace
}  // namespace paddock::plan
