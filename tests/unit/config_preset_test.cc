#include <gtest/gtest.h>

#include "config/apply_preset.h"
#include "config/preset.h"
#include "policy/cli_options.h"

namespace paddock::config {
namespace {

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(Preset, EveryBuiltInPresetParses) {
  auto names = PresetNames();
  ASSERT_EQ(names, (std::vector<std::string>{"aider", "claude", "codex", "gemini"}));
  for (const auto& name : names) {
    auto preset = FindPreset(name);
    ASSERT_TRUE(preset.ok()) << name << ": " << preset.error().message;
    EXPECT_FALSE(preset->command.empty()) << name;
    EXPECT_FALSE(preset->description.empty()) << name;
    EXPECT_FALSE(preset->credentials.empty()) << name;
    for (const auto& c : preset->credentials) {
      EXPECT_NE(c.value.find("{key}"), std::string::npos) << name;
      EXPECT_NE(c.placeholder, "") << name;
      EXPECT_EQ(c.placeholder.find(c.key_env), std::string::npos);
    }
    // Its options are ones `paddock run` knows, with values that validate.
    auto parsed = policy::ParseRunOptions("run", PresetArguments(*preset, {}), "/home/u/proj", "/home/u");
    ASSERT_TRUE(parsed.ok()) << name << ": " << parsed.error().message;
    EXPECT_TRUE(parsed->problems.empty()) << name << ": " << parsed->problems.front().message;
    EXPECT_EQ(parsed->policy.net, policy::NetMode::kAllow) << name;
  }
}

TEST(Preset, ClaudeTurnsItsPromptsAndItsOwnSandboxOff) {
  auto preset = FindPreset("claude");
  ASSERT_TRUE(preset.ok());
  EXPECT_TRUE(Contains(preset->command, "--dangerously-skip-permissions"));
  ASSERT_TRUE(preset->claude_code.has_value());
  EXPECT_EQ(preset->claude_code->managed_settings["sandbox"]["enabled"], false);
  EXPECT_EQ(preset->claude_code->managed_settings["permissions"]["defaultMode"], "bypassPermissions");
  EXPECT_EQ(preset->claude_code->permissions_profile, "minimal");
  EXPECT_TRUE(Contains(preset->run_args, "--share-rw-if-present"));
}

TEST(Preset, ErrorsNameTheSourcePositionAndKeyAllAtOnce) {
  auto bad = ParsePreset(
      "description = 'x'\ncommand = ['a']\n[run]\nnet = 'allow'\nnot-an-option = 1\n"
      "[credentials.x]\nkey-env = 'K'\nheader = 'h'\nvalue = 'no key here'\nupstream = 'https://a'\n"
      "base-url-env = 'B'\nplaceholder = 'p'\ntypo = 1\n",
      "t", "t.toml");
  ASSERT_FALSE(bad.ok());
  const auto& m = bad.error().message;
  EXPECT_NE(m.find("t.toml:5:1: run.not-an-option: not an option of `paddock run`"), std::string::npos) << m;
  EXPECT_NE(m.find("credentials.x.typo: unknown key"), std::string::npos) << m;
  EXPECT_NE(m.find("credentials.x.value: must contain {key}"), std::string::npos) << m;
}

TEST(Preset, SyntaxErrorsArePositioned) {
  auto bad = ParsePreset("description = \n", "t", "t.toml");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message.rfind("t.toml:1:", 0), 0u) << bad.error().message;
}

TEST(Preset, RunValuesBecomeOptions) {
  auto p = ParsePreset(
      "description = 'x'\ncommand = ['a']\n[run]\nnet = 'allow'\nallow-host = ['a.example', 'b.example']\n"
      "stats = true\nallow-debug = false\npids = 64\ncpus = 1.5\n",
      "t", "t.toml");
  ASSERT_TRUE(p.ok()) << p.error().message;
  // Keys in order (toml++ keeps a table sorted); false adds nothing.
  std::vector<std::string> want = {"--allow-host", "a.example", "--allow-host", "b.example", "--cpus", "1.5",
                                   "--net",        "allow",     "--pids",       "64",        "--stats"};
  EXPECT_EQ(p->run_args, want);
}

TEST(Preset, EtcFilesAreRelativePathsBelowEtcWithText) {
  auto p =
      ParsePreset("description = 'x'\ncommand = ['a']\n[etc-files]\n\"tool/settings.json\" = '{}'\n", "t", "t.toml");
  ASSERT_TRUE(p.ok()) << p.error().message;
  ASSERT_EQ(p->etc_files.size(), 1u);
  EXPECT_EQ(p->etc_files[0], (std::pair<std::string, std::string>{"tool/settings.json", "{}"}));
  for (const char* bad :
       {"\"/etc/passwd\" = 'x'", "\"../x\" = 'x'", "\"a/../../x\" = 'x'", "\"a/\" = 'x'", "\"a\" = 1"}) {
    auto q = ParsePreset(std::string("description = 'x'\ncommand = ['a']\n[etc-files]\n") + bad + "\n", "t", "t.toml");
    EXPECT_FALSE(q.ok()) << bad;
  }
}

TEST(Preset, UnknownPresetListsTheKnownOnes) {
  auto p = FindPreset("cursor");
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.error().message.find("aider, claude, codex, gemini"), std::string::npos) << p.error().message;
}

policy::Policy ParsedWith(const Preset& preset, std::vector<std::string> user_args) {
  auto parsed = policy::ParseRunOptions("run", PresetArguments(preset, user_args), "/home/u/proj", "/home/u");
  EXPECT_TRUE(parsed.ok());
  EXPECT_TRUE(parsed->problems.empty());
  parsed->policy.preset = preset.name;
  return parsed->policy;
}

TEST(ApplyPreset, WithTheKeySetItIsForwardedAndItsHostsAreNotAllowed) {
  auto preset = *FindPreset("claude");
  auto policy = ParsedWith(preset, {});
  Problems problems;
  auto notes = ApplyPreset(preset, {{"ANTHROPIC_API_KEY", "sk-real"}}, policy, problems);
  ASSERT_TRUE(problems.empty()) << problems.front().message;
  ASSERT_EQ(policy.forwards.size(), 1u);
  EXPECT_EQ(policy.forwards[0].upstream.host, "api.anthropic.com");
  EXPECT_EQ(policy.forwards[0].header, "x-api-key");
  EXPECT_TRUE(policy.network.allow.empty()) << "the jail must not reach the API with a key of its own";
  EXPECT_EQ(policy.command, preset.command);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0].find("sk-real"), std::string::npos);
}

TEST(ApplyPreset, WithoutTheKeyTheAgentReachesItsApiItself) {
  auto preset = *FindPreset("claude");
  auto policy = ParsedWith(preset, {});
  Problems problems;
  ApplyPreset(preset, {}, policy, problems);
  EXPECT_TRUE(problems.empty());
  EXPECT_TRUE(policy.forwards.empty());
  ASSERT_FALSE(policy.network.allow.empty());
  EXPECT_EQ(policy.network.allow[0].text, "api.anthropic.com");
}

TEST(ApplyPreset, UpstreamFromTheUserThenTheEnvironmentThenThePreset) {
  auto preset = *FindPreset("codex");
  std::map<std::string, std::string> env = {{"OPENAI_API_KEY", "k"},
                                            {"OPENAI_BASE_URL", "https://gw.corp:8443/openai/"}};
  auto policy = ParsedWith(preset, {});
  Problems problems;
  ApplyPreset(preset, env, policy, problems);
  ASSERT_EQ(policy.forwards.size(), 1u);
  EXPECT_EQ(policy.forwards[0].upstream.host, "gw.corp");
  EXPECT_EQ(policy.forwards[0].upstream.port, 8443);
  EXPECT_EQ(policy.forwards[0].upstream.path, "/openai");
  EXPECT_EQ(policy.forwards[0].value, "Bearer {key}");

  policy = ParsedWith(preset, {"--upstream", "openai=https://other.example/v2"});
  ApplyPreset(preset, env, policy, problems);
  ASSERT_EQ(policy.forwards.size(), 1u);
  EXPECT_EQ(policy.forwards[0].upstream.host, "other.example");

  policy = ParsedWith(preset, {});
  ApplyPreset(preset, {{"OPENAI_API_KEY", "k"}}, policy, problems);
  EXPECT_EQ(policy.forwards[0].upstream.path, "/v1");
  EXPECT_TRUE(problems.empty());
}

TEST(ApplyPreset, BaseUrlOptionsFollowTheAgentsCommandOnlyWhenForwarding) {
  auto preset = *FindPreset("codex");
  auto policy = ParsedWith(preset, {"--", "codex", "--dangerously-bypass-approvals-and-sandbox", "exec", "hi"});
  Problems problems;
  ApplyPreset(preset, {{"OPENAI_API_KEY", "k"}}, policy, problems);
  EXPECT_EQ(policy.command,
            (std::vector<std::string>{"codex", "--dangerously-bypass-approvals-and-sandbox", "-c",
                                      "openai_base_url=\"" + policy::ForwardUrlToken("openai") + "\"", "exec", "hi"}));
  policy = ParsedWith(preset, {"--", "codex", "--dangerously-bypass-approvals-and-sandbox", "exec", "hi"});
  ApplyPreset(preset, {}, policy, problems);
  EXPECT_EQ(policy.command.size(), 4u) << "no key, no forwarder to name";
  policy = ParsedWith(preset, {"--", "bash"});
  ApplyPreset(preset, {{"OPENAI_API_KEY", "k"}}, policy, problems);
  EXPECT_EQ(policy.command, std::vector<std::string>{"bash"}) << "another program gets no codex options";
  EXPECT_TRUE(problems.empty());
}

TEST(ApplyPreset, RefusesWhatWouldLeakOrCannotWork) {
  auto preset = *FindPreset("claude");
  Problems problems;
  auto policy = ParsedWith(preset, {});
  ApplyPreset(preset, {{"ANTHROPIC_API_KEY", "k"}, {"ANTHROPIC_BASE_URL", "http://gw.corp"}}, policy, problems);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].message.find("not an https URL"), std::string::npos) << problems[0].message;
  EXPECT_TRUE(policy.forwards.empty());

  problems.clear();
  policy = ParsedWith(preset, {"--net", "none"});
  ApplyPreset(preset, {{"ANTHROPIC_API_KEY", "k"}}, policy, problems);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].message.find("needs --net allow"), std::string::npos);

  problems.clear();
  policy = ParsedWith(preset, {"--upstream", "openai=https://x.example"});
  ApplyPreset(preset, {{"ANTHROPIC_API_KEY", "k"}}, policy, problems);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].message.find("no credential 'openai'"), std::string::npos);
}

TEST(ApplyPreset, TheUsersOwnOptionsWinAndTheirCommandIsKept) {
  auto preset = *FindPreset("claude");
  auto policy = ParsedWith(preset, {"--net", "host", "--", "bash"});
  Problems problems;
  ApplyPreset(preset, {}, policy, problems);
  EXPECT_EQ(policy.net, policy::NetMode::kHost);
  EXPECT_EQ(policy.command, std::vector<std::string>{"bash"});
  EXPECT_TRUE(policy.network.allow.empty());
}

}  // namespace
}  // namespace paddock::config

namespace paddock::config {
namespace {

// toml++ 3.3.0 reached __builtin_unreachable() on U+FEFB where whitespace
// may stand (fuzz_preset); config/toml_values.h makes that "not whitespace".
TEST(Preset, UnicodeThatToml3p3CannotClassifyIsAnErrorNotUndefinedBehaviour) {
  for (const char* text : {"\xef\xbb\xbbLI (hise o", "a =\xef\xbb\xbb 1", "a = 1\xe2\xb4\x80\n", "\xc2\xa1= 1"}) {
    auto p = ParsePreset(text, "t", "t.toml");
    ASSERT_FALSE(p.ok()) << text;
    EXPECT_EQ(p.error().message.rfind("t.toml:", 0), 0u) << p.error().message;
  }
}

}  // namespace
}  // namespace paddock::config
