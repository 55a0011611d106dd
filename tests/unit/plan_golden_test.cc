// Golden plans: what `paddock plan` prints (PlanToJson) for a few policies on
// fixed fake hosts, compared with tests/unit/golden/plan_*.json. Any change to
// a mount, an id map, the environment, the seccomp or Landlock layers or the
// limits shows up as a diff of the plan. To accept an intended change:
//   PADDOCK_UPDATE_GOLDEN=1 build/tests/paddock_unit_tests --gtest_filter='PlanGolden.*'
//   git diff tests/unit/golden/   # review it, then commit it with the change
#include <gtest/gtest.h>

#include <optional>

#include "fake_tree.h"
#include "golden.h"
#include "plan/build_plan.h"
#include "plan/plan_json.h"
#include "plan/protected_paths.h"
#include "policy/cli_options.h"

namespace paddock::plan {
namespace {

// A Debian-like host with merged /usr, a user `dev` and a project with a git
// repository. Everything `paddock plan` asks the host is answered from `fs`
// and the facts set here, the way jail/host_probe.cc answers it on a real host.
struct FakeHost {
  FakeTree fs;
  HostFacts host;
  std::string home;

  FakeHost(uint32_t uid, const std::string& user, const std::string& home_dir) : home(home_dir) {
    host.uid = host.gid = uid;
    host.user = user;
    host.home = home;
    host.state_dir = home + "/.local/state/paddock";
    host.env = {{"PATH", "/usr/local/bin:/usr/bin:/bin"},
                {"HOME", home},
                {"TERM", "xterm-256color"},
                {"LANG", "C.UTF-8"},
                {"SHELL", "/bin/bash"},
                {"USER", user},
                {"AWS_SECRET_ACCESS_KEY", "not-passed"},
                {"SSH_AUTH_SOCK", "/run/user/1000/ssh"}};
    for (const char* d : {"/usr/bin", "/usr/sbin", "/usr/lib", "/usr/lib64", "/opt", "/etc/ssl/private"}) fs.Dir(d);
    fs.Link("/bin", "usr/bin");
    fs.Link("/sbin", "usr/sbin");
    fs.Link("/lib", "usr/lib");
    fs.Link("/lib64", "usr/lib64");
    fs.File("/usr/bin/bash");
    fs.File("/etc/shadow");
    fs.File("/etc/gshadow");
    fs.File("/etc/sudoers");
    fs.Dir("/etc/sudoers.d");
    fs.Link("/etc/resolv.conf", "../run/systemd/resolve/stub-resolv.conf");
    fs.File("/run/systemd/resolve/stub-resolv.conf", "nameserver 127.0.0.53\n");
    host.etc_ssh_entries = {"ssh_config", "ssh_host_ed25519_key", "ssh_host_ed25519_key.pub", "sshd_config"};
    host.etc_passwd = "root:x:0:0:root:/root:/bin/bash\n" + user + ":x:" + std::to_string(uid) + ":" +
                      std::to_string(uid) + "::" + home + ":/bin/bash\n";
    host.etc_group = "root:x:0:\n";
    host.landlock_abi = 4;
    host.kernel_release = "6.8.0-fake";
    host.cgroup = CgroupMode::kV2;
    host.cgroups.v2_parent = "/sys/fs/cgroup/user.slice/user-" + std::to_string(uid) + ".slice/paddock";
    host.cgroups.v2_controllers = {"cpu", "memory", "pids"};
    host.cgroups.rlimit_nproc_per_userns = true;
    host.total_memory_bytes = 16ull << 30;
  }

  // A repository at `dir` as `git init` makes it.
  void Repo(const std::string& dir) {
    fs.File(dir + "/.git/HEAD", "ref: refs/heads/main\n");
    fs.File(dir + "/.git/config", "[core]\n\trepositoryformatversion = 0\n\tbare = false\n");
    fs.Dir(dir + "/.git/objects");
    fs.Dir(dir + "/.git/refs/heads");
    fs.File(dir + "/.git/hooks/pre-commit.sample", "#!/bin/sh\n");
  }

  // `paddock plan ARGS` started in `cwd`: the CLI's steps without the real host.
  std::string PlanJson(const std::vector<std::string>& args, const std::string& cwd) {
    auto plan = Plan(args, cwd);
    return plan ? PlanToJson(*plan).dump(2) + "\n" : "";
  }

  std::optional<LaunchPlan> Plan(const std::vector<std::string>& args, const std::string& cwd) {
    auto parsed = policy::ParseRunOptions("plan", args, cwd, home);
    EXPECT_TRUE(parsed.ok()) << parsed.error().message;
    if (!parsed.ok()) return std::nullopt;
    const policy::Policy& pol = parsed->policy;
    for (const auto& p : HostPathsToProbe(pol, host.env)) host.paths[p] = fs.Lstat(p);
    const PathInfo& resolv = host.paths["/etc/resolv.conf"];
    if (resolv.kind == PathKind::kSymlink) {
      std::string target = NormalizePath("/etc/" + resolv.link_target);
      host.paths[target] = fs.Lstat(target);
    }
    host.nested_git = fs.NestedGit(pol.project_dir);
    auto probe = [&](const HostFacts& h) { return ProtectedPathsProbe(pol, h); };
    EXPECT_TRUE(SettleHostQuestions(probe, fs, host));
    auto plan = BuildPlan(pol, host);
    EXPECT_TRUE(plan.ok()) << plan.error().message;
    if (!plan.ok()) return std::nullopt;
    return std::move(*plan);
  }
};

FakeHost Rootless() {
  FakeHost h(1000, "dev", "/home/dev");
  h.Repo("/home/dev/proj");
  h.fs.File("/home/dev/proj/.envrc", "export A=1\n");
  h.fs.File("/home/dev/proj/src/main.c", "int main(void) { return 0; }\n");
  return h;
}

TEST(PlanGolden, RootlessDefault) {
  FakeHost h = Rootless();
  golden::ExpectGolden("plan_rootless.json", h.PlanJson({"--", "make", "test"}, "/home/dev/proj"));
}

TEST(PlanGolden, RootlessHostNetwork) {
  FakeHost h = Rootless();
  golden::ExpectGolden("plan_net_host.json", h.PlanJson({"--net", "host", "--", "make", "test"}, "/home/dev/proj"));
}

// Started by root: the command is an unprivileged host id, the project and
// jail home are bound through idmapped mounts, /etc/passwd names the user.
// The /etc file the plan writes for `target` ("" when it writes none).
std::string EtcFile(const LaunchPlan& plan, const std::string& target) {
  for (const auto& m : plan.mounts)
    if (m.type == MountType::kFile && m.target == target) return m.data;
  return "";
}

// Started by root, the jail's uid (1000 inside) is a host account's here:
// the jail's view names it "paddock" instead, keeps the other entries, and
// takes the shell from the invoker's entry.
TEST(PlanGolden, RootJailUserHasItsOwnName) {
  FakeHost h(0, "root", "/root");
  h.Repo("/srv/proj");
  h.host.etc_passwd =
      "root:x:0:0:root:/root:/bin/zsh\nalice:x:1000:1000::/home/alice:/bin/bash\n"
      "daemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n";
  h.host.etc_group = "root:x:0:\nalice:x:1000:\nadm:x:4:\n";
  auto plan = h.Plan({"--", "true"}, "/srv/proj");
  ASSERT_TRUE(plan);
  std::string passwd = EtcFile(*plan, "/etc/passwd"), group = EtcFile(*plan, "/etc/group");
  EXPECT_EQ(passwd,
            "root:x:0:0:root:/root:/bin/zsh\ndaemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n"
            "paddock:x:1000:1000:paddock jail user:/root:/bin/zsh\n");
  EXPECT_EQ(group, "root:x:0:\nadm:x:4:\npaddock:x:1000:\n");
}

// Rootless, the jail's user is the invoker under its own name: no rewrite.
TEST(PlanGolden, RootlessKeepsTheInvokersName) {
  FakeHost h = Rootless();
  auto plan = h.Plan({"--", "true"}, "/home/dev/proj");
  ASSERT_TRUE(plan);
  EXPECT_EQ(EtcFile(*plan, "/etc/passwd"), "");
}

TEST(PlanGolden, RootWithIdmap) {
  FakeHost h(0, "root", "/root");
  h.Repo("/srv/proj");
  h.host.cgroups.v2_parent = "/sys/fs/cgroup/paddock";
  golden::ExpectGolden("plan_root_idmap.json", h.PlanJson({"--", "make", "test"}, "/srv/proj"));
}

// A linked worktree: the project's .git is a pointer to the main checkout's
// git dir, whose back-pointer confirms it.
TEST(PlanGolden, WorktreeGitPointer) {
  FakeHost h(1000, "dev", "/home/dev");
  h.Repo("/home/dev/main");
  const std::string admin = "/home/dev/main/.git/worktrees/wt";
  h.fs.File(admin + "/gitdir", "/home/dev/wt/.git\n");
  h.fs.File(admin + "/commondir", "../..\n");
  h.fs.File(admin + "/HEAD", "ref: refs/heads/feature\n");
  h.fs.File("/home/dev/wt/.git", "gitdir: " + admin + "\n");
  h.fs.File("/home/dev/wt/README", "hi\n");
  golden::ExpectGolden("plan_worktree.json", h.PlanJson({"--", "git", "status"}, "/home/dev/wt"));
}

TEST(PlanGolden, DiffIsReadable) {
  std::string diff = golden::LineDiff("a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n", "a\nb\nc\nd\nE\nf\ng\nh\ni\nj\nk\n", 1);
  EXPECT_EQ(diff,
            "@@ golden line 4 @@\n"
            " d\n"
            "-e\n"
            "+E\n"
            " f\n"
            "@@ golden line 10 @@\n"
            " j\n"
            "+k\n"
            " \n");
}

}  // namespace
}  // namespace paddock::plan
