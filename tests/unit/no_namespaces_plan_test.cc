// The plan for a host without user namespaces (--degrade userns): Landlock
// over the host's own paths, seccomp as the network wall, and refusals of
// what only a namespace can give.
#include "plan/no_namespaces_plan.h"

#include <gtest/gtest.h>

#include <map>

#include "plan/build_plan.h"

namespace paddock::plan {
namespace {

HostFacts NoUsernsHost() {
  HostFacts h;
  h.uid = 1001;
  h.gid = 1001;
  h.user = "u";
  h.home = "/home/u";
  h.state_dir = "/home/u/.local/state/paddock";
  h.env = {{"PATH", "/usr/bin:/bin"}, {"TMPDIR", "/tmp"}, {"SHELL", "/bin/bash"}};
  for (const char* d : {"/usr", "/etc", "/home/u/proj", "/home/u/proj/.git"}) h.paths[d] = {PathKind::kDirectory, ""};
  h.paths["/bin"] = {PathKind::kSymlink, "usr/bin"};
  h.paths["/bin/bash"] = {PathKind::kFile, ""};
  h.landlock_abi = 7;
  h.seccomp = true;
  h.user_namespaces = false;
  return h;
}

policy::Policy Degraded() {
  policy::Policy p;
  p.project_dir = "/home/u/proj";
  p.command = {"true"};
  p.degrade = {policy::kLayerUserns};
  return p;
}

std::map<std::string, std::string> Rules(const LaunchPlan& plan) {
  std::map<std::string, std::string> out;
  for (const auto& r : plan.landlock.rules)
    out[r.path] = std::string(r.write ? "rw" : "ro") + (r.execute ? "x" : "") + (r.devices ? "d" : "");
  return out;
}

std::string Env(const LaunchPlan& plan, const std::string& name) {
  for (const auto& e : plan.env)
    if (e.rfind(name + "=", 0) == 0) return e.substr(name.size() + 1);
  return "<unset>";
}

bool Denied(const LaunchPlan& plan, const std::string& call, uint64_t family) {
  uint64_t args[6] = {family, 1, 0, 0, 0, 0};
  return RulesMatch(plan.seccomp.rules, call, args);
}

TEST(NoNamespacesPlan, WithoutDegradeTheRunIsRefused) {
  policy::Policy p = Degraded();
  p.degrade.clear();
  auto plan = BuildPlan(p, NoUsernsHost());
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.error().message.find("cannot apply layer userns"), std::string::npos);
}

TEST(NoNamespacesPlan, NoNamespaceNoMountAndTheAllowListAsLandlockOverHostPaths) {
  auto plan = BuildPlan(Degraded(), NoUsernsHost());
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  const Namespaces& ns = plan->namespaces;
  EXPECT_FALSE(ns.user || ns.mount || ns.pid || ns.ipc || ns.uts || ns.net || ns.cgroup);
  EXPECT_TRUE(plan->mounts.empty());
  EXPECT_TRUE(plan->uid_map.empty());
  EXPECT_TRUE(plan->landlock.enabled);
  auto rules = Rules(*plan);
  EXPECT_EQ(rules["/usr"], "rox");
  EXPECT_EQ(rules["/etc"], "rox");
  EXPECT_EQ(rules["/home/u/proj"], "rwx");
  EXPECT_EQ(rules[plan->jail_home_host], "rwx") << "the jail home at its host path";
  EXPECT_EQ(rules["/proc"], "ro") << "the host's /proc: never written";
  EXPECT_EQ(rules["/dev/null"], "rwd");
  EXPECT_EQ(rules.count("/dev/pts"), 0u) << "other terminals of the user";
  EXPECT_EQ(rules.count("/dev/shm"), 0u);
  EXPECT_EQ(rules.count("/tmp"), 0u);
  EXPECT_EQ(rules.count("/"), 0u) << "a right on / would list every directory of the host";
  EXPECT_EQ(rules.count("/home/u"), 0u) << "the real home";
  EXPECT_EQ(Env(*plan, "HOME"), plan->jail_home_host);
  EXPECT_EQ(Env(*plan, "TMPDIR"), plan->jail_home_host + "/" + kNoNamespacesTmp);
}

TEST(NoNamespacesPlan, SeccompIsTheNetworkWall) {
  constexpr uint64_t kUnix = 1, kInet = 2, kInet6 = 10, kNetlink = 16;
  auto none = BuildPlan(Degraded(), NoUsernsHost());
  ASSERT_TRUE(none.ok());
  for (uint64_t family : {kUnix, kInet, kInet6, kNetlink}) EXPECT_TRUE(Denied(*none, "socket", family)) << family;
  EXPECT_FALSE(Denied(*none, "socketpair", kUnix));
  EXPECT_TRUE(Denied(*none, "socketpair", kInet));
  policy::Policy p = Degraded();
  p.net = policy::NetMode::kHost;
  auto host = BuildPlan(p, NoUsernsHost());
  ASSERT_TRUE(host.ok());
  EXPECT_TRUE(Denied(*host, "socket", kUnix)) << "Landlock does not govern connect() to a path";
  EXPECT_FALSE(Denied(*host, "socket", kInet));
  EXPECT_FALSE(Denied(*host, "socket", kInet6));
  // The same filter with namespaces allows Unix sockets: the rule is this mode's.
  HostFacts with_ns = NoUsernsHost();
  with_ns.user_namespaces = true;
  auto normal = BuildPlan(Degraded(), with_ns);
  ASSERT_TRUE(normal.ok());
  EXPECT_FALSE(Denied(*normal, "socket", kUnix));
}

TEST(NoNamespacesPlan, ProtectedPathsAreComparedNotMounted) {
  auto plan = BuildPlan(Degraded(), NoUsernsHost());
  ASSERT_TRUE(plan.ok());
  EXPECT_TRUE(plan->protected_paths.empty()) << "nothing is read-only in this mode";
  EXPECT_TRUE(plan->placeholders.empty());
  const auto& u = plan->review.unguarded_paths;
  EXPECT_NE(std::find(u.begin(), u.end(), "/home/u/proj/.git/hooks"), u.end());
  EXPECT_NE(std::find(u.begin(), u.end(), "/home/u/proj/.git/config"), u.end());
  bool said = false;
  for (const auto& w : plan->hardening_warnings) said = said || w.find("NOT read-only") != std::string::npos;
  EXPECT_TRUE(said);
}

TEST(NoNamespacesPlan, SignalsOpenBelowAbi6AreSaid) {
  HostFacts h = NoUsernsHost();
  h.landlock_abi = 4;
  auto plan = BuildPlan(Degraded(), h);
  ASSERT_TRUE(plan.ok());
  bool said = false;
  for (const auto& w : plan->hardening_warnings)
    said = said || w.find("can signal your other processes") != std::string::npos;
  EXPECT_TRUE(said);
}

TEST(NoNamespacesPlan, WhatNeedsANamespaceIsRefusedByName) {
  auto refused = [](policy::Policy p, HostFacts h, const std::string& want) {
    auto plan = BuildPlan(p, h);
    if (plan.ok()) return std::string("planned");
    return plan.error().message.find(want) != std::string::npos ? std::string() : plan.error().message;
  };
  HostFacts root = NoUsernsHost();
  root.uid = root.gid = 0;
  root.idmapped_mounts = true;
  EXPECT_EQ(refused(Degraded(), root, "root"), "");
  policy::Policy allow = Degraded();
  allow.net = policy::NetMode::kAllow;
  EXPECT_EQ(refused(allow, NoUsernsHost(), "--net allow"), "");
  policy::Policy publish = Degraded();
  publish.publish = {{8080, 8080}};
  publish.net = policy::NetMode::kAllow;
  EXPECT_NE(refused(publish, NoUsernsHost(), "namespace"), "planned");
  policy::Policy etc = Degraded();
  etc.etc_files = {{"claude-code/managed-settings.json", "{}"}};
  EXPECT_EQ(refused(etc, NoUsernsHost(), "/etc"), "");
  HostFacts no_landlock = NoUsernsHost();
  no_landlock.landlock_abi = 0;
  policy::Policy both = Degraded();
  both.degrade.insert(policy::kLayerLandlock);
  EXPECT_EQ(refused(both, no_landlock, "Landlock"), "");
  HostFacts no_seccomp = NoUsernsHost();
  no_seccomp.seccomp = false;
  policy::Policy both2 = Degraded();
  both2.degrade.insert(policy::kLayerSeccomp);
  EXPECT_EQ(refused(both2, no_seccomp, "seccomp"), "");
}

}  // namespace
}  // namespace paddock::plan
