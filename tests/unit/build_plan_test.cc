#include "plan/build_plan.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "plan/plan_json.h"

namespace paddock::plan {
namespace {

HostFacts RootlessHost() {
  HostFacts h;
  h.uid = 1001;
  h.gid = 1001;
  h.user = "u";
  h.home = "/home/u";
  h.state_dir = "/home/u/.local/state/paddock";
  h.env = {{"PATH", "/usr/bin:/bin"}, {"TERM", "xterm"}, {"AWS_SECRET_ACCESS_KEY", "s"}, {"SHELL", "/bin/bash"}};
  for (const char* d : {"/usr", "/etc", "/opt", "/home/u/proj", "/home/u/proj/sub"})
    h.paths[d] = {PathKind::kDirectory, ""};
  h.paths["/bin"] = {PathKind::kSymlink, "usr/bin"};
  h.paths["/lib64"] = {PathKind::kSymlink, "usr/lib64"};
  h.paths["/etc/shadow"] = {PathKind::kFile, ""};
  h.paths["/bin/bash"] = {PathKind::kFile, ""};
  h.paths["/home/u/.claude.json"] = {PathKind::kFile, ""};
  h.etc_ssh_entries = {"ssh_host_ed25519_key", "ssh_host_ed25519_key.pub", "ssh_config"};
  h.landlock_abi = 7;
  return h;
}

policy::Policy ProjectPolicy() {
  policy::Policy p;
  p.project_dir = "/home/u/proj";
  p.command = {"claude"};
  return p;
}

const MountOp* Find(const LaunchPlan& plan, const std::string& target) {
  for (const auto& m : plan.mounts)
    if (m.target == target) return &m;
  return nullptr;
}

size_t IndexOf(const LaunchPlan& plan, const std::string& target) {
  for (size_t i = 0; i < plan.mounts.size(); ++i)
    if (plan.mounts[i].target == target) return i;
  return SIZE_MAX;
}

TEST(BuildPlan, RootlessKeepsIdsAndDeniesSetgroups) {
  auto plan = BuildPlan(ProjectPolicy(), RootlessHost());
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_EQ(plan->inside_uid, 1001u);
  EXPECT_EQ(plan->host_uid, 1001u);
  EXPECT_TRUE(plan->deny_setgroups);
  EXPECT_FALSE(plan->use_idmapped_mounts);
  ASSERT_EQ(plan->uid_map.size(), 1u);
  EXPECT_EQ(plan->uid_map[0].inside, 1001u);
  EXPECT_EQ(plan->uid_map[0].outside, 1001u);
}

TEST(BuildPlan, RootNeverRunsAsHostRoot) {
  HostFacts host = RootlessHost();
  host.uid = host.gid = 0;
  host.home = "/root";
  host.paths["/root/proj"] = {PathKind::kDirectory, ""};
  policy::Policy p = ProjectPolicy();
  p.project_dir = "/root/proj";
  auto plan = BuildPlan(p, host);
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_NE(plan->host_uid, 0u);
  EXPECT_NE(plan->inside_uid, 0u);
  EXPECT_TRUE(plan->use_idmapped_mounts);
  EXPECT_TRUE(plan->drop_groups);
  EXPECT_TRUE(Find(*plan, "/root/proj")->idmapped);
  EXPECT_TRUE(Find(*plan, "/root")->idmapped);  // the jail home
  EXPECT_FALSE(Find(*plan, "/usr")->idmapped);
}

// Root's jail sees the project as its own uid's while the index says root:
// git in the jail is told to compare times and sizes only, after any
// GIT_CONFIG_COUNT pairs the user passed; rootless runs see their own uid.
TEST(BuildPlan, GitInRootsJailIgnoresTheOwnerItSees) {
  auto entries = [](const LaunchPlan& plan) {
    std::vector<std::string> out;
    for (const auto& e : plan.env)
      if (e.starts_with("GIT_CONFIG_")) out.push_back(e);
    return out;
  };
  auto rootless = BuildPlan(ProjectPolicy(), RootlessHost());
  ASSERT_TRUE(rootless.ok());
  EXPECT_TRUE(entries(*rootless).empty());

  HostFacts host = RootlessHost();
  host.uid = host.gid = 0;
  host.home = "/root";
  host.idmapped_mounts = true;
  host.paths["/root/proj"] = {PathKind::kDirectory, ""};
  policy::Policy p = ProjectPolicy();
  p.project_dir = "/root/proj";
  auto root = BuildPlan(p, host);
  ASSERT_TRUE(root.ok()) << root.error().message;
  EXPECT_EQ(entries(*root), (std::vector<std::string>{"GIT_CONFIG_COUNT=1", "GIT_CONFIG_KEY_0=core.checkStat",
                                                      "GIT_CONFIG_VALUE_0=minimal"}));

  std::vector<std::string> env{"GIT_CONFIG_KEY_0=a.b", "GIT_CONFIG_VALUE_0=1", "GIT_CONFIG_KEY_1=c.d",
                               "GIT_CONFIG_VALUE_1=2", "GIT_CONFIG_COUNT=2"};
  AddGitStatEnv(*root, env);
  EXPECT_EQ(env, (std::vector<std::string>{"GIT_CONFIG_KEY_0=a.b", "GIT_CONFIG_VALUE_0=1", "GIT_CONFIG_KEY_1=c.d",
                                           "GIT_CONFIG_VALUE_1=2", "GIT_CONFIG_COUNT=3",
                                           "GIT_CONFIG_KEY_2=core.checkStat", "GIT_CONFIG_VALUE_2=minimal"}));
  std::vector<std::string> malformed{"GIT_CONFIG_COUNT=x"};
  AddGitStatEnv(*root, malformed);
  EXPECT_EQ(malformed, std::vector<std::string>{"GIT_CONFIG_COUNT=x"}) << "git refuses that count itself";
}

TEST(BuildPlan, RootWithoutIdmapRefusesUnlessAllowed) {
  HostFacts host = RootlessHost();
  host.uid = host.gid = 0;
  host.home = "/root";
  host.idmapped_mounts = false;
  auto refused = BuildPlan(ProjectPolicy(), host);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("--allow-host-root"), std::string::npos);
  policy::Policy p = ProjectPolicy();
  p.allow_host_root = true;
  auto allowed = BuildPlan(p, host);
  ASSERT_TRUE(allowed.ok());
  EXPECT_EQ(allowed->host_uid, 0u);
}

TEST(BuildPlan, SystemDirsReadOnlyAndMergedUsrAsSymlinks) {
  auto plan = BuildPlan(ProjectPolicy(), RootlessHost());
  ASSERT_TRUE(plan.ok());
  const MountOp* usr = Find(*plan, "/usr");
  ASSERT_NE(usr, nullptr);
  EXPECT_EQ(usr->type, MountType::kBind);
  EXPECT_TRUE(usr->read_only);
  const MountOp* bin = Find(*plan, "/bin");
  ASSERT_NE(bin, nullptr);
  EXPECT_EQ(bin->type, MountType::kSymlink);
  EXPECT_EQ(bin->source, "usr/bin");
  EXPECT_EQ(Find(*plan, "/sbin"), nullptr);  // absent on this host
}

// The terminal paddock runs on is in the host's devpts, which the jail does
// not see: bound as /dev/console, ttyname() in the jail names it.
TEST(BuildPlan, TheTerminalIsTheJailsConsole) {
  HostFacts host = RootlessHost();
  auto none = BuildPlan(ProjectPolicy(), host);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(Find(*none, "/dev/console"), nullptr);
  host.terminal = "/dev/pts/3";
  auto plan = BuildPlan(ProjectPolicy(), host);
  ASSERT_TRUE(plan.ok());
  const MountOp* console = Find(*plan, "/dev/console");
  ASSERT_NE(console, nullptr);
  EXPECT_EQ(console->type, MountType::kBind);
  EXPECT_EQ(console->source, "/dev/pts/3");
  EXPECT_FALSE(console->source_is_dir);
  EXPECT_FALSE(console->nodev);
  EXPECT_TRUE(console->noexec);
}

TEST(BuildPlan, HostStateIsAbsentNotMasked) {
  auto plan = BuildPlan(ProjectPolicy(), RootlessHost());
  ASSERT_TRUE(plan.ok());
  for (const auto& m : plan->mounts) {
    if (m.type != MountType::kBind || m.source_in_jail) continue;
    for (const char* hidden : {"/home/u/.ssh", "/var/lib", "/run/user", "/srv", "/mnt", "/media", "/root"})
      EXPECT_FALSE(m.source == hidden) << hidden;
    EXPECT_NE(m.source, "/");
    EXPECT_NE(m.source, "/home/u");
  }
}

TEST(BuildPlan, SecretsAreMasked) {
  auto plan = BuildPlan(ProjectPolicy(), RootlessHost());
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(Find(*plan, "/etc/shadow")->type, MountType::kMaskFile);
  EXPECT_EQ(Find(*plan, "/etc/ssh/ssh_host_ed25519_key")->type, MountType::kMaskFile);
  EXPECT_EQ(Find(*plan, "/etc/ssh/ssh_config"), nullptr);
  EXPECT_EQ(Find(*plan, "/proc/kcore")->type, MountType::kMaskFile);
  const MountOp* sys = Find(*plan, "/proc/sys");
  ASSERT_NE(sys, nullptr);
  EXPECT_TRUE(sys->read_only);
  EXPECT_TRUE(sys->source_in_jail);
}

TEST(BuildPlan, JailHomeAtRealHomeThenProjectBelowIt) {
  auto plan = BuildPlan(ProjectPolicy(), RootlessHost());
  ASSERT_TRUE(plan.ok());
  const MountOp* home = Find(*plan, "/home/u");
  ASSERT_NE(home, nullptr);
  EXPECT_EQ(home->source, plan->jail_home_host);
  EXPECT_FALSE(home->read_only);
  EXPECT_TRUE(home->source.rfind("/home/u/.local/state/paddock/homes/proj-", 0) == 0) << home->source;
  const MountOp* project = Find(*plan, "/home/u/proj");
  ASSERT_NE(project, nullptr);
  EXPECT_FALSE(project->read_only);
  EXPECT_LT(IndexOf(*plan, "/home/u"), IndexOf(*plan, "/home/u/proj"));
}

TEST(BuildPlan, TmpIsSizeCappedAndOptionallyNoexec) {
  policy::Policy p = ProjectPolicy();
  p.tmp_size_bytes = 64 << 20;
  p.tmp_noexec = true;
  auto plan = BuildPlan(p, RootlessHost());
  ASSERT_TRUE(plan.ok());
  const MountOp* tmp = Find(*plan, "/tmp");
  ASSERT_NE(tmp, nullptr);
  EXPECT_EQ(tmp->type, MountType::kTmpfs);
  EXPECT_NE(tmp->data.find("size=67108864"), std::string::npos);
  EXPECT_TRUE(tmp->noexec && tmp->nosuid && tmp->nodev);
}

TEST(BuildPlan, VarTmpIsADirectoryBoundFromTheJailsTmp) {
  auto plan = BuildPlan(ProjectPolicy(), RootlessHost());
  ASSERT_TRUE(plan.ok());
  const MountOp* var_tmp = Find(*plan, "/var/tmp");
  ASSERT_NE(var_tmp, nullptr);
  EXPECT_EQ(var_tmp->type, MountType::kBind);
  EXPECT_TRUE(var_tmp->source_in_jail);
  EXPECT_EQ(var_tmp->source, "/tmp");
  EXPECT_LT(IndexOf(*plan, "/tmp"), IndexOf(*plan, "/var/tmp"));
}

TEST(BuildPlan, NetworkNoneUnsharesNetHostDoesNot) {
  auto none = BuildPlan(ProjectPolicy(), RootlessHost());
  EXPECT_TRUE(none->namespaces.net);
  policy::Policy p = ProjectPolicy();
  p.net = policy::NetMode::kHost;
  auto host = BuildPlan(p, RootlessHost());
  EXPECT_FALSE(host->namespaces.net);
}

TEST(BuildPlan, EnvironmentIsScrubbedAndHomeIsTheJailHomePath) {
  auto plan = BuildPlan(ProjectPolicy(), RootlessHost());
  ASSERT_TRUE(plan.ok());
  auto has = [&](const std::string& entry) {
    return std::find(plan->env.begin(), plan->env.end(), entry) != plan->env.end();
  };
  EXPECT_TRUE(has("HOME=/home/u"));
  EXPECT_TRUE(has("TERM=xterm"));
  for (const auto& e : plan->env) EXPECT_EQ(e.find("AWS_SECRET_ACCESS_KEY"), std::string::npos);
}

TEST(BuildPlan, RefusesRootAndHomeAsProject) {
  for (const char* dir : {"/", "/home/u", "/home"}) {
    policy::Policy p = ProjectPolicy();
    p.project_dir = dir;
    HostFacts host = RootlessHost();
    host.paths[dir] = {PathKind::kDirectory, ""};
    EXPECT_FALSE(BuildPlan(p, host).ok()) << dir;
  }
}

TEST(BuildPlan, MissingGrantIsAClearError) {
  policy::Policy p = ProjectPolicy();
  p.extra_paths.push_back({"/data/nope", false});
  auto plan = BuildPlan(p, RootlessHost());
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.error().message, "cannot grant read-only /data/nope: No such file or directory");
}

TEST(BuildPlan, ShareMountsOneFileOfTheRealHome) {
  policy::Policy p = ProjectPolicy();
  p.home_shares.push_back({"/home/u/.claude.json", false});
  auto plan = BuildPlan(p, RootlessHost());
  ASSERT_TRUE(plan.ok());
  const MountOp* share = Find(*plan, "/home/u/.claude.json");
  ASSERT_NE(share, nullptr);
  EXPECT_TRUE(share->read_only);
  EXPECT_FALSE(share->source_is_dir);
  EXPECT_LT(IndexOf(*plan, "/home/u"), IndexOf(*plan, "/home/u/.claude.json"));
}

TEST(BuildPlan, DefaultCommandIsTheUsersShell) {
  policy::Policy p = ProjectPolicy();
  p.command.clear();
  auto plan = BuildPlan(p, RootlessHost());
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->argv, std::vector<std::string>{"/bin/bash"});
}

TEST(BuildPlan, JailHomeNameIsStablePerProjectAndSafe) {
  EXPECT_EQ(JailHomeFor("/s", "/a/proj"), JailHomeFor("/s", "/a/proj"));
  EXPECT_NE(JailHomeFor("/s", "/a/proj"), JailHomeFor("/s", "/b/proj"));
  EXPECT_EQ(JailHomeFor("/s", "/a/x y").find(' '), std::string::npos);
  EXPECT_EQ(JailHomeFor("/s", "/a/..").find("/.."), std::string::npos);
}

TEST(BuildPlan, HostPathsToProbeCoverWhatThePlanReads) {
  policy::Policy p = ProjectPolicy();
  p.extra_paths.push_back({"/data/x", false});
  p.home_shares.push_back({"/home/u/.claude.json", false});
  auto paths = HostPathsToProbe(p, {{"SHELL", "/usr/bin/zsh"}});
  for (const char* want : {"/usr", "/bin", "/lib64", "/etc", "/etc/shadow", "/etc/sudoers.d", "/etc/resolv.conf",
                           "/bin/bash", "/home/u/proj", "/data/x", "/home/u/.claude.json", "/usr/bin/zsh"})
    EXPECT_NE(std::find(paths.begin(), paths.end(), want), paths.end()) << want;
}

TEST(BuildPlan, TheJailSeesItsOwnCgroupReadOnlyWhereOneIsUsed) {
  HostFacts host = RootlessHost();
  host.cgroups.v2_parent = "/sys/fs/cgroup/user.slice/user-1001.slice/user@1001.service/app.slice";
  host.cgroups.v2_controllers = {"memory", "pids"};
  auto plan = BuildPlan(ProjectPolicy(), host);
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  ASSERT_EQ(plan->limits.cgroup, CgroupMode::kV2);
  const MountOp* view = Find(*plan, "/sys/fs/cgroup");
  ASSERT_NE(view, nullptr);
  EXPECT_EQ(view->type, MountType::kCgroupView);
  EXPECT_TRUE(view->read_only && view->nosuid && view->nodev && view->noexec);
  EXPECT_TRUE(view->source.empty());  // the run's leaves, never a host path from the plan
  EXPECT_GT(IndexOf(*plan, "/sys/fs/cgroup"), IndexOf(*plan, "/sys"));  // inside the /sys tmpfs
  // Landlock: read, never write, beneath it (and under /sys).
  for (const auto& r : plan->landlock.rules)
    if (r.path == "/sys/fs/cgroup" || r.path == "/sys") EXPECT_FALSE(r.write) << r.path;
  EXPECT_NE(PlanToJson(*plan).dump().find("\"cgroup-view\""), std::string::npos);

  // No cgroup (rlimits), or no cgroup namespace to root it in: nothing shown.
  auto none = BuildPlan(ProjectPolicy(), RootlessHost());
  ASSERT_TRUE(none.ok());
  ASSERT_EQ(none->limits.cgroup, CgroupMode::kNone);
  EXPECT_EQ(Find(*none, "/sys/fs/cgroup"), nullptr);
}

TEST(JailHostsFile, TheJailsNameReplacesTheHostsAndTheRestStays) {
  std::string host =
      "127.0.0.1\tlocalhost\n"
      "127.0.1.1\tVM.example.org vm\n"  // the host's name, any case, and its domain form: gone
      "10.0.0.5 db vm vmware  # lab\n"  // other names on the line stay, "vmware" is not "vm"
      "# a comment naming vm\n"
      "\n"
      "::1 localhost ip6-localhost";  // no final newline
  EXPECT_EQ(JailHostsFile(host, "vm", "paddock"),
            "127.0.0.1\tlocalhost\n"
            "10.0.0.5\tdb\tvmware\n"
            "# a comment naming vm\n"
            "\n"
            "::1 localhost ip6-localhost\n"
            "127.0.1.1\tpaddock\n");
  EXPECT_EQ(JailHostsFile("", "", "paddock"), "127.0.1.1\tpaddock\n");
  EXPECT_EQ(JailHostsFile("127.0.0.1 localhost\n", "", "j"), "127.0.0.1 localhost\n127.0.1.1\tj\n");
}

TEST(BuildPlan, EtcHostnameAndHostsNameTheJailOverRegularFilesOnly) {
  HostFacts host = RootlessHost();
  host.paths["/etc/hostname"] = {PathKind::kFile, ""};
  host.paths["/etc/hosts"] = {PathKind::kFile, ""};
  host.host_name = "laptop";
  host.etc_hosts = "127.0.0.1 localhost\n127.0.1.1 laptop\n";
  auto plan = BuildPlan(ProjectPolicy(), host);
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  const MountOp* name = Find(*plan, "/etc/hostname");
  const MountOp* hosts = Find(*plan, "/etc/hosts");
  ASSERT_TRUE(name && hosts);
  EXPECT_EQ(name->type, MountType::kFile);
  EXPECT_EQ(name->data, plan->hostname + "\n");
  EXPECT_TRUE(name->read_only && hosts->read_only);
  EXPECT_EQ(hosts->data, "127.0.0.1 localhost\n127.0.1.1\t" + plan->hostname + "\n");
  EXPECT_GT(IndexOf(*plan, "/etc/hosts"), IndexOf(*plan, "/etc"));

  // A symlinked /etc/hosts (NixOS) or a missing /etc/hostname: left alone.
  host.paths["/etc/hosts"] = {PathKind::kSymlink, "static/hosts"};
  host.paths.erase("/etc/hostname");
  auto left = BuildPlan(ProjectPolicy(), host);
  ASSERT_TRUE(left.ok());
  EXPECT_EQ(Find(*left, "/etc/hosts"), nullptr);
  EXPECT_EQ(Find(*left, "/etc/hostname"), nullptr);
}

TEST(PlanJson, ListsMountsInOrderWithFlags) {
  auto plan = BuildPlan(ProjectPolicy(), RootlessHost());
  ASSERT_TRUE(plan.ok());
  auto j = PlanToJson(*plan);
  ASSERT_TRUE(j["mounts"].is_array());
  EXPECT_EQ(j["mounts"].size(), plan->mounts.size());
  EXPECT_EQ(j["mounts"][0]["target"], plan->mounts[0].target);
  EXPECT_EQ(j["namespaces"].size(), 7u);
  EXPECT_EQ(j["uid_map"][0]["inside"], 1001);
}

}  // namespace
}  // namespace paddock::plan

namespace paddock::plan {
namespace {

TEST(BuildPlan, ClaudeManagedSettingsComeThroughAReadOnlyEtcOverlay) {
  auto policy = ProjectPolicy();
  policy.etc_files = {{"claude-code/managed-settings.d/50-paddock.json", "{\"sandbox\": {\"enabled\": false}}\n"}};
  policy.show_self = true;
  auto host = RootlessHost();
  host.self_exe = "/home/u/bin/paddock";
  auto plan = BuildPlan(policy, host);
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  const MountOp* etc = Find(*plan, "/etc");
  ASSERT_NE(etc, nullptr);
  EXPECT_EQ(etc->type, MountType::kOverlay);
  EXPECT_TRUE(etc->read_only);
  EXPECT_EQ(etc->source, "/etc");
  ASSERT_EQ(etc->files.size(), 1u);
  EXPECT_EQ(etc->files[0].path, "claude-code/managed-settings.d/50-paddock.json");
  EXPECT_EQ(etc->files[0].content, policy.etc_files[0].second);
  // The hook those settings register is this binary: shown read-only.
  const MountOp* self = Find(*plan, "/home/u/bin/paddock");
  ASSERT_NE(self, nullptr);
  EXPECT_TRUE(self->read_only);
  EXPECT_FALSE(self->source_is_dir);
  // /etc's secrets are still masked above the overlay.
  EXPECT_LT(IndexOf(*plan, "/etc"), IndexOf(*plan, "/etc/shadow"));
}

TEST(BuildPlan, TheHookBinaryBesidePaddockIsShownWithIt) {
  auto policy = ProjectPolicy();
  policy.show_self = true;
  auto host = RootlessHost();
  host.self_exe = "/home/u/bin/paddock";
  host.hook_exe = "/home/u/bin/paddock-hook";
  auto plan = BuildPlan(policy, host);
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  for (const char* exe : {"/home/u/bin/paddock", "/home/u/bin/paddock-hook"}) {
    const MountOp* op = Find(*plan, exe);
    ASSERT_NE(op, nullptr) << exe;
    EXPECT_TRUE(op->read_only) << exe;
    EXPECT_FALSE(op->source_is_dir) << exe;
  }
  // Without a preset that registers the hook, neither is shown.
  policy.show_self = false;
  plan = BuildPlan(policy, host);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(Find(*plan, "/home/u/bin/paddock-hook"), nullptr);
  EXPECT_EQ(Find(*plan, "/home/u/bin/paddock"), nullptr);
}

TEST(BuildPlan, WithoutManagedSettingsEtcIsAPlainBind) {
  auto plan = BuildPlan(ProjectPolicy(), RootlessHost());
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(Find(*plan, "/etc")->type, MountType::kBind);
}

TEST(BuildPlan, ForwardedCredentialsGiveTheJailAPlaceholderAndALoopbackUrl) {
  auto policy = ProjectPolicy();
  policy.net = policy::NetMode::kAllow;
  policy::CredentialForward f;
  f.name = "anthropic";
  f.key_env = "ANTHROPIC_API_KEY";
  f.header = "x-api-key";
  f.value = "{key}";
  f.upstream = *net::ParseUpstreamUrl("https://api.anthropic.com");
  f.base_url_env = "ANTHROPIC_BASE_URL";
  f.placeholder = "sk-placeholder";
  policy.forwards = {f};
  policy.env_pass = {"ANTHROPIC_API_KEY"};  // even asked for by name, the key stays out
  auto host = RootlessHost();
  host.env["ANTHROPIC_API_KEY"] = "sk-real";
  auto plan = BuildPlan(policy, host);
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  ASSERT_EQ(plan->network.forwards.size(), 1u);
  uint16_t port = plan->network.forwards[0].port;
  EXPECT_NE(port, plan->network.proxy_port);
  auto has = [&](const std::string& entry) {
    return std::find(plan->env.begin(), plan->env.end(), entry) != plan->env.end();
  };
  EXPECT_TRUE(has("ANTHROPIC_API_KEY=sk-placeholder"));
  EXPECT_TRUE(has("ANTHROPIC_BASE_URL=http://127.0.0.1:" + std::to_string(port)));
  EXPECT_EQ(PlanToJson(*plan).dump().find("sk-real"), std::string::npos);
}

TEST(BuildPlan, AForwardersUrlInTheCommandIsFilledInWithItsPort) {
  auto policy = ProjectPolicy();
  policy.net = policy::NetMode::kAllow;
  policy::CredentialForward f;
  f.name = "openai";
  f.key_env = "OPENAI_API_KEY";
  f.upstream = *net::ParseUpstreamUrl("https://api.openai.com/v1");
  f.base_url_env = "OPENAI_BASE_URL";
  policy.forwards = {f};
  policy.command = {"codex", "-c", "openai_base_url=\"" + policy::ForwardUrlToken("openai") + "\"", "exec"};
  auto plan = BuildPlan(policy, RootlessHost());
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  std::string url = "http://127.0.0.1:" + std::to_string(plan->network.forwards[0].port);
  EXPECT_EQ(plan->argv[2], "openai_base_url=\"" + url + "\"");
}

// A paddock run from a build directory inside the project it jails: the
// command could replace that binary, which the user starts unjailed next.
TEST(BuildPlan, WarnsWhenItsOwnBinaryIsInsideTheProject) {
  auto warned = [](const LaunchPlan& plan) {
    return std::any_of(plan.hardening_warnings.begin(), plan.hardening_warnings.end(), [](const std::string& w) {
      return w.find("paddock's own binary /home/u/proj/build/paddock") != std::string::npos &&
             w.find("inside the project") != std::string::npos;
    });
  };
  HostFacts host = RootlessHost();
  host.self_exe = "/home/u/proj/build/paddock";
  auto inside = BuildPlan(ProjectPolicy(), host);
  ASSERT_TRUE(inside) << inside.error().message;
  EXPECT_TRUE(warned(*inside));
  // The binaries beside it are named too: pid 1 execs paddock-init.
  host.hook_exe = "/home/u/proj/build/paddock-hook";
  host.init_exe = "/home/u/proj/build/paddock-init";
  auto both = BuildPlan(ProjectPolicy(), host);
  ASSERT_TRUE(both) << both.error().message;
  EXPECT_TRUE(std::any_of(both->hardening_warnings.begin(), both->hardening_warnings.end(), [](const std::string& w) {
    return w.find("(and paddock-hook, paddock-init beside it)") != std::string::npos;
  }));
  host.hook_exe = host.init_exe = "";
  host.self_exe = "/home/u/proj-tools/paddock";  // a sibling with the project's name as a prefix
  auto outside = BuildPlan(ProjectPolicy(), host);
  ASSERT_TRUE(outside) << outside.error().message;
  EXPECT_TRUE(outside->hardening_warnings.empty()) << outside->hardening_warnings.front();
}

}  // namespace
}  // namespace paddock::plan
