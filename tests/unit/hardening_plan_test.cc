#include "plan/hardening_plan.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "plan/hardening_json.h"
#include "plan/seccomp_table.h"

namespace paddock::plan {
namespace {

policy::Policy Pol() {
  policy::Policy p;
  p.project_dir = "/p";
  return p;
}

HostFacts Host() {
  HostFacts h;
  h.paths["/p"] = {PathKind::kDirectory, ""};
  h.paths["/p/.git"] = {PathKind::kDirectory, ""};
  h.landlock_abi = 7;
  h.seccomp = true;
  h.user_namespaces = true;
  h.state_dir = "/s";
  return h;
}

const LayerState* Layer(const LaunchPlan& plan, const std::string& name) {
  for (const auto& l : plan.layers)
    if (l.layer == name) return &l;
  return nullptr;
}

TEST(HardeningPlan, AllLayersEnforcedOnACapableHost) {
  LaunchPlan plan;
  ASSERT_TRUE(ApplyHardening(Pol(), Host(), plan).ok());
  EXPECT_TRUE(plan.seccomp_enabled);
  EXPECT_TRUE(plan.landlock.enabled);
  EXPECT_TRUE(Layer(plan, "seccomp")->enforced);
  EXPECT_TRUE(Layer(plan, "landlock")->enforced);
  EXPECT_NE(Layer(plan, "landlock")->detail.find("ABI 7"), std::string::npos);
  EXPECT_TRUE(plan.hardening_warnings.empty());
}

TEST(HardeningPlan, BuiltInProfileCarriesTheMandatoryRulesItself) {
  LaunchPlan plan;
  ASSERT_TRUE(ApplyHardening(Pol(), Host(), plan).ok());
  EXPECT_FALSE(plan.seccomp.mandatory_guard);  // no second filter needed
  for (const auto& rule : MandatoryGuardRules()) {
    EXPECT_NE(std::find(plan.seccomp.rules.begin(), plan.seccomp.rules.end(), rule), plan.seccomp.rules.end())
        << rule.why;
  }
  nlohmann::json j;
  AddHardeningJson(plan, j);
  EXPECT_EQ(j["seccomp"]["mandatory_guard"]["stacked"], false);
  EXPECT_EQ(j["seccomp"]["mandatory_guard"]["syscalls"].size(), MandatoryGuardRules().size());
}

TEST(HardeningPlan, MissingLandlockRefusesNamingLayerReasonAndFix) {
  auto host = Host();
  host.landlock_abi = 0;
  LaunchPlan plan;
  auto st = ApplyHardening(Pol(), host, plan);
  ASSERT_FALSE(st.ok());
  const std::string m = FormatError(st.error());
  EXPECT_EQ(m.rfind("paddock: cannot apply layer landlock: the kernel has no Landlock", 0), 0u) << m;
  EXPECT_EQ(st.error().layer, "landlock");
  EXPECT_NE(st.error().hint.find("--degrade landlock"), std::string::npos) << m;
  EXPECT_NE(m.find("lsm=landlock"), std::string::npos) << m;
  EXPECT_NE(m.find("--degrade landlock"), std::string::npos) << m;
}

TEST(HardeningPlan, DegradedLandlockRunsWithoutItAndSaysSo) {
  auto host = Host();
  host.landlock_abi = 0;
  LaunchPlan plan;
  plan.degrade = {"landlock"};
  ASSERT_TRUE(ApplyHardening(Pol(), host, plan).ok());
  EXPECT_FALSE(plan.landlock.enabled);
  EXPECT_FALSE(Layer(plan, "landlock")->enforced);
  EXPECT_TRUE(plan.seccomp_enabled);  // the other layer is untouched
  ASSERT_EQ(plan.hardening_warnings.size(), 1u);
  EXPECT_NE(plan.hardening_warnings[0].find("NOT enforced"), std::string::npos);
}

TEST(HardeningPlan, DegradingOneLayerDoesNotExcuseAnother) {
  auto host = Host();
  host.landlock_abi = 0;
  host.seccomp = false;
  LaunchPlan plan;
  plan.degrade = {"landlock"};
  auto st = ApplyHardening(Pol(), host, plan);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().message.rfind("cannot apply layer seccomp", 0), 0u) << st.error().message;
  LaunchPlan plan2;
  plan2.degrade = {"landlock", "seccomp"};
  ASSERT_TRUE(ApplyHardening(Pol(), host, plan2).ok());
  EXPECT_FALSE(plan2.seccomp_enabled);
  EXPECT_FALSE(plan2.landlock.enabled);
  // The set-id guard lives in seccomp: its loss is named too.
  const auto& warnings = plan2.hardening_warnings;
  EXPECT_TRUE(std::any_of(warnings.begin(), warnings.end(),
                          [](const std::string& w) { return w.find("setuid/setgid") != std::string::npos; }));
}

TEST(HardeningPlan, UserNamespacesRefusedNamesTheFix) {
  auto host = Host();
  host.user_namespaces = false;
  LaunchPlan plan;
  auto st = ApplyHardening(Pol(), host, plan);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("cannot apply layer userns"), std::string::npos);
  EXPECT_NE(st.error().hint.find("apparmor_restrict_unprivileged_userns"), std::string::npos);
}

TEST(HardeningPlan, TestSeamsOnlyRemoveFeaturesAndSaySo) {
  auto host = Host();
  host.cgroups.v2_parent = "/sys/fs/cgroup/u";
  host.cgroups.rlimit_nproc_per_userns = true;
  host.test_seams.no_landlock = true;
  host.test_seams.no_cgroup = true;
  ApplyTestSeams(host);
  EXPECT_EQ(host.landlock_abi, 0);
  EXPECT_TRUE(host.seccomp);
  EXPECT_TRUE(host.user_namespaces);
  EXPECT_TRUE(host.cgroups.v2_parent.empty());
  EXPECT_TRUE(host.cgroups.rlimit_nproc_per_userns);  // a kernel fact, not a cgroup
  // The plan names every active seam, loudly.
  LaunchPlan plan;
  plan.degrade.insert("landlock");
  ASSERT_TRUE(ApplyHardening(Pol(), host, plan).ok());
  auto seam_warnings = std::count_if(plan.hardening_warnings.begin(), plan.hardening_warnings.end(),
                                     [](const std::string& w) { return w.find("TEST SEAM ACTIVE") == 0; });
  EXPECT_EQ(seam_warnings, 2);
  // None without a seam (a release build never sets one).
  LaunchPlan plain;
  ASSERT_TRUE(ApplyHardening(Pol(), Host(), plain).ok());
  for (const auto& w : plain.hardening_warnings) EXPECT_EQ(w.find("TEST SEAM"), std::string::npos) << w;
}

// The plan says what Landlock enforces at the probed ABI.
TEST(HardeningPlan, LandlockPlanShowsTheAbiAndWhatItDrops) {
  auto host = Host();
  host.landlock_abi = 4;
  LaunchPlan plan;
  ASSERT_TRUE(ApplyHardening(Pol(), host, plan).ok());
  nlohmann::json j;
  AddHardeningJson(plan, j);
  EXPECT_EQ(j["landlock"]["abi"], 4);
  EXPECT_EQ(j["landlock"]["dropped_for_abi"]["access_fs"], nlohmann::json::array({"ioctl_dev"}));
  EXPECT_EQ(j["landlock"]["dropped_for_abi"]["scopes"], nlohmann::json::array({"abstract_unix_socket", "signal"}));
  EXPECT_EQ(j["landlock"]["scoped"], nlohmann::json::array());
  auto handled = j["landlock"]["handled_access_fs"];
  EXPECT_NE(std::find(handled.begin(), handled.end(), "truncate"), handled.end());
  EXPECT_EQ(std::find(handled.begin(), handled.end(), "ioctl_dev"), handled.end());
}

TEST(HardeningPlan, BeforeAbi6TheLayerSaysWhatCoversTheMissingScopes) {
  auto host = Host();
  host.landlock_abi = 2;  // Debian 12's Linux 6.1
  LaunchPlan plan;
  ASSERT_TRUE(ApplyHardening(Pol(), host, plan).ok());
  const LayerState* ll = Layer(plan, "landlock");
  ASSERT_NE(ll, nullptr);
  EXPECT_NE(ll->detail.find("no signal scoping (ABI 6): the jail's own pid namespace and process group cover it"),
            std::string::npos)
      << ll->detail;
  EXPECT_NE(ll->detail.find("no abstract-socket scoping (ABI 6): the jail's own network namespace covers it"),
            std::string::npos)
      << ll->detail;
  EXPECT_TRUE(plan.hardening_warnings.empty());
  // --net host shares the host's abstract sockets: said, and warned.
  LaunchPlan shared;
  shared.namespaces.net = false;
  ASSERT_TRUE(ApplyHardening(Pol(), host, shared).ok());
  EXPECT_NE(Layer(shared, "landlock")->detail.find("with --net host the host's abstract sockets are reachable"),
            std::string::npos);
  ASSERT_EQ(shared.hardening_warnings.size(), 1u);
  EXPECT_NE(shared.hardening_warnings[0].find("abstract Unix sockets"), std::string::npos);
  // ABI 6 and later scope both: nothing to say.
  host.landlock_abi = 6;
  LaunchPlan scoped;
  scoped.namespaces.net = false;
  ASSERT_TRUE(ApplyHardening(Pol(), host, scoped).ok());
  EXPECT_EQ(Layer(scoped, "landlock")->detail.find("scoping"), std::string::npos);
  EXPECT_TRUE(scoped.hardening_warnings.empty());
}

TEST(HardeningPlan, CustomProfileLoadsWithMandatoryGuard) {
  // The probe reads the file; the planner gets its text and its path.
  auto pol = Pol();
  pol.seccomp_profile = "/etc/paddock/profile.json";
  auto host = Host();
  host.seccomp_profile_text =
      R"({"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW"}]})";
  LaunchPlan plan;
  ASSERT_TRUE(ApplyHardening(pol, host, plan).ok());
  EXPECT_EQ(plan.seccomp.default_action, SeccompAction::kErrno);
  EXPECT_TRUE(plan.seccomp.mandatory_guard);
  // `paddock plan` shows the stacked guard and its rules.
  nlohmann::json j;
  AddHardeningJson(plan, j);
  EXPECT_EQ(j["seccomp"]["mandatory_guard"]["stacked"], true);
  EXPECT_EQ(j["seccomp"]["mandatory_guard"]["syscalls"].size(), MandatoryGuardRules().size());
  EXPECT_NE(j["seccomp"]["mandatory_guard"].dump().find("fchmodat2"), std::string::npos);
  host.seccomp_profile_text =
      R"({"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["read"],"action":"SCMP_ACT_NOPE"}]})";
  LaunchPlan plan2;
  auto st = ApplyHardening(pol, host, plan2);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("/etc/paddock/profile.json: syscalls[0].action: unknown action"), std::string::npos)
      << st.error().message;
}

// A profile the host facts do not carry is refused, never replaced by the
// built-in one.
TEST(HardeningPlan, ProfileWithoutItsTextIsRefused) {
  auto pol = Pol();
  pol.seccomp_profile = "/etc/paddock/profile.json";
  LaunchPlan plan;
  auto st = ApplyHardening(pol, Host(), plan);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("/etc/paddock/profile.json"), std::string::npos);
  EXPECT_TRUE(plan.seccomp.rules.empty());
}

TEST(HardeningPlan, WeakenKnobMountsTheHomeWithoutALandlockRule) {
  auto host = Host();
  host.home = "/home/u";
  host.test_seams.expose_home = true;
  LaunchPlan plan;
  ASSERT_TRUE(ApplyHardening(Pol(), host, plan).ok());
  ASSERT_FALSE(plan.mounts.empty());
  EXPECT_EQ(plan.mounts.back().source, "/home/u");
  EXPECT_EQ(plan.mounts.back().target, kExposedHomeForTest);
  EXPECT_FALSE(plan.mounts.back().read_only);
  for (const auto& r : plan.landlock.rules) EXPECT_NE(r.path, kExposedHomeForTest);
  EXPECT_FALSE(plan.hardening_warnings.empty());
  // Without the knob: nothing of the kind.
  LaunchPlan plain;
  host.test_seams = {};
  ASSERT_TRUE(ApplyHardening(Pol(), host, plain).ok());
  for (const auto& m : plain.mounts) EXPECT_NE(m.target, kExposedHomeForTest);
}

}  // namespace
}  // namespace paddock::plan
