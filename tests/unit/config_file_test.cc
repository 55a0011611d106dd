#include "config/config_file.h"

#include <gtest/gtest.h>

#include <map>

#include "config/profile.h"
#include "config/tighten.h"
#include "policy/cli_options.h"
#include "policy/policy.h"

namespace paddock::config {
namespace {

const std::string kHome = "/home/u", kProject = "/home/u/proj";

policy::ParsedRun Parse(const std::vector<std::string>& words) {
  auto parsed = policy::ParseRunOptions("run", words, kProject, kHome);
  EXPECT_TRUE(parsed.ok()) << parsed.error().message;
  if (!parsed) return {};
  for (const auto& p : parsed->problems) ADD_FAILURE() << p.message;
  return std::move(*parsed);
}

ConfigFile ParseOk(const std::string& text, ConfigKind kind = ConfigKind::kProject) {
  Problems problems;
  auto file = ParseConfigFile(text, "/home/u/proj/.paddock.toml", kind, problems);
  for (const auto& p : problems) ADD_FAILURE() << p.message;
  return file;
}

Problems ParseBad(const std::string& text, ConfigKind kind = ConfigKind::kProject) {
  Problems problems;
  (void)ParseConfigFile(text, "f.toml", kind, problems);
  EXPECT_FALSE(problems.empty());
  return problems;
}

TEST(ConfigFile, KeysAreRunOptionsAsCommandLineWords) {
  auto file = ParseOk(
      "net = \"allow\"\n"
      "allow-host = [\"a.example\", \"b.example:22\"]\n"
      "memory = \"2g\"\n"
      "pids = 100\n"
      "cpus = 1.5\n"
      "tmp-noexec = true\n"
      "stats = false\n"
      "profile = \"strict\"\n");
  EXPECT_EQ(file.profile, "strict");
  EXPECT_EQ(file.profile_where, "/home/u/proj/.paddock.toml:8:11");
  auto words = file.Words();
  auto p = Parse(words);
  EXPECT_EQ(p.policy.net, policy::NetMode::kAllow);
  EXPECT_EQ(p.policy.network.allow.size(), 2u);
  EXPECT_EQ(p.policy.limits.memory_bytes, 2ull << 30);
  EXPECT_EQ(p.policy.limits.pids, 100u);
  EXPECT_DOUBLE_EQ(*p.policy.limits.cpus, 1.5);
  EXPECT_TRUE(p.policy.tmp_noexec);
  EXPECT_FALSE(p.policy.stats);
}

// Every option of `paddock run` has a key, and a key means what its flag does.
TEST(ConfigFile, EveryRunOptionRoundTrips) {
  std::map<std::string, std::string> sample = {
      {"project", "\"/home/u/proj\""},
      {"ro", "[\"/opt/x\"]"},
      {"rw", "[\"/srv/x\"]"},
      {"share", "[\"~/.gitconfig\"]"},
      {"share-rw", "[\"~/.cache\"]"},
      {"share-if-present", "[\"~/.a\"]"},
      {"share-rw-if-present", "[\"~/.b\"]"},
      {"env", "[\"A=1\", \"TERM\"]"},
      {"net", "\"allow\""},
      {"allow-host", "[\"a.example\"]"},
      {"deny-host", "[\"b.example\"]"},
      {"publish", "[\"3000:8080\"]"},
      {"resolve", "[\"a.example=192.0.2.1\"]"},
      {"tmp-size", "\"64m\""},
      {"tmp-noexec", "true"},
      {"overlay", "true"},
      {"overlay-on", "\"20261203\""},
      {"allow-host-root", "true"},
      {"pass-fd", "[5]"},
      {"memory", "\"1g\""},
      {"cpus", "0.5"},
      {"pids", "64"},
      {"timeout", "\"30m\""},
      {"degrade", "[\"cgroup\"]"},
      {"protect", "[\"build.sh\"]"},
      {"protect-if-present", "[\"~/.claude/local\"]"},
      {"protect-branch", "[\"release/*\"]"},
      {"unprotect", "[\".vscode\"]"},
      {"seccomp-profile", "\"/etc/s.json\""},
      {"allow-debug", "true"},
      {"stats", "true"},
      {"audit-log", "\"/var/log/p.log\""},
      {"preset", "\"claude\""},
      {"upstream", "[\"anthropic=https://gw.example\"]"},
      {"ca-file", "\"/etc/ca.pem\""},
      {"profile", "\"strict\""},
      {"quiet", "true"},
      {"verbose", "true"},
  };
  for (const auto& name : policy::RunOptionNames()) {
    ASSERT_TRUE(sample.count(name)) << "no sample value for run option --" << name;
    if (name == "profile") continue;  // selects the profile layer (below)
    auto file = ParseOk(name + " = " + sample[name] + "\n");
    ASSERT_EQ(file.options.size(), 1u) << name;
    EXPECT_EQ(file.options[0].key, name);
    EXPECT_EQ(file.options[0].where, "/home/u/proj/.paddock.toml:1:" + std::to_string(name.size() + 4));
    auto words = file.Words();
    ASSERT_FALSE(words.empty()) << name;
    EXPECT_EQ(words[0], "--" + name);
    auto parsed = policy::ParseRunOptions("run", words, kProject, kHome);
    ASSERT_TRUE(parsed.ok()) << name << ": " << parsed.error().message;
    EXPECT_TRUE(parsed->problems.empty()) << name << ": " << parsed->problems.front().message;
  }
}

// The Policy a key gives is the Policy its flag gives, typed by hand (paths
// relative to the project, as a project file means them), and not the
// Policy of no option at all: a key that parsed but did nothing would fail.
TEST(ConfigFile, EveryKeyGivesThePolicyOfItsFlag) {
  struct Sample {
    std::string toml;
    std::vector<std::string> flags;
  };
  const std::map<std::string, Sample> samples = {
      {"project", {"\"sub\"", {"--project", "/home/u/proj/sub"}}},
      {"ro", {"[\"tools\", \"/opt/x\"]", {"--ro", "/home/u/proj/tools", "--ro=/opt/x"}}},
      {"rw", {"[\"/srv/x\"]", {"--rw", "/srv/x"}}},
      {"share", {"[\"~/.gitconfig\"]", {"--share", "~/.gitconfig"}}},
      {"share-rw", {"[\".cache\"]", {"--share-rw", ".cache"}}},
      {"share-if-present", {"[\"~/.a\"]", {"--share-if-present", "~/.a"}}},
      {"share-rw-if-present", {"[\"~/.b\"]", {"--share-rw-if-present", "~/.b"}}},
      {"env", {"[\"A=1\", \"TERM\"]", {"--env", "A=1", "--env", "TERM"}}},
      {"net", {"\"host\"", {"--net", "host"}}},
      {"allow-host",
       {"[\"a.example\", \"*.b.example:22\"]", {"--allow-host", "a.example", "--allow-host", "*.b.example:22"}}},
      {"deny-host", {"[\"b.example\"]", {"--deny-host", "b.example"}}},
      {"publish", {"[\"3000:8080\", 5173]", {"--publish", "3000:8080", "--publish", "5173"}}},
      {"resolve", {"[\"a.example=192.0.2.1\"]", {"--resolve", "a.example=192.0.2.1"}}},
      {"tmp-size", {"\"64m\"", {"--tmp-size", "64m"}}},
      {"tmp-noexec", {"true", {"--tmp-noexec"}}},
      {"overlay", {"true", {"--overlay"}}},
      {"overlay-on", {"\"20261203\"", {"--overlay-on", "20261203"}}},
      {"allow-host-root", {"true", {"--allow-host-root"}}},
      {"pass-fd", {"[5, 6]", {"--pass-fd", "5", "--pass-fd", "6"}}},
      {"memory", {"\"1g\"", {"--memory", "1024m"}}},
      {"cpus", {"0.5", {"--cpus", "0.5"}}},
      {"pids", {"64", {"--pids", "64"}}},
      {"timeout", {"\"30m\"", {"--timeout", "1800s"}}},
      {"degrade", {"[\"cgroup\", \"landlock\"]", {"--degrade", "cgroup,landlock"}}},
      {"protect-branch", {"[\"main\"]", {"--protect-branch", "main"}}},
      {"protect", {"[\"build.sh\"]", {"--protect", "build.sh"}}},
      {"protect-if-present", {"[\"tools/x\"]", {"--protect-if-present", "tools/x"}}},
      {"unprotect", {"[\".vscode\"]", {"--unprotect", ".vscode"}}},
      {"seccomp-profile", {"\"conf/s.json\"", {"--seccomp-profile", "/home/u/proj/conf/s.json"}}},
      {"allow-debug", {"true", {"--allow-debug"}}},
      {"stats", {"true", {"--stats"}}},
      {"audit-log", {"\"/var/log/p.log\"", {"--audit-log", "/var/log/p.log"}}},
      {"preset", {"\"claude\"", {"--preset", "claude"}}},
      {"upstream", {"[\"anthropic=https://gw.example/v1\"]", {"--upstream", "anthropic=https://gw.example/v1"}}},
      {"ca-file", {"\"/etc/ca.pem\"", {"--ca-file", "/etc/ca.pem"}}},
      {"profile", {"\"strict\"", {"--profile", "strict"}}},
      {"quiet", {"true", {"--quiet"}}},
      {"verbose", {"true", {"-v"}}},
  };
  auto policy_of = [](const std::vector<std::string>& words) {
    auto parsed = policy::ParseRunOptions("run", words, kProject, kHome);
    EXPECT_TRUE(parsed.ok()) << parsed.error().message;
    if (parsed.ok())
      for (const auto& p : parsed->problems) ADD_FAILURE() << p.message;
    return parsed.ok() ? parsed->policy : policy::Policy{};
  };
  const policy::Policy none = policy_of({});
  for (const auto& name : policy::RunOptionNames()) {
    ASSERT_TRUE(samples.count(name)) << "no sample for run option --" << name;
    const Sample& sample = samples.at(name);
    auto file = ParseOk(name + " = " + sample.toml + "\n");
    ResolvePaths(file, kProject, kHome);
    SCOPED_TRACE(name);
    // `profile` selects a layer rather than giving words; the run options
    // still take --profile to record which profile the options came from.
    auto words = name == "profile" ? std::vector<std::string>{"--profile", file.profile} : file.Words();
    policy::Policy from_file = policy_of(words), from_flags = policy_of(sample.flags);
    EXPECT_TRUE(from_file == from_flags);
    EXPECT_FALSE(from_file == none);
  }
}

TEST(ConfigFile, EveryProblemAtOnceWithPositionAndKey) {
  auto problems = ParseBad(
      "net = \"allow\"\n"
      "alow-host = [\"a.example\"]\n"
      "memory = { size = 1 }\n"
      "env = [\"A\", { x = 1 }]\n"
      "description = \"x\"\n"
      "help = true\n");
  ASSERT_EQ(problems.size(), 5u);
  // The keys that were fine are still read, so their values can be checked too.
  Problems more;
  EXPECT_EQ(ParseConfigFile("net = \"allow\"\nalow-host = 1\n", "f.toml", ConfigKind::kUser, more).options.size(), 1u);
  std::string all;
  for (const auto& p : problems) all += p.message + "\n";
  EXPECT_NE(all.find("f.toml:2:1: alow-host: not an option of `paddock run`"), std::string::npos) << all;
  EXPECT_NE(all.find("f.toml:3:10: memory: not a table"), std::string::npos) << all;
  EXPECT_NE(all.find("f.toml:4:7: env: a list may hold only strings and numbers"), std::string::npos) << all;
  EXPECT_NE(all.find("f.toml:5:15: description: only a built-in profile"), std::string::npos) << all;
  EXPECT_NE(all.find("f.toml:6:1: help: not an option of `paddock run`"), std::string::npos) << all;
}

TEST(ConfigFile, SyntaxErrorHasAPosition) {
  auto problems = ParseBad("net = \"allow\"\nmemory = 2g\n");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].message.rfind("f.toml:2:", 0), 0u) << problems[0].message;
}

TEST(ConfigFile, ProfilesNeitherNameProfilesNorPresets) {
  auto problems = ParseBad("description = \"d\"\nprofile = \"default\"\npreset = \"claude\"\n", ConfigKind::kProfile);
  EXPECT_EQ(problems.size(), 2u);
  EXPECT_EQ(ParseBad("net = \"none\"\n", ConfigKind::kProfile).at(0).message, "f.toml:1:1: description: missing");
}

TEST(ConfigFile, PathsAreRelativeToTheirFileNotToTheShell) {
  auto file = ParseOk("ro = [\"lib\", \"~/tools\", \"/opt\"]\nprotect = [\"build.sh\"]\n");
  ResolvePaths(file, kProject, kHome);
  auto p = Parse(file.Words());
  ASSERT_EQ(p.policy.extra_paths.size(), 3u);
  EXPECT_EQ(p.policy.extra_paths[0].path, "/home/u/proj/lib");
  EXPECT_EQ(p.policy.extra_paths[1].path, "/home/u/tools");
  EXPECT_EQ(p.policy.extra_paths[2].path, "/opt");
  EXPECT_EQ(p.policy.protect, std::vector<std::string>{"build.sh"});
}

TEST(Profiles, BuiltInsParseAndValidate) {
  EXPECT_EQ(ProfileNames(), (std::vector<std::string>{"default", "offline", "strict"}));
  for (const auto& name : ProfileNames()) {
    auto profile = FindProfile(name);
    ASSERT_TRUE(profile.ok()) << name << ": " << profile.error().message;
    EXPECT_FALSE(profile->description.empty());
    Parse(profile->Words());
  }
  EXPECT_NE(FindProfile("lax").error().message.find("profiles: default, offline, strict"), std::string::npos);
}

TEST(Profiles, DefaultIsTheBuiltInBehaviourAndStrictIsTighter) {
  auto none = Parse({});
  auto def = Parse(FindProfile("default")->Words());
  EXPECT_EQ(def.policy.net, none.policy.net);
  EXPECT_EQ(def.policy.tmp_size_bytes, none.policy.tmp_size_bytes);
  EXPECT_FALSE(def.policy.limits.memory_bytes.has_value());
  // A profile applied as an untrusted project file would be: nothing loosens.
  LimitDefaults defaults{12ull << 30, 4096};
  for (const auto& name : ProfileNames()) {
    auto profile = *FindProfile(name);
    auto with = Parse(profile.Words());
    EXPECT_TRUE(Loosenings(profile, none.policy, with.policy, defaults).empty()) << name;
  }
  auto strict = Parse(FindProfile("strict")->Words());
  EXPECT_TRUE(strict.policy.tmp_noexec);
  EXPECT_LT(strict.policy.tmp_size_bytes, none.policy.tmp_size_bytes);
  EXPECT_LT(*strict.policy.limits.pids, defaults.pids);
}

// The project file alone, above `base_words`: what loosens.
std::vector<std::string> Loosening(const std::vector<std::string>& base_words, const std::string& project_text) {
  auto project = ParseOk(project_text);
  auto base = Parse(base_words);
  auto with_words = base_words;
  auto words = project.Words();
  with_words.insert(with_words.end(), words.begin(), words.end());
  auto with = Parse(with_words);
  std::vector<std::string> out;
  for (const auto& p : Loosenings(project, base.policy, with.policy, {8ull << 30, 4096})) out.push_back(p.message);
  return out;
}

TEST(Tighten, ProjectMayTighten) {
  EXPECT_TRUE(Loosening({},
                        "net = \"none\"\nprotect = [\"x\"]\ndeny-host = [\"a.example\"]\ntmp-noexec = true\n"
                        "memory = \"1g\"\npids = 10\ncpus = 1\ntimeout = \"1h\"\ntmp-size = \"10m\"\nstats = true\n")
                  .empty());
  EXPECT_TRUE(Loosening({"--net", "allow", "--memory", "4g"}, "net = \"none\"\nmemory = \"4g\"\n").empty());
  EXPECT_TRUE(Loosening({"--net", "allow"}, "net = \"allow\"\n").empty());
}

TEST(Tighten, AnythingThatLoosensIsNamedWithItsPosition) {
  auto got = Loosening({}, "net = \"allow\"\n");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0], "/home/u/proj/.paddock.toml:1:7: net: loosens the policy (opens the network (none -> allow))");
  EXPECT_EQ(Loosening({"--net", "allow"}, "net = \"host\"\n").size(), 1u);
  EXPECT_EQ(Loosening({"--memory", "1g"}, "memory = \"2g\"\n").size(), 1u);
  EXPECT_EQ(Loosening({}, "memory = \"9g\"\n").size(), 1u);  // above the default (half of RAM here: 8g)
  EXPECT_EQ(Loosening({}, "pids = 5000\n").size(), 1u);
  EXPECT_EQ(Loosening({"--cpus", "1"}, "cpus = 2\n").size(), 1u);
  EXPECT_EQ(Loosening({"--timeout", "1h"}, "timeout = \"2h\"\n").size(), 1u);
  EXPECT_EQ(Loosening({}, "tmp-size = \"2g\"\n").size(), 1u);
  for (const std::string key :
       {"ro = [\"/x\"]", "rw = [\"/x\"]", "share = [\"~/.ssh\"]", "env = [\"SECRET\"]", "allow-host = [\"a.example\"]",
        "resolve = [\"a.example=127.0.0.1\"]", "publish = [\"80\"]", "degrade = [\"landlock\"]",
        "unprotect = [\".git/hooks\"]", "allow-debug = true", "allow-host-root = true", "seccomp-profile = \"/x.json\"",
        "audit-log = \"/x.log\"", "preset = \"claude\"", "project = \"/\"", "pass-fd = [4]", "ca-file = \"/x.pem\"",
        "quiet = true"}) {
    auto found = Loosening({}, key + "\n");
    EXPECT_EQ(found.size(), 1u) << key;
  }
}

}  // namespace
}  // namespace paddock::config
