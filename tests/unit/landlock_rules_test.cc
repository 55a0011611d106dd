#include "plan/landlock_rules.h"

#include <gtest/gtest.h>

namespace paddock::plan {
namespace {

MountOp Op(MountType type, std::string target, bool ro, bool noexec = false) {
  MountOp op;
  op.type = type;
  op.source = op.target = std::move(target);
  op.read_only = ro;
  op.noexec = noexec;
  return op;
}

const LandlockRule* Find(const LandlockPlan& ll, const std::string& path) {
  for (const auto& r : ll.rules)
    if (r.path == path) return &r;
  return nullptr;
}

TEST(LandlockRules, WritableOnlyWhereTheMountIsWritable) {
  LaunchPlan plan;
  plan.mounts = {Op(MountType::kBind, "/usr", true),         Op(MountType::kBind, "/etc", true),
                 Op(MountType::kTmpfs, "/tmp", false, true), Op(MountType::kBind, "/home/u/proj", false),
                 Op(MountType::kBind, "/home/u", false),     Op(MountType::kMaskFile, "/etc/shadow", true),
                 Op(MountType::kSymlink, "/bin", false),     Op(MountType::kTmpfs, "/var", true)};
  auto ll = DeriveLandlock(plan);
  ASSERT_TRUE(Find(ll, "/usr"));
  EXPECT_FALSE(Find(ll, "/usr")->write);
  EXPECT_TRUE(Find(ll, "/usr")->execute);
  EXPECT_TRUE(Find(ll, "/tmp")->write);
  EXPECT_FALSE(Find(ll, "/tmp")->execute);  // noexec tmp
  EXPECT_TRUE(Find(ll, "/home/u")->write);
  EXPECT_FALSE(Find(ll, "/var")->write);
  // Masks and links add no rule; the project below the writable home is
  // redundant (Landlock grants the union along the path).
  EXPECT_FALSE(Find(ll, "/etc/shadow"));
  EXPECT_FALSE(Find(ll, "/bin"));
  EXPECT_FALSE(Find(ll, "/home/u/proj"));
  ASSERT_TRUE(Find(ll, "/"));
  EXPECT_TRUE(Find(ll, "/")->list_only);
}

TEST(LandlockRules, ReadOnlyBindBelowWritableIsRedundantButNotTheOtherWayRound) {
  LaunchPlan plan;
  plan.mounts = {Op(MountType::kBind, "/p", false), Op(MountType::kBind, "/p/.git/hooks", true),
                 Op(MountType::kBind, "/r", true), Op(MountType::kBind, "/r/out", false)};
  auto ll = DeriveLandlock(plan);
  EXPECT_FALSE(Find(ll, "/p/.git/hooks"));
  ASSERT_TRUE(Find(ll, "/r/out"));
  EXPECT_TRUE(Find(ll, "/r/out")->write);
}

TEST(LandlockRules, RightsAndAbiMasks) {
  using namespace landlock;
  LandlockRule w{"/p", true, true, false, false};
  uint64_t r = RightsOf(w);
  EXPECT_TRUE(r & kRefer);  // renames across directories
  EXPECT_TRUE(r & kMakeReg);
  EXPECT_FALSE(r & kMakeChar);
  EXPECT_FALSE(r & kMakeBlock);
  LandlockRule ro{"/usr", false, true, false, false};
  EXPECT_EQ(RightsOf(ro), kReadFile | kReadDir | kExecute);
  EXPECT_EQ(HandledFs(0), 0u);
  EXPECT_EQ(HandledFs(1), 0x1fffu);
  EXPECT_EQ(HandledFs(2), 0x3fffu);
  EXPECT_EQ(HandledFs(3), 0x7fffu);
  EXPECT_EQ(HandledFs(4), 0x7fffu);
  EXPECT_EQ(HandledFs(5), 0xffffu);
  EXPECT_EQ(HandledFs(7), 0xffffu);
  EXPECT_EQ(HandledScopes(5), 0u);
  EXPECT_EQ(HandledScopes(6), 3u);
}

TEST(LandlockRules, DeviceBindsGetDeviceIoctls) {
  LaunchPlan plan;
  MountOp tty = Op(MountType::kBind, "/dev/tty", false);
  tty.nodev = false;
  MountOp pts = Op(MountType::kDevpts, "/dev/pts", false);
  plan.mounts = {Op(MountType::kTmpfs, "/dev", true), tty, pts};
  auto ll = DeriveLandlock(plan);
  EXPECT_TRUE(Find(ll, "/dev/tty")->devices);
  EXPECT_TRUE(Find(ll, "/dev/pts")->devices);
  EXPECT_FALSE(Find(ll, "/dev")->devices);
}

// The planner decides what is enforced at the probed ABI; the jail applies
// exactly these masks (jail/landlock.cc does not look at the kernel again).
TEST(LandlockRules, MaskToAbiDropsWhatEachAbiCannotRestrict) {
  using namespace landlock;
  struct Case {
    int kernel_abi, abi;
    uint64_t dropped_fs, dropped_scopes;
  };
  const Case cases[] = {
      {0, 0, 0xffff, kScopeAbstractUnix | kScopeSignal},
      {1, 1, kRefer | kTruncate | kIoctlDev, kScopeAbstractUnix | kScopeSignal},
      {2, 2, kTruncate | kIoctlDev, kScopeAbstractUnix | kScopeSignal},
      {3, 3, kIoctlDev, kScopeAbstractUnix | kScopeSignal},  // truncate from ABI 3
      {4, 4, kIoctlDev, kScopeAbstractUnix | kScopeSignal},
      {5, 5, 0, kScopeAbstractUnix | kScopeSignal},  // ioctl_dev from ABI 5
      {6, 6, 0, 0},                                  // scopes from ABI 6
      {7, 7, 0, 0},
      {9, kKnownAbi, 0, 0},  // a newer kernel is used at the ABI paddock knows
  };
  for (const auto& c : cases) {
    SCOPED_TRACE("kernel ABI " + std::to_string(c.kernel_abi));
    LandlockPlan ll;
    ll.rules = {LandlockRule{"/p", true, true, false, false}, LandlockRule{"/dev/pts", true, false, false, true},
                LandlockRule{"/", false, false, true, false}};
    MaskToAbi(ll, c.kernel_abi);
    EXPECT_EQ(ll.abi, c.abi);
    EXPECT_EQ(ll.handled_fs, HandledFs(c.abi));
    EXPECT_EQ(ll.dropped_fs, c.dropped_fs);
    EXPECT_EQ(ll.dropped_scopes, c.dropped_scopes);
    EXPECT_EQ(ll.scoped, (kScopeAbstractUnix | kScopeSignal) & ~c.dropped_scopes);
    // Each rule gets what it asks for, within what this ABI handles.
    for (const auto& r : ll.rules) EXPECT_EQ(r.allowed, RightsOf(r) & ll.handled_fs) << r.path;
    EXPECT_EQ(ll.rules[0].allowed & kTruncate, c.abi >= 3 ? kTruncate : 0);
    EXPECT_EQ(ll.rules[0].allowed & kRefer, c.abi >= 2 ? kRefer : 0);
    EXPECT_EQ(ll.rules[1].allowed & kIoctlDev, c.abi >= 5 ? kIoctlDev : 0);
    EXPECT_EQ(ll.rules[2].allowed, c.abi >= 1 ? kReadDir : 0);
  }
}

TEST(LandlockRules, ScopesNotRequestedAreNeitherScopedNorDropped) {
  LandlockPlan ll;
  ll.scope_signals = false;
  landlock::MaskToAbi(ll, 5);
  EXPECT_EQ(ll.dropped_scopes, landlock::kScopeAbstractUnix);
  landlock::MaskToAbi(ll, 6);
  EXPECT_EQ(ll.scoped, landlock::kScopeAbstractUnix);
  EXPECT_EQ(ll.dropped_scopes, 0u);
}

TEST(LandlockRules, RightNamesFollowTheBits) {
  using namespace landlock;
  EXPECT_EQ(FsRightNames(kExecute | kTruncate | kIoctlDev),
            (std::vector<std::string>{"execute", "truncate", "ioctl_dev"}));
  EXPECT_EQ(FsRightNames(HandledFs(7)).size(), 16u);
  EXPECT_EQ(ScopeNames(kScopeSignal), std::vector<std::string>{"signal"});
}

}  // namespace
}  // namespace paddock::plan
