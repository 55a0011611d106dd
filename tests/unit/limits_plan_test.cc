#include "plan/limits_plan.h"

#include <gtest/gtest.h>

namespace paddock::plan {
namespace {

constexpr uint64_t kGiB = 1ull << 30;

HostFacts V2Host() {
  HostFacts h;
  h.total_memory_bytes = 24 * kGiB;
  h.cgroups.v2_parent = "/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service/app.slice";
  h.cgroups.v2_controllers = {"memory", "pids", "cpu", "io"};
  h.cgroups.rlimit_nproc_per_userns = true;
  return h;
}

HostFacts V1Host() {
  HostFacts h;
  h.total_memory_bytes = 24 * kGiB;
  for (const char* c : {"memory", "pids", "cpu", "cpuacct", "freezer", "blkio"})
    h.cgroups.v1_parents[c] = std::string("/sys/fs/cgroup/") + c + "/process_api/x";
  h.cgroups.v1_memsw = true;
  h.cgroups.rlimit_nproc_per_userns = true;
  return h;
}

HostFacts NoCgroupHost() {
  HostFacts h;
  h.total_memory_bytes = 24 * kGiB;
  h.cgroups.rlimit_nproc_per_userns = true;
  return h;
}

Result<LaunchPlan> Plan(const policy::Policy& p, const HostFacts& h) {
  LaunchPlan plan;
  plan.degrade = p.degrade;
  if (auto st = PlanLimits(p, h, plan); !st) return st.error();
  return plan;
}

TEST(PlanLimits, DefaultsOnV2ContainAForkBombAndAMemoryHog) {
  auto plan = Plan(policy::Policy{}, V2Host());
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  const auto& l = plan->limits;
  EXPECT_EQ(l.cgroup, CgroupMode::kV2);
  EXPECT_EQ(l.pids, kDefaultPids);
  EXPECT_EQ(l.pids_by, LimitMechanism::kCgroupV2);
  EXPECT_EQ(l.memory_bytes, 12 * kGiB);  // half of RAM
  EXPECT_EQ(l.memory_by, LimitMechanism::kCgroupV2);
  EXPECT_TRUE(l.limit_swap);
  EXPECT_FALSE(l.cpus);
  EXPECT_EQ(l.cpus_by, LimitMechanism::kNone);
  EXPECT_FALSE(l.timeout_ms);
  EXPECT_EQ(l.cgroup_v2_parent, V2Host().cgroups.v2_parent);
  EXPECT_EQ(l.cgroup_v2_controllers, (std::set<std::string>{"memory", "pids", "cpu"}));
  EXPECT_TRUE(l.cgroup_v1_parents.empty());
  EXPECT_EQ(l.rlimits.core, 0u);
  EXPECT_EQ(l.rlimits.nofile, kDefaultNofile);
  EXPECT_EQ(l.rlimits.nproc, 2 * kDefaultPids);  // extra guard, far enough above the cgroup to refuse after it
  EXPECT_FALSE(l.rlimits.data);                  // a cgroup does memory
  EXPECT_TRUE(l.warnings.empty());
  ASSERT_EQ(plan->layers.size(), 1u);
  EXPECT_EQ(plan->layers[0].layer, "cgroup");
  EXPECT_TRUE(plan->layers[0].enforced);
  EXPECT_EQ(plan->layers[0].detail, "cgroup v2: memory, pids");
}

// An ssh or console session: nothing delegated, but the user's systemd
// manager can start a delegated scope per run.
TEST(PlanLimits, SystemdScopeIsAV2ParentTheRunAsksFor) {
  HostFacts host = NoCgroupHost();
  host.cgroups.v2_systemd_manager = "unix:path=/run/user/1000/systemd/private";
  host.cgroups.v2_controllers = {"memory", "pids", "cpu"};
  policy::Policy p;
  p.limits.cpus = 0.5;
  auto plan = Plan(p, host);
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  const auto& l = plan->limits;
  EXPECT_EQ(l.cgroup, CgroupMode::kV2);
  EXPECT_EQ(l.memory_by, LimitMechanism::kCgroupV2);
  EXPECT_EQ(l.pids_by, LimitMechanism::kCgroupV2);
  EXPECT_EQ(l.cpus_by, LimitMechanism::kCgroupV2);
  EXPECT_EQ(l.cgroup_v2_parent, "");
  EXPECT_EQ(l.cgroup_v2_systemd_manager, host.cgroups.v2_systemd_manager);
  EXPECT_FALSE(l.rlimits.data);  // the cgroup does memory: no per-process cap that would break V8 or the JVM
  EXPECT_TRUE(l.warnings.empty());
  EXPECT_EQ(plan->layers[0].detail, "cgroup v2 in a scope the user's systemd delegates per run: memory, pids, cpu");
  auto j = LimitsToJson(l);
  EXPECT_EQ(j["cgroup"], "v2");
  EXPECT_EQ(j["cgroup_systemd_manager"], host.cgroups.v2_systemd_manager);
  // Without a delegated controller the manager is no help: the fallback as before.
  host.cgroups.v2_controllers.clear();
  auto none = Plan(policy::Policy{}, host);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->limits.cgroup, CgroupMode::kNone);
  EXPECT_EQ(none->limits.cgroup_v2_systemd_manager, "");
  EXPECT_EQ(none->limits.memory_by, LimitMechanism::kPaddock);
}

TEST(PlanLimits, ExplicitLimitsOnV1) {
  policy::Policy p;
  p.limits.memory_bytes = 64ull << 20;
  p.limits.pids = 64;
  p.limits.cpus = 1.5;
  p.limits.timeout_ms = 2000;
  p.tmp_size_bytes = 16ull << 20;
  auto plan = Plan(p, V1Host());
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  const auto& l = plan->limits;
  EXPECT_EQ(l.cgroup, CgroupMode::kV1);
  EXPECT_EQ(l.memory_bytes, 64ull << 20);
  EXPECT_EQ(l.memory_by, LimitMechanism::kCgroupV1);
  EXPECT_TRUE(l.limit_swap);
  EXPECT_EQ(l.pids, 64u);
  EXPECT_EQ(l.pids_by, LimitMechanism::kCgroupV1);
  EXPECT_EQ(l.cpus, 1.5);
  EXPECT_EQ(l.cpus_by, LimitMechanism::kCgroupV1);
  EXPECT_EQ(l.timeout_ms, 2000u);
  EXPECT_EQ(l.timeout_by, LimitMechanism::kPaddock);
  EXPECT_EQ(l.tmp_size_bytes, 16ull << 20);
  // Only the controllers paddock uses get a leaf (not blkio).
  std::set<std::string> controllers;
  for (const auto& [c, dir] : l.cgroup_v1_parents) controllers.insert(c);
  EXPECT_EQ(controllers, (std::set<std::string>{"memory", "pids", "cpu", "cpuacct", "freezer"}));
  EXPECT_TRUE(l.warnings.empty());
}

TEST(PlanLimits, V1WithoutSwapAccountingWarns) {
  auto host = V1Host();
  host.cgroups.v1_memsw = false;
  policy::Policy p;
  p.limits.memory_bytes = 64ull << 20;
  auto plan = Plan(p, host);
  ASSERT_TRUE(plan.ok());
  EXPECT_FALSE(plan->limits.limit_swap);
  ASSERT_EQ(plan->limits.warnings.size(), 1u);
  EXPECT_NE(plan->limits.warnings[0].find("swap is not limited"), std::string::npos);
}

TEST(PlanLimits, V2PreferredOverV1WhenBothWritable) {
  auto host = V1Host();
  host.cgroups.v2_parent = "/sys/fs/cgroup/unified/paddock";
  host.cgroups.v2_controllers = {"memory", "pids"};
  policy::Policy p;
  p.limits.cpus = 1;
  auto plan = Plan(p, host);
  // cpu is a v1 controller here, but one jail uses one version: cpu has no
  // mechanism in v2, so the explicit --cpus is refused.
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.error().message.rfind("cannot enforce --cpus 1: no writable cgroup offers the cpu", 0), 0u)
      << plan.error().message;
  p.limits.cpus.reset();
  plan = Plan(p, host);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->limits.cgroup, CgroupMode::kV2);
  EXPECT_EQ(plan->limits.pids_by, LimitMechanism::kCgroupV2);
  EXPECT_TRUE(plan->limits.cgroup_v1_parents.empty());
}

TEST(PlanLimits, V2ParentWithoutControllersFallsBackToV1) {
  // This machine: cgroup2 at /sys/fs/cgroup/unified has no controllers.
  auto host = V1Host();
  host.cgroups.v2_parent = "/sys/fs/cgroup/unified";
  auto plan = Plan(policy::Policy{}, host);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->limits.cgroup, CgroupMode::kV1);
  EXPECT_EQ(plan->limits.pids_by, LimitMechanism::kCgroupV1);
}

TEST(PlanLimits, NoCgroupDefaultsUseRlimitsAndSamplingWithoutWarnings) {
  auto plan = Plan(policy::Policy{}, NoCgroupHost());
  ASSERT_TRUE(plan.ok());
  const auto& l = plan->limits;
  EXPECT_EQ(l.cgroup, CgroupMode::kNone);
  EXPECT_EQ(l.pids_by, LimitMechanism::kRlimit);
  EXPECT_EQ(l.pids, kDefaultPids);
  EXPECT_EQ(l.rlimits.nproc, kDefaultPids);
  // The default memory limit (half of RAM) is sampled by paddock for the
  // whole jail, never turned into a per-process rlimit (sanitizers, JVM).
  EXPECT_EQ(l.memory_by, LimitMechanism::kPaddock);
  EXPECT_EQ(l.memory_bytes, DefaultMemoryBytes(NoCgroupHost()));
  EXPECT_FALSE(l.rlimits.data);
  EXPECT_TRUE(l.warnings.empty());
  ASSERT_EQ(plan->layers.size(), 1u);
  EXPECT_FALSE(plan->layers[0].enforced);
  EXPECT_EQ(plan->layers[0].detail, "rlimits (weaker): pids; sampled by paddock (weaker): memory");
}

TEST(PlanLimits, NoCgroupExplicitMemoryAndPidsAreWeakerAndSaySo) {
  policy::Policy p;
  p.limits.memory_bytes = 64ull << 20;
  p.limits.pids = 64;
  auto plan = Plan(p, NoCgroupHost());
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  const auto& l = plan->limits;
  EXPECT_EQ(l.memory_by, LimitMechanism::kPaddock);
  EXPECT_EQ(l.memory_bytes, 64ull << 20);
  EXPECT_EQ(l.rlimits.data, 64ull << 20);  // the user's hard per-process ceiling too
  EXPECT_EQ(l.pids_by, LimitMechanism::kRlimit);
  EXPECT_EQ(l.rlimits.nproc, 64u);
  ASSERT_EQ(l.warnings.size(), 2u);
  EXPECT_NE(l.warnings[0].find("--memory 64 MiB is enforced by paddock sampling the jail's resident memory and per "
                               "process by RLIMIT_DATA"),
            std::string::npos)
      << l.warnings[0];
  EXPECT_NE(l.warnings[1].find("--pids 64 is enforced by RLIMIT_NPROC"), std::string::npos);
}

TEST(PlanLimits, NoCgroupExplicitCpusRefusedUnlessDegraded) {
  policy::Policy p;
  p.limits.cpus = 0.5;
  auto plan = Plan(p, NoCgroupHost());
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.error().message.find("--degrade cgroup"), std::string::npos);
  EXPECT_NE(plan.error().hint.find("systemd-run --user --scope"), std::string::npos);
  EXPECT_EQ(plan.error().layer, "cgroup");
  p.degrade.insert("cgroup");
  plan = Plan(p, NoCgroupHost());
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_EQ(plan->limits.cpus_by, LimitMechanism::kNone);
  EXPECT_FALSE(plan->limits.cpus);
  ASSERT_EQ(plan->limits.warnings.size(), 1u);
  EXPECT_NE(plan->limits.warnings[0].find("--cpus 0.5 is not enforced"), std::string::npos);
}

TEST(PlanLimits, NprocNotPerJailMeansNoPidsFallback) {
  // Old kernel (< 5.14) or no user namespace: RLIMIT_NPROC counts the
  // invoking user's host processes, so it is not used.
  for (bool per_userns : {false, true}) {
    auto host = NoCgroupHost();
    host.cgroups.rlimit_nproc_per_userns = per_userns;
    LaunchPlan plan;
    plan.namespaces.user = false;  // e.g. userns degraded
    policy::Policy p;
    ASSERT_TRUE(PlanLimits(p, host, plan).ok());
    EXPECT_EQ(plan.limits.pids_by, LimitMechanism::kNone);
    EXPECT_FALSE(plan.limits.rlimits.nproc);
    EXPECT_FALSE(plan.limits.pids);
    p.limits.pids = 10;
    auto st = PlanLimits(p, host, plan);
    ASSERT_FALSE(st.ok());
    EXPECT_NE(st.error().message.find("cannot enforce --pids 10"), std::string::npos);
    plan.degrade.insert("cgroup");
    EXPECT_TRUE(PlanLimits(p, host, plan).ok());
    EXPECT_EQ(plan.limits.pids_by, LimitMechanism::kNone);
  }
}

TEST(PlanLimits, PartialV1UsesWhatIsWritable) {
  HostFacts h = NoCgroupHost();
  h.cgroups.v1_parents["pids"] = "/sys/fs/cgroup/pids/me";
  policy::Policy p;
  p.limits.memory_bytes = 1 * kGiB;
  auto plan = Plan(p, h);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->limits.cgroup, CgroupMode::kV1);
  EXPECT_EQ(plan->limits.pids_by, LimitMechanism::kCgroupV1);
  EXPECT_EQ(plan->limits.memory_by, LimitMechanism::kPaddock);
  EXPECT_EQ(plan->limits.cgroup_v1_parents.size(), 1u);
}

TEST(PlanLimits, UnknownRamMeansNoDefaultMemory) {
  auto host = V2Host();
  host.total_memory_bytes = 0;
  auto plan = Plan(policy::Policy{}, host);
  ASSERT_TRUE(plan.ok());
  EXPECT_FALSE(plan->limits.memory_bytes);
  EXPECT_EQ(plan->limits.memory_by, LimitMechanism::kNone);
}

TEST(PlanLimits, JsonNamesTheMechanismOfEachLimit) {
  policy::Policy p;
  p.limits.memory_bytes = 64ull << 20;
  p.limits.timeout_ms = 1500;
  auto plan = Plan(p, NoCgroupHost());
  ASSERT_TRUE(plan.ok());
  auto j = LimitsToJson(plan->limits);
  EXPECT_EQ(j["cgroup"], "none");
  EXPECT_EQ(j["memory_bytes"]["by"], "paddock");
  EXPECT_EQ(j["memory_bytes"]["value"], 64ull << 20);
  EXPECT_EQ(j["pids"]["by"], "rlimit");
  EXPECT_EQ(j["cpus"]["by"], "none");
  EXPECT_TRUE(j["cpus"]["value"].is_null());
  EXPECT_EQ(j["timeout_ms"]["by"], "paddock");
  EXPECT_EQ(j["timeout_ms"]["kill_grace_ms"], kDefaultKillGraceMs);
  EXPECT_EQ(j["tmp_size_bytes"]["by"], "tmpfs");
  EXPECT_EQ(j["rlimits"]["core"], 0);
  EXPECT_EQ(j["warnings"].size(), 1u);
}

TEST(Stats, FormatNamesTheLimitThatWasHit) {
  policy::Policy p;
  p.limits.memory_bytes = 64ull << 20;
  p.limits.pids = 64;
  p.limits.timeout_ms = 2000;
  auto plan = Plan(p, V1Host());
  ASSERT_TRUE(plan.ok());
  RunStats s;
  s.wall_ms = 2500;
  s.cpu_usec = 1250000;
  s.peak_memory_bytes = 64ull << 20;
  s.oom_kills = 1;
  s.pids_limit_hits = 0;
  std::string text = FormatStats(s, plan->limits);
  EXPECT_NE(text.find("stats: wall 2.50s, cpu 1.25s, peak memory 64 MiB\n"), std::string::npos) << text;
  EXPECT_NE(text.find("memory 64 MiB [cgroup-v1], cpus - [none], pids 64 [cgroup-v1], timeout 2s [paddock]"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("limit hit: memory (1 process killed by the 64 MiB limit)"), std::string::npos) << text;
  s.oom_kills = 0;
  s.timed_out = true;
  s.killed_after_grace = true;
  text = FormatStats(s, plan->limits);
  EXPECT_NE(text.find("limit hit: timeout (2s, killed after SIGTERM was ignored)"), std::string::npos) << text;
  auto j = StatsToJson(s, plan->limits);
  EXPECT_EQ(j["timed_out"], true);
  EXPECT_EQ(j["limits_hit"].size(), 1u);
  EXPECT_EQ(j["enforced_by"]["pids"], "cgroup-v1");
}

TEST(Stats, RlimitsCannotSeeHitsAndSayUnknown) {
  policy::Policy p;
  p.limits.pids = 64;
  auto plan = Plan(p, NoCgroupHost());
  ASSERT_TRUE(plan.ok());
  RunStats s;
  s.peak_memory_bytes = 5ull << 20;
  s.peak_memory_is_largest_process = true;
  std::string text = FormatStats(s, plan->limits);
  EXPECT_NE(text.find("cpu unknown"), std::string::npos) << text;
  EXPECT_NE(text.find("peak memory 5 MiB (largest process)"), std::string::npos) << text;
  EXPECT_NE(text.find("pids 64 [rlimit]"), std::string::npos) << text;
  EXPECT_NE(text.find("limit hit: none seen (rlimit hits are not observable)"), std::string::npos) << text;
  EXPECT_TRUE(StatsToJson(s, plan->limits)["oom_kills"].is_null());
}

TEST(Stats, PaddocksMemoryKillIsNamedWithTheFigure) {
  policy::Policy p;
  p.limits.memory_bytes = 96ull << 20;
  auto plan = Plan(p, NoCgroupHost());
  ASSERT_TRUE(plan.ok());
  RunStats s;
  s.memory_kill_bytes = 100ull << 20;
  std::string text = FormatStats(s, plan->limits);
  EXPECT_NE(text.find("memory 96 MiB [paddock]"), std::string::npos) << text;
  EXPECT_NE(text.find("limit hit: memory (the jail was killed at 100 MiB resident, over the 96 MiB limit, by "
                      "paddock's sampling)"),
            std::string::npos)
      << text;
  EXPECT_EQ(StatsToJson(s, plan->limits)["memory_kill_bytes"], 100ull << 20);
}

TEST(Human, BytesAndDurations) {
  EXPECT_EQ(HumanBytes(512), "512 B");
  EXPECT_EQ(HumanBytes(64ull << 20), "64 MiB");
  EXPECT_EQ(HumanBytes(3ull << 29), "1.5 GiB");
  EXPECT_EQ(HumanDuration(250), "250ms");
  EXPECT_EQ(HumanDuration(2000), "2s");
  EXPECT_EQ(HumanDuration(5400000), "1h30m");
  EXPECT_EQ(HumanDuration(3601000), "1h1s");
}

}  // namespace
}  // namespace paddock::plan
