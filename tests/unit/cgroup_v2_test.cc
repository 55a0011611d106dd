// cgroup v2 against fake unified trees (this CI host has no v2 controllers).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>

#include "cgroup_test_util.h"
#include "jail/cgroup.h"

namespace paddock::jail {
namespace {

using testing::Get;
using testing::Put;
using testing::TempTree;
namespace fs = std::filesystem;

const char* kScope = "/user.slice/user-1000.slice/user@1000.service/app.slice/run-1.scope";

struct FakeV2Host {
  TempTree tree;
  CgroupRoots roots;
  fs::path app;        // the delegated parent
  std::string kernel;  // its release (uname -r)
  explicit FakeV2Host(std::string release = "6.1.0-18-amd64") : kernel(std::move(release)) {
    roots.fs = (tree.root() / "cgroup").string();
    roots.proc = (tree.root() / "proc").string();
    Put(tree.root() / "cgroup/cgroup.controllers", "cpuset cpu io memory hugetlb pids rdma misc\n");
    app = tree.root() / "cgroup/user.slice/user-1000.slice/user@1000.service/app.slice";
    Put(app / "cgroup.procs", "");
    Put(app / "cgroup.controllers", "cpu memory pids\n");
    Put(app / "cgroup.subtree_control", "memory pids\n");
    Put(app / "run-1.scope/cgroup.procs", "4242\n");
    Put(tree.root() / "proc/self/cgroup", std::string("0::") + kScope + "\n");
  }
};

TEST(CgroupV2Probe, FindsTheDelegatedParentAndItsControllers) {
  FakeV2Host host;
  EXPECT_EQ(ProbeCgroupMode(host.roots), plan::CgroupMode::kV2);
  auto facts = ProbeCgroups(ParseKernelRelease(host.kernel), host.roots);
  EXPECT_EQ(facts.v2_parent, host.app.string());
  // cpu is not enabled yet but can be: app.slice has no processes of its own.
  EXPECT_EQ(facts.v2_controllers, (std::set<std::string>{"memory", "pids", "cpu"}));
  EXPECT_TRUE(facts.v1_parents.empty());
  EXPECT_TRUE(facts.rlimit_nproc_per_userns);
}

TEST(CgroupV2Probe, ParentWithProcessesOffersOnlyEnabledControllers) {
  FakeV2Host host;
  Put(host.app / "cgroup.procs", "77\n");  // "no internal processes": cpu cannot be enabled
  auto facts = ProbeCgroups(ParseKernelRelease(host.kernel), host.roots);
  EXPECT_EQ(facts.v2_controllers, (std::set<std::string>{"memory", "pids"}));
}

TEST(CgroupV2Probe, OldKernelCountsNprocPerUser) {
  FakeV2Host host("5.10.0-28-amd64");
  EXPECT_FALSE(ProbeCgroups(ParseKernelRelease(host.kernel), host.roots).rlimit_nproc_per_userns);
}

TEST(CgroupV2Probe, UnwritableParentIsNotUsed) {
  if (geteuid() == 0) GTEST_SKIP() << "root may write anywhere; run as a user to test this";
  FakeV2Host host;
  fs::permissions(host.app, fs::perms::owner_read | fs::perms::owner_exec);
  auto facts = ProbeCgroups(ParseKernelRelease(host.kernel), host.roots);
  fs::permissions(host.app, fs::perms::owner_all);
  EXPECT_EQ(facts.v2_parent, "");
  EXPECT_TRUE(facts.v2_controllers.empty());
}

// An ssh login: paddock's cgroup is a session scope that root owns.
struct FakeSessionHost {
  TempTree tree;
  CgroupRoots roots;
  uid_t uid;
  fs::path socket;
  FakeSessionHost(const std::string& runtime = "run") : uid(geteuid() == 0 ? 1000 : geteuid()) {
    roots.fs = (tree.root() / "cgroup").string();
    roots.proc = (tree.root() / "proc").string();
    roots.uid = uid;
    roots.runtime_dir = (tree.root() / runtime).string();
    std::string u = std::to_string(uid);
    fs::path slice = tree.root() / ("cgroup/user.slice/user-" + u + ".slice");
    Put(tree.root() / "cgroup/cgroup.controllers", "cpuset cpu io memory hugetlb pids rdma misc\n");
    Put(slice / "session-3.scope/cgroup.procs", "4242\n");  // no cgroup.procs in the slice: not delegated
    Put(slice / ("user@" + u + ".service/cgroup.controllers"), "cpu io memory pids\n");
    Put(tree.root() / "proc/self/cgroup", "0::/user.slice/user-" + u + ".slice/session-3.scope\n");
    socket = tree.root() / runtime / "systemd/private";
    fs::create_directories(socket.parent_path());
  }
  void Listen() {
    int fd = socket_unix();
    ASSERT_GE(fd, 0);
    close(fd);
  }

 private:
  int socket_unix() {
    int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un addr {};
    addr.sun_family = AF_UNIX;
    std::string path = socket.string();
    if (path.size() >= sizeof addr.sun_path) return -1;
    memcpy(addr.sun_path, path.c_str(), path.size() + 1);
    if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return -1;
    if (geteuid() == 0 && lchown(path.c_str(), uid, uid) != 0) return -1;
    return fd;
  }
};

TEST(CgroupV2Probe, UndelegatedSessionAsksTheUsersSystemdForAScope) {
  FakeSessionHost host;
  host.Listen();
  auto facts = ProbeCgroups(ParseKernelRelease("6.1.0-18-amd64"), host.roots);
  EXPECT_EQ(facts.v2_parent, "");
  EXPECT_EQ(facts.v2_systemd_manager, "unix:path=" + host.socket.string());
  EXPECT_EQ(facts.v2_controllers, (std::set<std::string>{"memory", "pids", "cpu"}));
}

TEST(CgroupV2Probe, ASystemServiceOfTheUserKeepsItsOwnLimits) {
  FakeSessionHost host;
  host.Listen();
  Put(host.tree.root() / "cgroup/system.slice/ci-runner.service/cgroup.procs", "4242\n");
  Put(host.tree.root() / "proc/self/cgroup", "0::/system.slice/ci-runner.service\n");
  auto facts = ProbeCgroups(ParseKernelRelease("6.1.0-18-amd64"), host.roots);
  EXPECT_EQ(facts.v2_systemd_manager, "") << "the jail would leave the service's MemoryMax behind";
  EXPECT_TRUE(facts.v2_controllers.empty());
}

TEST(CgroupV2Probe, NoSystemdManagerMeansNoScope) {
  FakeSessionHost host;  // no socket
  auto facts = ProbeCgroups(ParseKernelRelease("6.1.0-18-amd64"), host.roots);
  EXPECT_EQ(facts.v2_systemd_manager, "");
  EXPECT_TRUE(facts.v2_controllers.empty());
}

TEST(CgroupV2Probe, ASocketOfAnotherUserIsNotTheManager) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to give the socket to another uid";
  FakeSessionHost host;
  host.Listen();
  ASSERT_EQ(lchown(host.socket.c_str(), 1001, 1001), 0);
  EXPECT_EQ(ProbeCgroups(ParseKernelRelease("6.1.0-18-amd64"), host.roots).v2_systemd_manager, "");
}

TEST(CgroupV2Probe, ScopeControllersAreTheDelegatedOnes) {
  FakeSessionHost host;
  host.Listen();
  std::string u = std::to_string(host.uid);
  Put(host.tree.root() / ("cgroup/user.slice/user-" + u + ".slice/user@" + u + ".service/cgroup.controllers"), "io\n");
  auto facts = ProbeCgroups(ParseKernelRelease("6.1.0-18-amd64"), host.roots);
  EXPECT_EQ(facts.v2_systemd_manager, "") << "no limiting controller is delegated: a scope would not help";
}

TEST(CgroupV2Probe, ManagerAddressEscapesThePath) {
  FakeSessionHost host("run dir,x");
  host.Listen();
  auto facts = ProbeCgroups(ParseKernelRelease("6.1.0-18-amd64"), host.roots);
  EXPECT_EQ(facts.v2_systemd_manager, "unix:path=" + (host.tree.root() / "run%20dir%2cx/systemd/private").string());
}

TEST(CgroupV2Probe, ADelegatedParentNeedsNoScope) {
  FakeSessionHost session;  // a manager is there, with what it delegates
  session.Listen();
  FakeV2Host host;
  host.roots.uid = session.uid;
  host.roots.runtime_dir = session.roots.runtime_dir;
  std::string u = std::to_string(session.uid);
  Put(host.tree.root() / ("cgroup/user.slice/user-" + u + ".slice/user@" + u + ".service/cgroup.controllers"),
      "cpu memory pids\n");
  auto facts = ProbeCgroups(ParseKernelRelease(host.kernel), host.roots);
  EXPECT_EQ(facts.v2_systemd_manager, "");
}

plan::LimitsPlan V2Limits(const std::string& parent) {
  plan::LimitsPlan l;
  l.cgroup = plan::CgroupMode::kV2;
  l.cgroup_v2_parent = parent;
  l.cgroup_v2_controllers = {"memory", "pids", "cpu"};
  l.memory_bytes = 64ull << 20;
  l.memory_by = plan::LimitMechanism::kCgroupV2;
  l.limit_swap = true;
  l.pids = 64;
  l.pids_by = plan::LimitMechanism::kCgroupV2;
  l.cpus = 1.5;
  l.cpus_by = plan::LimitMechanism::kCgroupV2;
  return l;
}

CgroupOptions V2Options(const FakeV2Host& host) {
  CgroupOptions o;
  o.roots = host.roots;
  o.roots.proc = "/proc";  // real liveness of leaf owners
  o.ops = testing::FakeOps([](const std::string& dir) { testing::PopulateV2Leaf(dir); });
  return o;
}

TEST(CgroupV2, CreateWritesLimitsAndEnablesMissingControllers) {
  FakeV2Host host;
  auto group = CreateCgroup(V2Limits(host.app.string()), V2Options(host));
  ASSERT_TRUE(group.ok()) << group.error().message;
  ASSERT_TRUE(*group);
  auto dirs = (*group)->leaf_dirs();
  ASSERT_EQ(dirs.size(), 1u);
  fs::path leaf = dirs[0];
  EXPECT_EQ(leaf.parent_path(), host.app);
  EXPECT_EQ(leaf.filename().string(), cg::LeafName(CgroupRoots{}));
  EXPECT_EQ(Get(leaf / "memory.max"), std::to_string(64ull << 20));
  EXPECT_EQ(Get(leaf / "memory.swap.max"), "0");
  EXPECT_EQ(Get(leaf / "pids.max"), "64");
  EXPECT_EQ(Get(leaf / "cpu.max"), "150000 100000");
  EXPECT_EQ(Get(host.app / "cgroup.subtree_control"), "+cpu");  // only the missing one
  // The leaf fd for CLONE_INTO_CGROUP is the leaf and holds its lock.
  int fd = (*group)->clone_fd();
  ASSERT_GE(fd, 0);
  struct stat a, b;
  ASSERT_EQ(fstat(fd, &a), 0);
  ASSERT_EQ(stat(leaf.c_str(), &b), 0);
  EXPECT_EQ(a.st_ino, b.st_ino);
  int other = open(leaf.c_str(), O_RDONLY | O_DIRECTORY);
  EXPECT_NE(flock(other, LOCK_EX | LOCK_NB), 0);
  close(other);

  ASSERT_TRUE((*group)->Attach(4321).ok());
  EXPECT_EQ(Get(leaf / "cgroup.procs"), "4321");
  Put(leaf / "cgroup.procs", "");

  Put(leaf / "memory.peak", "67108864\n");
  Put(leaf / "cpu.stat", "usage_usec 2500000\nuser_usec 2000000\nsystem_usec 500000\n");
  Put(leaf / "memory.events", "low 0\nhigh 0\nmax 12\noom 1\noom_kill 1\noom_group_kill 0\n");
  Put(leaf / "pids.events", "max 3\n");
  plan::RunStats stats;
  (*group)->CollectStats(stats);
  EXPECT_EQ(stats.peak_memory_bytes, 67108864u);
  EXPECT_EQ(stats.cpu_usec, 2500000u);
  EXPECT_EQ(stats.oom_kills, 1u);
  EXPECT_EQ(stats.pids_limit_hits, 3u);

  ASSERT_TRUE((*group)->Destroy().ok());
  EXPECT_FALSE(fs::exists(leaf));
  EXPECT_TRUE((*group)->Destroy().ok());  // idempotent
}

TEST(CgroupV2, KillWritesCgroupKill) {
  FakeV2Host host;
  fs::path leaf = host.app / "leaf";
  testing::PopulateV2Leaf(leaf);
  cg::KillV2(leaf.string());
  EXPECT_EQ(Get(leaf / "cgroup.kill"), "1");
}

TEST(CgroupV2, MissingSwapFileIsNotAnError) {
  FakeV2Host host;
  auto options = V2Options(host);
  options.ops.after_mkdir = [](const std::string& dir) {
    testing::PopulateV2Leaf(dir);
    fs::remove(fs::path(dir) / "memory.swap.max");  // swap accounting off
  };
  auto group = CreateCgroup(V2Limits(host.app.string()), options);
  ASSERT_TRUE(group.ok()) << group.error().message;
}

TEST(CgroupV2, FailedLimitLeavesNothingBehind) {
  FakeV2Host host;
  auto options = V2Options(host);
  options.ops.after_mkdir = [](const std::string& dir) {
    testing::PopulateV2Leaf(dir);
    fs::remove(fs::path(dir) / "pids.max");  // pids not enabled after all
  };
  auto group = CreateCgroup(V2Limits(host.app.string()), options);
  ASSERT_FALSE(group.ok());
  EXPECT_NE(group.error().message.find("pids.max"), std::string::npos) << group.error().message;
  for (const auto& e : fs::directory_iterator(host.app))
    EXPECT_EQ(e.path().filename().string().rfind("paddock-", 0), std::string::npos) << e.path();
}

TEST(CgroupV2, StaleLeavesOfDeadRunsAreRemovedLiveOnesKept) {
  FakeV2Host host;
  auto options = V2Options(host);
  const std::string own_pid = std::to_string(getpid());
  const std::string own_start = testing::OwnStartTime();
  auto leaf = [&](const std::string& name) {
    testing::PopulateV2Leaf(host.app / name);
    return host.app / name;
  };
  fs::path dead = leaf("paddock-999999999-12345");               // no such pid
  fs::path live = leaf("paddock-" + own_pid + "-" + own_start);  // this process: alive
  fs::path reused = leaf("paddock-" + own_pid + "-1");           // pid reused by someone else
  fs::path locked = leaf("paddock-999999998-7");                 // owner gone but lock held
  fs::path unrelated = leaf("user-service");
  int lock_fd = open(locked.c_str(), O_RDONLY | O_DIRECTORY);
  ASSERT_EQ(flock(lock_fd, LOCK_EX), 0);

  EXPECT_EQ(RemoveStaleLeaves(host.app.string(), options), 2);
  EXPECT_FALSE(fs::exists(dead));
  EXPECT_FALSE(fs::exists(reused));
  EXPECT_TRUE(fs::exists(live));
  EXPECT_TRUE(fs::exists(locked));
  EXPECT_TRUE(fs::exists(unrelated));
  close(lock_fd);
  EXPECT_EQ(RemoveStaleLeaves(host.app.string(), options), 1);
  EXPECT_FALSE(fs::exists(locked));
  EXPECT_TRUE(fs::exists(live));
}

TEST(CgroupV2, StaleLeafIsKilledBeforeRemoval) {
  FakeV2Host host;
  fs::path dead = host.app / "paddock-999999999-1";
  testing::PopulateV2Leaf(dead);
  bool killed_before_rmdir = false;
  auto options = V2Options(host);
  options.ops.rmdir = [&](const std::string& dir) {
    killed_before_rmdir = Get(fs::path(dir) / "cgroup.kill") == "1";
    fs::remove_all(dir);
    return 0;
  };
  EXPECT_EQ(RemoveStaleLeaves(host.app.string(), options), 1);
  EXPECT_TRUE(killed_before_rmdir);
}

}  // namespace
}  // namespace paddock::jail
