// cgroup v1 against fake hybrid trees, plus one test on the real kernel
// when a v1 hierarchy is writable (root on a hybrid host such as CI's).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <algorithm>
#include <optional>

#include "cgroup_test_util.h"
#include "jail/cgroup.h"

namespace paddock::jail {
namespace {

using testing::Get;
using testing::Put;
using testing::TempTree;
namespace fs = std::filesystem;

const char* kControllers[] = {"memory", "pids", "cpu", "cpuacct", "freezer"};

struct FakeHybridHost {
  TempTree tree;
  CgroupRoots roots;
  explicit FakeHybridHost(bool memsw = true) {
    fs::path cg = tree.root() / "cgroup";
    roots.fs = cg.string();
    roots.proc = (tree.root() / "proc").string();
    Put(cg / "unified/cgroup.controllers", "");  // cgroup2 without controllers
    Put(cg / "unified/cgroup.procs", "");
    Put(cg / "unified/cgroup.subtree_control", "");
    for (const char* c : kControllers) {
      Put(cg / c / "cgroup.procs", "1\n");
      testing::PopulateV1Leaf(cg / c / "process_api/x", c);
    }
    if (!memsw) fs::remove(cg / "memory/process_api/x/memory.memsw.limit_in_bytes");
    Put(tree.root() / "proc/self/cgroup",
        "9:name=systemd:/\n8:pids:/process_api/x\n6:freezer:/process_api/x\n4:memory:/process_api/x\n"
        "2:cpuacct:/process_api/x\n1:cpu:/process_api/x\n0::/\n");
  }
  fs::path Parent(const std::string& c) const { return fs::path(roots.fs) / c / "process_api/x"; }
};

TEST(CgroupV1Probe, FindsWritableHierarchiesBelowOwnCgroups) {
  FakeHybridHost host;
  EXPECT_EQ(ProbeCgroupMode(host.roots), plan::CgroupMode::kV1);
  auto facts = ProbeCgroups(ParseKernelRelease("6.18.44"), host.roots);
  for (const char* c : kControllers) EXPECT_EQ(facts.v1_parents[c], host.Parent(c).string()) << c;
  EXPECT_TRUE(facts.v1_memsw);
  // The hybrid cgroup2 root is writable here but offers no controllers.
  EXPECT_EQ(facts.v2_parent, (fs::path(host.roots.fs) / "unified").string());
  EXPECT_TRUE(facts.v2_controllers.empty());
}

TEST(CgroupV1Probe, NoSwapAccounting) {
  FakeHybridHost host(/*memsw=*/false);
  EXPECT_FALSE(ProbeCgroups(ParseKernelRelease("6.18.44"), host.roots).v1_memsw);
}

TEST(CgroupV1Probe, NothingMountedMeansNone) {
  TempTree tree;
  CgroupRoots roots;
  roots.fs = (tree.root() / "cgroup").string();
  roots.proc = (tree.root() / "proc").string();
  fs::create_directories(roots.fs);
  EXPECT_EQ(ProbeCgroupMode(roots), plan::CgroupMode::kNone);
  auto facts = ProbeCgroups(ParseKernelRelease("6.18.44"), roots);
  EXPECT_TRUE(facts.v1_parents.empty());
  EXPECT_EQ(facts.v2_parent, "");
}

plan::LimitsPlan V1Limits(const FakeHybridHost& host) {
  plan::LimitsPlan l;
  l.cgroup = plan::CgroupMode::kV1;
  for (const char* c : kControllers) l.cgroup_v1_parents[c] = host.Parent(c).string();
  l.memory_bytes = 64ull << 20;
  l.memory_by = plan::LimitMechanism::kCgroupV1;
  l.limit_swap = true;
  l.pids = 64;
  l.pids_by = plan::LimitMechanism::kCgroupV1;
  l.cpus = 0.5;
  l.cpus_by = plan::LimitMechanism::kCgroupV1;
  return l;
}

CgroupOptions V1Options(const FakeHybridHost& host, std::vector<std::string>* freezer_log = nullptr) {
  CgroupOptions o;
  o.roots = host.roots;
  o.roots.proc = "/proc";
  std::string fs_root = host.roots.fs;
  o.ops = testing::FakeOps([fs_root](const std::string& dir) {
    // The controller is the first component below the cgroup root.
    std::string rel = dir.substr(fs_root.size() + 1);
    testing::PopulateV1Leaf(dir, rel.substr(0, rel.find('/')));
  });
  return o;
}

TEST(CgroupV1, CreateMakesOneLeafPerHierarchyAndWritesLimits) {
  FakeHybridHost host;
  auto group = CreateCgroup(V1Limits(host), V1Options(host));
  ASSERT_TRUE(group.ok()) << group.error().message;
  ASSERT_TRUE(*group);
  EXPECT_EQ((*group)->clone_fd(), -1);  // no CLONE_INTO_CGROUP in v1
  std::string name = cg::LeafName(CgroupRoots{});
  auto dirs = (*group)->leaf_dirs();
  EXPECT_EQ(dirs.size(), 5u);
  for (const char* c : kControllers) EXPECT_TRUE(fs::is_directory(host.Parent(c) / name)) << c;
  fs::path mem = host.Parent("memory") / name;
  EXPECT_EQ(Get(mem / "memory.limit_in_bytes"), std::to_string(64ull << 20));
  EXPECT_EQ(Get(mem / "memory.memsw.limit_in_bytes"), std::to_string(64ull << 20));
  EXPECT_EQ(Get(host.Parent("pids") / name / "pids.max"), "64");
  EXPECT_EQ(Get(host.Parent("cpu") / name / "cpu.cfs_period_us"), "100000");
  EXPECT_EQ(Get(host.Parent("cpu") / name / "cpu.cfs_quota_us"), "50000");

  // The child joins through each leaf's tasks file, one file per leaf.
  auto joins = (*group)->OpenJoinFiles();
  ASSERT_TRUE(joins.ok()) << joins.error().message;
  ASSERT_EQ(joins->size(), dirs.size());
  for (size_t i = 0; i < dirs.size(); ++i) {
    ASSERT_EQ(write((*joins)[i].get(), "0", 1), 1);
    EXPECT_EQ(Get(fs::path(dirs[i]) / "tasks"), "0") << dirs[i];
  }
  joins->clear();
  // A tasks file paddock may not write (cgroup.procs alone delegated): no
  // join files, and the parent attaches the child to every hierarchy.
  if (geteuid() != 0) {
    ASSERT_EQ(chmod((fs::path(dirs[0]) / "tasks").c_str(), 0444), 0);
    auto none = (*group)->OpenJoinFiles();
    ASSERT_TRUE(none.ok()) << none.error().message;
    EXPECT_TRUE(none->empty());
  }
  ASSERT_TRUE((*group)->Attach(4321).ok());
  for (const char* c : kControllers) {
    EXPECT_EQ(Get(host.Parent(c) / name / "cgroup.procs"), "4321") << c;
    Put(host.Parent(c) / name / "cgroup.procs", "");
  }

  Put(mem / "memory.max_usage_in_bytes", "67104768\n");
  Put(mem / "memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
  Put(host.Parent("cpuacct") / name / "cpuacct.usage", "1500000000\n");
  Put(host.Parent("pids") / name / "pids.events", "max 17\n");
  plan::RunStats stats;
  (*group)->CollectStats(stats);
  EXPECT_EQ(stats.peak_memory_bytes, 67104768u);
  EXPECT_EQ(stats.oom_kills, 2u);
  EXPECT_EQ(stats.cpu_usec, 1500000u);
  EXPECT_EQ(stats.pids_limit_hits, 17u);

  ASSERT_TRUE((*group)->Destroy().ok());
  for (const char* c : kControllers) EXPECT_FALSE(fs::exists(host.Parent(c) / name)) << c;
  EXPECT_EQ(Get(host.Parent("freezer") / "freezer.state"), "THAWED\n");  // parent untouched
}

TEST(CgroupV1, CoMountedControllersShareOneLeaf) {
  FakeHybridHost host;
  // cpu and cpuacct in one hierarchy: "cpu" is a link to "cpu,cpuacct".
  fs::path joint = fs::path(host.roots.fs) / "cpu,cpuacct";
  fs::rename(fs::path(host.roots.fs) / "cpu", joint);
  fs::create_directory_symlink("cpu,cpuacct", fs::path(host.roots.fs) / "cpu");
  fs::remove_all(fs::path(host.roots.fs) / "cpuacct");
  fs::create_directory_symlink("cpu,cpuacct", fs::path(host.roots.fs) / "cpuacct");
  testing::PopulateV1Leaf(joint / "process_api/x", "cpuacct");
  auto limits = V1Limits(host);
  auto options = V1Options(host);
  options.ops.after_mkdir = [&](const std::string& dir) {
    for (const char* c : kControllers)
      if (dir.find(std::string("/") + c + "/") != std::string::npos) testing::PopulateV1Leaf(dir, c);
    if (dir.find("/cpu,cpuacct/") != std::string::npos) {
      testing::PopulateV1Leaf(dir, "cpu");
      testing::PopulateV1Leaf(dir, "cpuacct");
    }
  };
  auto group = CreateCgroup(limits, options);
  ASSERT_TRUE(group.ok()) << group.error().message;
  EXPECT_EQ((*group)->leaf_dirs().size(), 4u);
  ASSERT_TRUE((*group)->Destroy().ok());
}

TEST(CgroupV1, FailureRemovesEveryLeafAlreadyMade) {
  FakeHybridHost host;
  auto options = V1Options(host);
  auto populate = options.ops.after_mkdir;
  options.ops.after_mkdir = [populate](const std::string& dir) {
    populate(dir);
    fs::remove(fs::path(dir) / "cpu.cfs_quota_us");
  };
  auto group = CreateCgroup(V1Limits(host), options);
  ASSERT_FALSE(group.ok());
  EXPECT_NE(group.error().message.find("cpu.cfs_quota_us"), std::string::npos) << group.error().message;
  std::string name = cg::LeafName(CgroupRoots{});
  for (const char* c : kControllers) EXPECT_FALSE(fs::exists(host.Parent(c) / name)) << c;
}

TEST(CgroupV1, KillSignalsListedProcessesThroughTheFreezer) {
  FakeHybridHost host;
  pid_t child = fork();
  if (child == 0) {
    for (;;) pause();
  }
  ASSERT_GT(child, 0);
  fs::path leaf = host.Parent("pids") / "leaf";
  fs::path freezer = host.Parent("freezer") / "leaf";
  testing::PopulateV1Leaf(leaf, "pids");
  testing::PopulateV1Leaf(freezer, "freezer");
  Put(leaf / "cgroup.procs", std::to_string(child) + "\n");
  cg::KillV1({leaf.string(), freezer.string()}, freezer.string());
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  EXPECT_EQ(Get(freezer / "freezer.state"), "THAWED");  // never left frozen
}

TEST(CgroupV1, StaleLeafIsThawedAndRemoved) {
  FakeHybridHost host;
  fs::path stale = host.Parent("freezer") / "paddock-999999999-3";
  testing::PopulateV1Leaf(stale, "freezer");
  Put(stale / "freezer.state", "FROZEN\n");
  std::string state_at_rmdir;
  auto options = V1Options(host);
  options.ops.rmdir = [&](const std::string& dir) {
    state_at_rmdir = Get(fs::path(dir) / "freezer.state");
    fs::remove_all(dir);
    return 0;
  };
  EXPECT_EQ(RemoveStaleLeaves(host.Parent("freezer").string(), options), 1);
  EXPECT_EQ(state_at_rmdir, "THAWED");
}

// A pids limit of `pids` in this host's writable v1 pids hierarchy (and its
// freezer when asked); nullopt when there is none (rootless, or cgroup v2).
std::optional<plan::LimitsPlan> RealV1Pids(uint64_t pids, bool freezer) {
  auto facts = ProbeCgroups(ParseKernelRelease("6.18.44"));
  if (ProbeCgroupMode() != plan::CgroupMode::kV1 || !facts.v1_parents.count("pids")) return std::nullopt;
  plan::LimitsPlan l;
  l.cgroup = plan::CgroupMode::kV1;
  l.cgroup_v1_parents["pids"] = facts.v1_parents["pids"];
  if (freezer && facts.v1_parents.count("freezer")) l.cgroup_v1_parents["freezer"] = facts.v1_parents["freezer"];
  l.pids = pids;
  l.pids_by = plan::LimitMechanism::kCgroupV1;
  return l;
}

// The real kernel, where a v1 pids hierarchy is writable (root on CI).
TEST(CgroupV1Real, ChildIsAttachedLimitedKilledAndTheLeafRemoved) {
  auto l = RealV1Pids(4, true);
  if (!l) GTEST_SKIP() << "no writable cgroup v1 pids hierarchy here";
  auto group = CreateCgroup(*l);
  ASSERT_TRUE(group.ok()) << group.error().message;
  std::string leaf;
  for (const auto& dir : (*group)->leaf_dirs())
    if (fs::exists(dir + "/pids.max")) leaf = dir;
  ASSERT_NE(leaf, "");
  EXPECT_EQ(Get(leaf + "/pids.max"), "4\n");

  int go[2];
  ASSERT_EQ(pipe(go), 0);
  pid_t child = fork();
  if (child == 0) {
    char c;
    if (read(go[0], &c, 1) != 1) _exit(2);
    // Try to make 10 processes: the limit stops it at 4 in total.
    int made = 0;
    for (int i = 0; i < 10; ++i) {
      pid_t p = fork();
      if (p == 0) {
        for (;;) pause();
      }
      if (p > 0) ++made;
    }
    _exit(made);  // never reached while the parent waits below
  }
  ASSERT_TRUE((*group)->Attach(child).ok());
  ASSERT_EQ(write(go[1], "g", 1), 1);
  // Wait until a fork was refused, then count the tree.
  for (int i = 0; i < 200; ++i) {
    if (cg::ReadKeyed(leaf + "/pids.events", "max").value_or(0) > 0) break;
    cg::SleepMs(10);
  }
  EXPECT_LE(cg::ReadPids(leaf + "/cgroup.procs").size(), 4u);
  plan::RunStats stats;
  (*group)->CollectStats(stats);
  EXPECT_GT(stats.pids_limit_hits.value_or(0), 0u);
  ASSERT_TRUE((*group)->Destroy().ok());
  int status = 0;
  waitpid(child, &status, 0);
  EXPECT_FALSE(fs::exists(leaf));
  close(go[0]);
  close(go[1]);
}

// The real kernel: a child moves itself in through the files paddock opened
// (its way in since cgroup v1 attach by pid waits for an RCU grace period),
// and every process it forks afterwards is in the leaf and counted.
TEST(CgroupV1Real, AChildJoinsThroughTheFilesTheParentOpened) {
  auto l = RealV1Pids(8, false);
  if (!l) GTEST_SKIP() << "no writable cgroup v1 pids hierarchy here";
  auto group = CreateCgroup(*l);
  ASSERT_TRUE(group.ok()) << group.error().message;
  auto joins = (*group)->OpenJoinFiles();
  ASSERT_TRUE(joins.ok()) << joins.error().message;
  ASSERT_EQ(joins->size(), 1u);
  std::string leaf = (*group)->leaf_dirs()[0];
  int go[2];
  ASSERT_EQ(pipe(go), 0);
  pid_t child = fork();
  if (child == 0) {
    if (write((*joins)[0].get(), "0", 1) != 1) _exit(3);
    if (fork() == 0) {  // a grandchild, forked once in
      char c;
      (void)!read(go[0], &c, 1);
      _exit(0);
    }
    char c;
    (void)!read(go[0], &c, 1);
    _exit(0);
  }
  joins->clear();
  std::vector<pid_t> in;
  for (int i = 0; i < 200 && (in = cg::ReadPids(leaf + "/cgroup.procs")).size() < 2; ++i) cg::SleepMs(10);
  EXPECT_EQ(in.size(), 2u) << "the child and its child in the leaf";
  EXPECT_NE(std::find(in.begin(), in.end(), child), in.end());
  ASSERT_EQ(write(go[1], "gg", 2), 2);
  int status = 0;
  waitpid(child, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  ASSERT_TRUE((*group)->Destroy().ok());
  EXPECT_FALSE(fs::exists(leaf));
  close(go[0]);
  close(go[1]);
}

}  // namespace
}  // namespace paddock::jail
