#include "plan/protected_paths.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace paddock::plan {
namespace {

const std::string kProject = "/home/u/proj";

policy::Policy Pol() {
  policy::Policy p;
  p.project_dir = kProject;
  return p;
}

HostFacts Host(std::map<std::string, PathKind> kinds) {
  HostFacts h;
  h.state_dir = "/home/u/.local/state/paddock";
  h.paths[kProject] = {PathKind::kDirectory, ""};
  for (auto& [p, k] : kinds) h.paths[p] = {k, ""};
  return h;
}

const MountOp* MountAt(const LaunchPlan& plan, const std::string& target) {
  for (const auto& m : plan.mounts)
    if (m.target == target) return &m;
  return nullptr;
}

bool IsPlaceholder(const LaunchPlan& plan, const std::string& path, bool dir) {
  return std::any_of(plan.placeholders.begin(), plan.placeholders.end(),
                     [&](const Placeholder& p) { return p.path == path && p.directory == dir; });
}

TEST(ProtectedPaths, GitRepositoryHooksConfigReadOnlyGitDirAnchored) {
  auto host = Host({{kProject + "/.git", PathKind::kDirectory},
                    {kProject + "/.git/hooks", PathKind::kDirectory},
                    {kProject + "/.git/config", PathKind::kFile},
                    {kProject + "/.envrc", PathKind::kFile}});
  LaunchPlan plan;
  ASSERT_TRUE(PlanProtectedPaths(Pol(), host, plan).ok());
  const MountOp* git = MountAt(plan, kProject + "/.git");
  ASSERT_TRUE(git);
  EXPECT_FALSE(git->read_only);  // commits must work
  EXPECT_TRUE(git->source_in_jail);
  const MountOp* hooks = MountAt(plan, kProject + "/.git/hooks");
  ASSERT_TRUE(hooks);
  EXPECT_TRUE(hooks->read_only);
  EXPECT_TRUE(hooks->source_is_dir);
  EXPECT_TRUE(MountAt(plan, kProject + "/.git/config")->read_only);
  EXPECT_FALSE(MountAt(plan, kProject + "/.git/config")->source_is_dir);
  EXPECT_TRUE(MountAt(plan, kProject + "/.envrc")->read_only);
  // The anchor comes before what it holds.
  auto pos = [&](const std::string& t) {
    return std::find_if(plan.mounts.begin(), plan.mounts.end(),
                        [&](const MountOp& m) { return m.target == t; }) - plan.mounts.begin();
  };
  EXPECT_LT(pos(kProject + "/.git"), pos(kProject + "/.git/hooks"));
  // Missing ones get placeholders, of the right kind.
  EXPECT_TRUE(IsPlaceholder(plan, kProject + "/.claude", true));
  EXPECT_TRUE(IsPlaceholder(plan, kProject + "/.mcp.json", false));
  EXPECT_TRUE(IsPlaceholder(plan, kProject + "/.git/commondir", false));
  EXPECT_FALSE(IsPlaceholder(plan, kProject + "/.envrc", false));
  for (const auto& p : plan.placeholders) {
    if (p.path == kProject + "/.git/commondir") {
      EXPECT_EQ(p.content, ".\n");  // git must keep working
    }
  }
  EXPECT_TRUE(MountAt(plan, kProject + "/.claude")->read_only);
}

TEST(ProtectedPaths, NoRepositoryProtectsGitItselfUnlessUnprotected) {
  LaunchPlan plan;
  ASSERT_TRUE(PlanProtectedPaths(Pol(), Host({}), plan).ok());
  EXPECT_TRUE(IsPlaceholder(plan, kProject + "/.git", true));
  EXPECT_TRUE(MountAt(plan, kProject + "/.git")->read_only);

  auto pol = Pol();
  pol.unprotect = {".git"};
  LaunchPlan plan2;
  ASSERT_TRUE(PlanProtectedPaths(pol, Host({}), plan2).ok());
  EXPECT_FALSE(MountAt(plan2, kProject + "/.git"));
  ASSERT_EQ(plan2.hardening_warnings.size(), 1u);
  EXPECT_NE(plan2.hardening_warnings[0].find("not protected"), std::string::npos);
}

TEST(ProtectedPaths, SymlinksAreRefused) {
  LaunchPlan plan;
  auto st = PlanProtectedPaths(Pol(), Host({{kProject + "/.envrc", PathKind::kSymlink}}), plan);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find(".envrc is a symbolic link"), std::string::npos) << st.error().message;
  EXPECT_NE(st.error().message.find("--unprotect"), std::string::npos);
}

TEST(ProtectedPaths, ProtectAddsAndAnchorsParentsUnprotectRemoves) {
  auto pol = Pol();
  pol.protect = {"ci/deploy.sh", "secrets/"};
  pol.unprotect = {".idea"};
  auto host = Host({{kProject + "/ci", PathKind::kDirectory}, {kProject + "/ci/deploy.sh", PathKind::kFile}});
  LaunchPlan plan;
  ASSERT_TRUE(PlanProtectedPaths(pol, host, plan).ok());
  EXPECT_FALSE(MountAt(plan, kProject + "/ci")->read_only);  // anchor: cannot be renamed away
  EXPECT_TRUE(MountAt(plan, kProject + "/ci/deploy.sh")->read_only);
  EXPECT_TRUE(IsPlaceholder(plan, kProject + "/secrets", true));
  EXPECT_FALSE(MountAt(plan, kProject + "/.idea"));
}

TEST(ProtectedPaths, MissingParentBecomesTheDirectoryPlaceholder) {
  auto pol = Pol();
  pol.protect = {"a/b/c.txt"};
  LaunchPlan plan;
  ASSERT_TRUE(PlanProtectedPaths(pol, Host({}), plan).ok());
  EXPECT_TRUE(IsPlaceholder(plan, kProject + "/a", true));
  EXPECT_TRUE(MountAt(plan, kProject + "/a")->read_only);
  EXPECT_FALSE(MountAt(plan, kProject + "/a/b/c.txt"));
}

TEST(ProtectedPaths, BadFlagsAreErrors) {
  auto pol = Pol();
  pol.protect = {"/etc/passwd"};
  LaunchPlan plan;
  auto st = PlanProtectedPaths(pol, Host({}), plan);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("not a path inside the project"), std::string::npos);
  pol = Pol();
  pol.unprotect = {"src"};
  st = PlanProtectedPaths(pol, Host({}), plan);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("nothing is protected at"), std::string::npos);
}

TEST(ProtectedPaths, WorktreeWithGitDirOutsideTheProject) {
  const std::string main = "/home/u/main/.git";
  const std::string wt = main + "/worktrees/proj";
  auto host = Host({{kProject + "/.git", PathKind::kFile},
                    {wt, PathKind::kDirectory},
                    {main + "/worktrees", PathKind::kDirectory},
                    {main, PathKind::kDirectory},
                    {main + "/hooks", PathKind::kDirectory},
                    {main + "/config", PathKind::kFile}});
  host.file_contents[kProject + "/.git"] = "gitdir: " + wt + "\n";
  host.file_contents[wt + "/commondir"] = "../..\n";
  auto probe = ProtectedPathsProbe(Pol(), host);
  EXPECT_NE(std::find(probe.read.begin(), probe.read.end(), wt + "/commondir"), probe.read.end());

  LaunchPlan plan;
  ASSERT_TRUE(PlanProtectedPaths(Pol(), host, plan).ok());
  EXPECT_TRUE(MountAt(plan, kProject + "/.git")->read_only);  // the pointer itself
  const MountOp* common = MountAt(plan, main);
  ASSERT_TRUE(common);
  EXPECT_FALSE(common->read_only);
  EXPECT_FALSE(common->source_in_jail);  // a host bind: not visible otherwise
  EXPECT_TRUE(MountAt(plan, main + "/hooks")->read_only);
  EXPECT_TRUE(MountAt(plan, main + "/config")->read_only);
  EXPECT_TRUE(IsPlaceholder(plan, wt + "/config.worktree", false));
}

TEST(ProtectedPaths, ProbeAsksForTheGitPointerFirst) {
  auto host = Host({{kProject + "/.git", PathKind::kFile}});
  auto probe = ProtectedPathsProbe(Pol(), host);
  EXPECT_NE(std::find(probe.read.begin(), probe.read.end(), kProject + "/.git"), probe.read.end());
  EXPECT_NE(std::find(probe.stat.begin(), probe.stat.end(), kProject + "/.envrc"), probe.stat.end());
}

}  // namespace
}  // namespace paddock::plan
