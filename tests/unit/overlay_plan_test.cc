#include "plan/overlay_plan.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "base/strings.h"
#include "fake_tree.h"
#include "plan/build_plan.h"
#include "plan/protected_paths.h"

namespace paddock::plan {
namespace {

const std::string kHome = "/home/u";
const std::string kProject = kHome + "/proj";
const std::string kRunId = "20261203-201512-3f2a";

// A repository on a fake host, its mounts planned up to the protected
// paths, then PlanOverlay as ApplyHardening calls it.
struct World {
  FakeTree fs;
  policy::Policy pol;
  HostFacts host;
  World() {
    pol.project_dir = kProject;
    pol.overlay = true;
    host.home = kHome;
    host.state_dir = kHome + "/.local/state/paddock";
    host.user_namespaces = true;
    host.overlay_run_id = kRunId;
    fs.File(kProject + "/.git/HEAD", "ref: refs/heads/main\n");
    fs.File(kProject + "/.git/config", "[core]\n");
    fs.Dir(kProject + "/.git/hooks");
    fs.Dir(kProject + "/.git/objects");
  }
  Result<LaunchPlan> Plan(std::vector<MountOp> user_data = {}) {
    host.paths[kProject] = fs.Lstat(kProject);
    host.nested_git = fs.NestedGit(kProject);
    EXPECT_TRUE(SettleHostQuestions([&](const HostFacts& h) { return ProtectedPathsProbe(pol, h); }, fs, host));
    LaunchPlan plan;
    plan.jail_home_target = kHome;
    MountOp project;
    project.source = project.target = kProject;
    plan.mounts.push_back(project);
    for (auto& op : user_data) plan.mounts.push_back(op);
    if (auto st = PlanProtectedPaths(pol, host, plan); !st) return st.error();
    if (auto st = PlanOverlay(pol, host, plan); !st) return st.error();
    return plan;
  }
};

std::vector<const MountOp*> MountsAt(const LaunchPlan& plan, const std::string& target) {
  std::vector<const MountOp*> out;
  for (const auto& m : plan.mounts)
    if (m.target == target) out.push_back(&m);
  return out;
}

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(OverlayPlan, WithoutOverlayThePlanIsUnchanged) {
  World w;
  w.pol.overlay = false;
  auto plan = w.Plan();
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_FALSE(plan->overlay.enabled);
  EXPECT_EQ(plan->mounts.front().type, MountType::kBind);
  EXPECT_FALSE(plan->placeholders.empty());
}

TEST(OverlayPlan, TheProjectBecomesAnOverlayWithTheRunsLayer) {
  World w;
  auto plan = w.Plan();
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  ASSERT_TRUE(plan->overlay.enabled);
  const MountOp& project = plan->mounts.front();
  EXPECT_EQ(project.type, MountType::kProjectOverlay);
  EXPECT_EQ(project.source, kProject);
  EXPECT_EQ(project.overlay_dir, OverlayRunsFor(w.host.state_dir, kProject) + "/" + kRunId);
  EXPECT_EQ(plan->overlay.run_dir, project.overlay_dir);
  EXPECT_EQ(plan->overlay.run_id, kRunId);
  EXPECT_TRUE(StartsWith(project.overlay_dir, w.host.state_dir + "/overlays/proj-"));
}

// The real project stays untouched: no placeholder is made on the host; a
// missing protected directory gets its mount point made in the jail (so in
// the layer) before its read-only bind, a missing file a read-only file.
TEST(OverlayPlan, MissingProtectedPathsGetMountPointsInTheLayerNotOnTheHost) {
  World w;
  auto plan = w.Plan();
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  for (const auto& p : plan->placeholders) EXPECT_FALSE(PathIsWithin(p.path, kProject)) << p.path;
  auto vscode = MountsAt(*plan, kProject + "/.vscode");
  ASSERT_EQ(vscode.size(), 2u);
  EXPECT_EQ(vscode[0]->type, MountType::kDir);
  EXPECT_EQ(vscode[1]->type, MountType::kBind);
  EXPECT_TRUE(vscode[1]->read_only);
  EXPECT_TRUE(vscode[1]->source_in_jail);
  EXPECT_LT(vscode[0], vscode[1]);  // made before it is bound
  auto commondir = MountsAt(*plan, kProject + "/.git/commondir");
  ASSERT_EQ(commondir.size(), 1u);
  EXPECT_EQ(commondir[0]->type, MountType::kFile);
  EXPECT_TRUE(commondir[0]->read_only);
  EXPECT_TRUE(Contains(plan->overlay.placeholders, ".vscode"));
  EXPECT_TRUE(Contains(plan->overlay.placeholders, ".git/commondir"));
  EXPECT_FALSE(Contains(plan->overlay.placeholders, ".git/hooks"));  // exists
  EXPECT_TRUE(Contains(plan->overlay.protected_paths, ".git/hooks"));
  EXPECT_TRUE(Contains(plan->overlay.protected_paths, ".git/config"));
  EXPECT_TRUE(Contains(plan->overlay.protected_paths, ".vscode"));
}

// Everything else bound below the project comes from the overlay's view: a
// host bind there would write to the real project.
TEST(OverlayPlan, BindsBelowTheProjectAreTakenFromTheOverlay) {
  World w;
  MountOp grant;
  grant.source = grant.target = kProject + "/data";
  grant.idmapped = true;
  auto plan = w.Plan({grant});
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  for (const auto& m : plan->mounts) {
    if (m.type != MountType::kBind || !PathIsWithin(m.source, kProject)) continue;
    EXPECT_TRUE(m.source_in_jail) << m.target;
    EXPECT_FALSE(m.idmapped) << m.target;
  }
}

// A linked worktree's git dir is outside the project: its writes would not
// wait for review, so it is read-only, and the user is told.
TEST(OverlayPlan, AGitDirOutsideTheProjectIsReadOnly) {
  World w;
  const std::string main = kHome + "/main";
  w.fs.File(main + "/.git/HEAD", "ref: refs/heads/main\n");
  w.fs.Dir(main + "/.git/objects");
  w.fs.Dir(main + "/.git/hooks");
  w.fs.File(main + "/.git/config", "[core]\n");
  const std::string admin = main + "/.git/worktrees/proj";
  w.fs.File(admin + "/gitdir", kProject + "/.git\n");
  w.fs.File(admin + "/commondir", "../..\n");
  w.fs.File(admin + "/HEAD", "ref: refs/heads/wt\n");
  w.fs.File(kProject + "/.git", "gitdir: " + admin + "\n");
  auto plan = w.Plan();
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  auto common = MountsAt(*plan, main + "/.git");
  ASSERT_EQ(common.size(), 1u);
  EXPECT_TRUE(common[0]->read_only);
  EXPECT_TRUE(std::any_of(plan->hardening_warnings.begin(), plan->hardening_warnings.end(),
                          [&](const std::string& s) { return s.find(main + "/.git") != std::string::npos; }));
}

TEST(OverlayPlan, AWritableGrantOutsideTheProjectIsWrittenDirectlyAndSaysSo) {
  World w;
  w.pol.extra_paths.push_back({"/srv/cache", true, false});
  MountOp grant;
  grant.source = grant.target = "/srv/cache";
  auto plan = w.Plan({grant});
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_FALSE(MountsAt(*plan, "/srv/cache")[0]->read_only);
  EXPECT_TRUE(std::any_of(plan->hardening_warnings.begin(), plan->hardening_warnings.end(),
                          [](const std::string& s) { return s.find("/srv/cache") != std::string::npos; }));
}

// Unprotected for the run, still named on apply: the user reviews them.
TEST(OverlayPlan, UnprotectedPathsStayProtectedForApply) {
  World w;
  w.pol.unprotect = {".vscode"};
  auto plan = w.Plan();
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_TRUE(MountsAt(*plan, kProject + "/.vscode").empty());
  EXPECT_TRUE(Contains(plan->overlay.protected_paths, ".vscode"));
}

TEST(OverlayPlan, RefusedWithoutUserNamespacesOrAStateDirectory) {
  World a;
  a.host.user_namespaces = false;
  auto plan = a.Plan();
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.error().message.find("--overlay needs user and mount namespaces"), std::string::npos);
  World b;
  b.host.state_dir.clear();
  plan = b.Plan();
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.error().message.find("no state directory"), std::string::npos);
}

}  // namespace
}  // namespace paddock::plan
