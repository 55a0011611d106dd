#include "policy/cli_options.h"

#include <gtest/gtest.h>

namespace paddock::policy {
namespace {

Result<ParsedRun> Parse(std::vector<std::string> args) {
  return ParseRunOptions("run", args, "/home/u/proj", "/home/u");
}

// A usage error or the first bad value: what the user reads first.
Result<ParsedRun> Checked(std::vector<std::string> args) {
  auto r = Parse(std::move(args));
  if (r.ok() && !r->problems.empty()) return r->problems.front();
  return r;
}

TEST(CliOptions, CommandAfterDoubleDashIsUntouched) {
  auto r = Parse({"--net", "host", "--", "bash", "-c", "--ro x"});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->policy.command, (std::vector<std::string>{"bash", "-c", "--ro x"}));
  EXPECT_EQ(r->policy.net, NetMode::kHost);
  EXPECT_EQ(r->policy.project_dir, "/home/u/proj");
}

TEST(CliOptions, CommandWithoutDoubleDashStartsAtFirstPositional) {
  auto r = Parse({"--tmp-noexec", "claude", "--dangerously-skip-permissions"});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->policy.command, (std::vector<std::string>{"claude", "--dangerously-skip-permissions"}));
  EXPECT_TRUE(r->policy.tmp_noexec);
}

TEST(CliOptions, PathsAreMadeAbsolute) {
  auto r = Parse({"--ro", "../data", "--rw", "/var/cache/x/", "--project", "sub"});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->policy.extra_paths[0].path, "/home/u/data");
  EXPECT_FALSE(r->policy.extra_paths[0].writable);
  EXPECT_EQ(r->policy.extra_paths[1].path, "/var/cache/x");
  EXPECT_TRUE(r->policy.extra_paths[1].writable);
  EXPECT_EQ(r->policy.project_dir, "/home/u/proj/sub");
}

TEST(CliOptions, SharesMustBeBelowTheHome) {
  auto r = Parse({"--share", "~/.claude", "--share-rw", ".config/x"});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->policy.home_shares[0].path, "/home/u/.claude");
  EXPECT_EQ(r->policy.home_shares[1].path, "/home/u/.config/x");
  EXPECT_TRUE(r->policy.home_shares[1].writable);
  EXPECT_FALSE(Checked({"--share", "/etc/passwd"}).ok());
  EXPECT_FALSE(Checked({"--share", "~"}).ok());
  EXPECT_FALSE(Checked({"--share", "~/../other"}).ok());
}

TEST(CliOptions, BadValuesAreClearErrors) {
  auto net = Checked({"--net", "wifi", "--", "true"});
  ASSERT_FALSE(net.ok());
  EXPECT_NE(net.error().message.find("--net"), std::string::npos);
  auto env = Checked({"--env", "1BAD=x"});
  ASSERT_FALSE(env.ok());
  EXPECT_NE(env.error().message.find("1BAD"), std::string::npos);
  auto degrade = Checked({"--degrade", "seccomp,bogus"});
  ASSERT_FALSE(degrade.ok());
  EXPECT_NE(degrade.error().message.find("bogus"), std::string::npos);
  EXPECT_FALSE(Checked({"--pids", "-1"}).ok());
  EXPECT_FALSE(Checked({"--pids", "ten"}).ok());
  EXPECT_FALSE(Checked({"--memory", "lots"}).ok());
  EXPECT_FALSE(Checked({"--no-such-option", "--", "true"}).ok());
}

TEST(CliOptions, EveryBadValueIsReportedAtOnce) {
  auto r = Parse({"--memory", "12q", "--cpus", "-1", "--pids", "ten", "--net", "wifi", "--degrade", "bogus", "--env",
                  "1BAD", "--pass-fd", "2", "--share", "/etc", "--", "true"});
  ASSERT_TRUE(r.ok()) << r.error().message;  // not a usage error: values
  std::string all;
  for (const auto& p : r->problems) {
    all += p.message + "\n";
    EXPECT_EQ(p.layer, "options") << p.message;
  }
  EXPECT_EQ(r->problems.size(), 8u) << all;
  for (const char* what : {"--memory", "--cpus", "--pids", "--net", "--degrade", "1BAD", "--pass-fd", "share /etc"})
    EXPECT_NE(all.find(what), std::string::npos) << what << " in\n" << all;
  EXPECT_TRUE(Parse({"--memory", "1g", "--", "true"})->problems.empty());
  EXPECT_EQ(Parse({"--pass-fd", "5", "--pass-fd", "7"})->policy.pass_fds, (std::vector<int>{5, 7}));
}

TEST(CliOptions, UsageErrorsAreErrorsNotProblems) {
  auto r = Parse({"--no-such-option", "--", "true"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "invalid option: unknown option '--no-such-option'");
  EXPECT_FALSE(Parse({"--memory"}).ok());  // a value is missing
}

TEST(CliOptions, LimitsAndDegradeParse) {
  auto r = Parse({"--memory", "2g", "--cpus", "1.5", "--pids", "100", "--timeout", "30s", "--tmp-size", "64m",
                  "--degrade", "landlock,cgroup"});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r->policy.limits.memory_bytes, 2ull << 30);
  EXPECT_DOUBLE_EQ(*r->policy.limits.cpus, 1.5);
  EXPECT_EQ(*r->policy.limits.pids, 100u);
  EXPECT_EQ(*r->policy.limits.timeout_ms, 30000u);
  EXPECT_EQ(r->policy.tmp_size_bytes, 64ull << 20);
  EXPECT_EQ(r->policy.degrade, (std::set<std::string>{"landlock", "cgroup"}));
}

TEST(CliOptions, HelpIsNotAnError) {
  auto r = Parse({"--help"});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->help);
  EXPECT_NE(r->help_text.find("--share"), std::string::npos);
}

TEST(CliOptions, AllowHostAloneMeansNetAllow) {
  auto r = Checked({"--allow-host", "api.example.com", "--allow-host", "github.com:22", "--", "true"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->policy.net, NetMode::kAllow);
  ASSERT_EQ(r->policy.network.allow.size(), 2u);
  EXPECT_EQ(r->policy.network.allow[0].ports, (std::vector<uint16_t>{80, 443}));
  EXPECT_EQ(r->policy.network.allow[1].ports, (std::vector<uint16_t>{22}));
}

TEST(CliOptions, AllowHostWithAnotherNetIsAContradiction) {
  for (const char* net : {"none", "host"}) {
    auto r = Parse({"--net", net, "--allow-host", "example.com", "--", "true"});
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->problems.size(), 1u) << net;
    EXPECT_NE(r->problems[0].message.find("need --net allow"), std::string::npos) << r->problems[0].message;
  }
}

// Config files come first: a later --net closes what an earlier layer allowed.
TEST(CliOptions, ALaterNetNoneOrHostWinsOverEarlierAllowHosts) {
  for (const char* net : {"none", "host"}) {
    auto r = Parse({"--allow-host", "example.com", "--resolve", "a.test=192.0.2.1", "--net", net, "--", "true"});
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r->problems.empty()) << r->problems[0].message;
    EXPECT_EQ(r->policy.net, std::string(net) == "none" ? NetMode::kNone : NetMode::kHost);
    EXPECT_TRUE(r->policy.network.allow.empty());
    EXPECT_TRUE(r->policy.network.pins.empty());
  }
  auto deny = Parse({"--net", "none", "--deny-host", "example.com", "--", "true"});
  ASSERT_TRUE(deny.ok());
  EXPECT_TRUE(deny->problems.empty());
  EXPECT_EQ(deny->policy.net, NetMode::kNone);
}

TEST(CliOptions, EveryBadNetworkValueIsReportedAtOnce) {
  auto r = Parse({"--net", "allow", "--allow-host", "*", "--deny-host", "a..b", "--resolve", "x.test", "--publish", "0",
                  "--publish", "80:70000", "--", "true"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->problems.size(), 5u);
}

TEST(CliOptions, PublishTakesTheJailPortAndAnOptionalHostPort) {
  auto r = Checked({"--publish", "5173", "--publish", "8000:18000", "--", "true"});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->policy.publish.size(), 2u);
  EXPECT_EQ(r->policy.publish[0].jail_port, 5173);
  EXPECT_EQ(r->policy.publish[0].host_port, 5173);
  EXPECT_EQ(r->policy.publish[1].jail_port, 8000);
  EXPECT_EQ(r->policy.publish[1].host_port, 18000);
  EXPECT_EQ(r->policy.net, NetMode::kNone);
  auto host = Parse({"--net", "host", "--publish", "80", "--", "true"});
  ASSERT_TRUE(host.ok());
  EXPECT_EQ(host->problems.size(), 1u);
}

}  // namespace
}  // namespace paddock::policy

namespace paddock::policy {
namespace {

TEST(CliOptions, ProtectTakesPathsOfTheRealHomeWithATilde) {
  auto r = Parse({"--protect", "~/.claude/settings.json", "--protect", "docs", "--unprotect", "~/.x", "--", "true"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->policy.protect, (std::vector<std::string>{"/home/u/.claude/settings.json", "docs"}));
  EXPECT_EQ(r->policy.unprotect, std::vector<std::string>{"/home/u/.x"});
}

TEST(CliOptions, AValueGivenTwiceTakesTheLastAndListsAddUp) {
  auto r = Parse({"--net", "allow", "--allow-host", "a.example", "--net", "host", "--memory", "1g", "--memory", "2g",
                  "--", "true"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->policy.net, NetMode::kHost);
  EXPECT_EQ(*r->policy.limits.memory_bytes, 2ull << 30);
  // The later --net wins over the earlier layer's hosts (a preset's or a
  // config file's allow-list, then the user's --net host).
  EXPECT_TRUE(r->problems.empty());
  EXPECT_TRUE(r->policy.network.allow.empty());
  auto shares = Parse({"--share-if-present", "~/.a", "--share-rw-if-present", "~/.b", "--", "true"});
  ASSERT_TRUE(shares.ok());
  ASSERT_EQ(shares->policy.home_shares.size(), 2u);
  EXPECT_TRUE(shares->policy.home_shares[0].if_present);
  EXPECT_FALSE(shares->policy.home_shares[0].writable);
  EXPECT_TRUE(shares->policy.home_shares[1].writable);
}

TEST(CliOptions, UpstreamsAreHttpsUrlsByName) {
  auto r = Parse({"--upstream", "anthropic=https://gw.corp:8443/anthropic", "--upstream", "x=http://a", "--upstream",
                  "=https://a", "--", "true"});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->policy.upstreams.size(), 1u);
  EXPECT_EQ(r->policy.upstreams[0].first, "anthropic");
  EXPECT_EQ(r->problems.size(), 2u);
}

}  // namespace
}  // namespace paddock::policy
