// Non-Bash tools and settings scopes.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "cli/settings_files.h"
#include "rules/evaluate.h"
#include "rules/settings.h"

namespace paddock::rules {
namespace {

using nlohmann::json;
const EvalContext kCtx{"/p", "/home/u", nullptr};

RuleSet Rules(std::vector<std::string> deny, std::vector<std::string> allow = {}, std::vector<std::string> ask = {}) {
  RuleSet s;
  for (auto& r : deny) s.deny.push_back(ParseRule(r, RuleKind::kDeny, Scope::kProject, "/p"));
  for (auto& r : allow) s.allow.push_back(ParseRule(r, RuleKind::kAllow, Scope::kUser, "/home/u/.claude"));
  for (auto& r : ask) s.ask.push_back(ParseRule(r, RuleKind::kAsk, Scope::kProject, "/p"));
  return s;
}

Verdict Call(const std::string& tool, const json& in, const RuleSet& s) {
  return EvaluateToolCall(tool, in, s, kCtx).verdict;
}

TEST(ToolRules, ReadPathAnchors) {
  EXPECT_EQ(Call("Read", {{"file_path", "/p/.env"}}, Rules({"Read(./.env)"})), Verdict::kDeny);
  EXPECT_EQ(Call("Read", {{"file_path", "/p/a/b/.env"}}, Rules({"Read(.env)"})), Verdict::kDeny);
  EXPECT_EQ(Call("Read", {{"file_path", "/p/secrets/x/y"}}, Rules({"Read(/secrets/**)"})), Verdict::kDeny);
  EXPECT_EQ(Call("Read", {{"file_path", "/home/u/.aws/credentials"}}, Rules({"Read(~/.aws/**)"})), Verdict::kDeny);
  EXPECT_EQ(Call("Read", {{"file_path", "/etc/passwd"}}, Rules({"Read(//etc/*)"})), Verdict::kDeny);
  EXPECT_EQ(Call("Read", {{"file_path", "/etc/ssl/x"}}, Rules({"Read(//etc/*)"})),
            Verdict::kDeny);  // gitignore: the matched directory covers its contents
  EXPECT_EQ(Call("Read", {{"file_path", "/etc/ssl/x"}}, Rules({"Read(//etc/*.conf)"})), Verdict::kPassthrough);
  EXPECT_EQ(Call("Read", {{"file_path", "/p/src/a.c"}}, Rules({"Read(./.env)"})), Verdict::kPassthrough);
}

TEST(ToolRules, ReadDenyBlocksEdits) {
  EXPECT_EQ(Call("Edit", {{"file_path", "/p/.env"}, {"old_string", "a"}, {"new_string", "b"}}, Rules({"Read(./.env)"})),
            Verdict::kDeny);
  EXPECT_EQ(Call("Write", {{"file_path", "/p/.env"}, {"content", "x"}}, Rules({"Read(./.env)"})), Verdict::kDeny);
  EXPECT_EQ(Call("Write", {{"file_path", "/p/.claude/settings.json"}}, Rules({"Edit(./.claude/**)"})), Verdict::kDeny);
}

TEST(ToolRules, AllowAndAsk) {
  EXPECT_EQ(Call("Read", {{"file_path", "/home/u/.zshrc"}}, Rules({}, {"Read(~/.zshrc)"})), Verdict::kAllow);
  EXPECT_EQ(Call("Edit", {{"file_path", "/p/x"}}, Rules({}, {}, {"Edit"})), Verdict::kAsk);
}

TEST(ToolRules, WebFetchDomains) {
  auto in = [](const char* u) { return json{{"url", u}, {"prompt", "p"}}; };
  EXPECT_EQ(Call("WebFetch", in("https://Example.COM./x"), Rules({"WebFetch(domain:example.com)"})), Verdict::kDeny);
  EXPECT_EQ(Call("WebFetch", in("https://a.b.example.com/"), Rules({"WebFetch(domain:*.example.com)"})),
            Verdict::kDeny);
  EXPECT_EQ(Call("WebFetch", in("https://example.com/"), Rules({"WebFetch(domain:*.example.com)"})),
            Verdict::kPassthrough);
  EXPECT_EQ(Call("WebFetch", in("https://x.y.com/"), Rules({"WebFetch(domain:*.y.*)"})), Verdict::kPassthrough);
  EXPECT_EQ(Call("WebFetch", in("https://a.y.com/"), Rules({"WebFetch(domain:a.*.com)"})), Verdict::kDeny);
  EXPECT_EQ(Call("WebFetch", in("https://user@evil.com:8080/"), Rules({"WebFetch(domain:evil.com)"})), Verdict::kDeny);
  EXPECT_EQ(Call("WebFetch", in("https://docs.python.org/3/"), Rules({}, {"WebFetch(domain:docs.python.org)"})),
            Verdict::kAllow);
}

TEST(ToolRules, Mcp) {
  EXPECT_EQ(Call("mcp__github__get_issue", json::object(), Rules({"mcp__github"})), Verdict::kDeny);
  EXPECT_EQ(Call("mcp__github__get_issue", json::object(), Rules({"mcp__github__*"})), Verdict::kDeny);
  EXPECT_EQ(Call("mcp__github__get_issue", json::object(), Rules({"mcp__*"})), Verdict::kDeny);
  EXPECT_EQ(Call("mcp__gitlab__x", json::object(), Rules({"mcp__github"})), Verdict::kPassthrough);
  EXPECT_EQ(Call("mcp__github__get_issue", json::object(), Rules({}, {"mcp__github__get_*"})), Verdict::kAllow);
  EXPECT_EQ(Call("mcp__github__create_issue", json::object(), Rules({}, {"mcp__github__get_*"})),
            Verdict::kPassthrough);
}

TEST(ToolRules, ParameterAndAgentRules) {
  EXPECT_EQ(Call("Agent", {{"model", "opus"}, {"subagent_type", "Explore"}}, Rules({"Agent(model:opus)"})),
            Verdict::kDeny);
  EXPECT_EQ(Call("Agent", {{"model", "haiku"}, {"subagent_type", "Explore"}}, Rules({"Agent(model:opus)"})),
            Verdict::kPassthrough);
  EXPECT_EQ(Call("Agent", {{"subagent_type", "Explore"}}, Rules({"Agent(Explore)"})), Verdict::kDeny);
  EXPECT_EQ(Call("Bash", {{"command", "ls"}, {"run_in_background", true}}, Rules({"Bash(run_in_background:true)"})),
            Verdict::kDeny);
  EXPECT_EQ(Call("Bash", {{"command", "ls"}, {"dangerouslyDisableSandbox", true}},
                 Rules({}, {}, {"Bash(dangerouslyDisableSandbox:true)"})),
            Verdict::kAsk);
}

TEST(ToolRules, UnknownToolsPassThrough) {
  EXPECT_EQ(Call("FutureTool", {{"x", 1}}, Rules({"Bash(sudo:*)"})), Verdict::kPassthrough);
  EXPECT_EQ(Call("FutureTool", {{"x", 1}}, Rules({"*"})), Verdict::kDeny);
}

// Settings files on disk, as `paddock hook` reads them: the CLI's reader
// answering the pure loader's questions.
class SettingsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() / ("paddock-settings-" + std::to_string(::getpid()) + "-" +
                                                      ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(root_);
    for (auto d : {"managed/managed-settings.d", "user", "proj/.claude"})
      std::filesystem::create_directories(root_ / d);
    where_.managed_dir = (root_ / "managed").string();
    where_.user_dir = (root_ / "user").string();
    where_.project_dir = (root_ / "proj").string();
  }
  void TearDown() override { std::filesystem::remove_all(root_); }
  void Write(const std::string& rel, const json& j) { std::ofstream(root_ / rel) << j.dump(); }
  static json Perms(json deny, json allow, json ask = json::array()) {
    return {{"permissions", {{"deny", deny}, {"allow", allow}, {"ask", ask}}}};
  }
  std::filesystem::path root_;
  SettingsLocations where_;
};

TEST_F(SettingsTest, ConcatenatesScopesAndDistrustsAgentWritableAllows) {
  Write("managed/managed-settings.json", Perms({"Bash(sudo:*)"}, json::array()));
  Write("managed/managed-settings.d/10-a.json", Perms({"Bash(su:*)"}, json::array()));
  Write("managed/managed-settings.d/.hidden.json", Perms({"Bash(hidden:*)"}, json::array()));
  Write("managed/managed-settings.d/notes.txt", Perms({"Bash(txt:*)"}, json::array()));
  Write("user/settings.json", Perms({"Bash(curl:*)"}, {"Bash(ls *)"}));
  Write("proj/.claude/settings.json", Perms({"Bash(wget:*)"}, {"Bash(rm *)"}, {"Bash(git push:*)"}));
  Write("proj/.claude/settings.local.json", Perms({"Bash(nc:*)"}, {"Bash(*)"}));
  auto s = cli::ReadSettings(where_);
  EXPECT_TRUE(s.errors.empty());
  std::vector<std::string> deny;
  for (auto& r : s.rules.deny) deny.push_back(r.text);
  EXPECT_EQ(deny,
            (std::vector<std::string>{"Bash(sudo:*)", "Bash(su:*)", "Bash(curl:*)", "Bash(wget:*)", "Bash(nc:*)"}));
  ASSERT_EQ(s.rules.allow.size(), 1u);
  EXPECT_EQ(s.rules.allow[0].text, "Bash(ls *)");
  EXPECT_EQ(s.rules.ask.size(), 1u);
}

TEST_F(SettingsTest, ManagedRulesOnly) {
  json m = Perms({"Bash(sudo:*)"}, json::array());
  m["allowManagedPermissionRulesOnly"] = true;
  Write("managed/managed-settings.json", m);
  Write("user/settings.json", Perms({"Bash(curl:*)"}, {"Bash(ls *)"}));
  auto s = cli::ReadSettings(where_);
  EXPECT_EQ(s.rules.deny.size(), 1u);
  EXPECT_TRUE(s.rules.allow.empty());
}

TEST_F(SettingsTest, MalformedFileIsAnError) {
  std::ofstream(root_ / "proj/.claude/settings.json") << "{not json";
  EXPECT_FALSE(cli::ReadSettings(where_).errors.empty());
}

TEST_F(SettingsTest, RestrictOnlyLocationsNeverAllowOrReplace) {
  Write("managed/managed-settings.json", Perms({"Bash(sudo:*)"}, json::array()));
  std::filesystem::create_directories(root_ / "env");
  json envm = Perms({"Bash(curl:*)"}, {"Bash(*)"});
  envm["allowManagedPermissionRulesOnly"] = true;
  Write("env/managed-settings.json", envm);
  Write("env/settings.json", Perms({"Bash(wget:*)"}, {"Bash(rm *)"}, {"Bash(git push:*)"}));
  Write("user/settings.json", Perms(json::array(), {"Bash(ls *)"}));
  where_.restrict_managed_dirs = {(root_ / "env").string()};
  where_.restrict_user_dirs = {(root_ / "env").string()};
  auto s = cli::ReadSettings(where_);
  std::vector<std::string> deny, allow;
  for (auto& r : s.rules.deny) deny.push_back(r.text);
  for (auto& r : s.rules.allow) allow.push_back(r.text);
  EXPECT_EQ(deny, (std::vector<std::string>{"Bash(sudo:*)", "Bash(curl:*)", "Bash(wget:*)"}));
  EXPECT_EQ(allow, (std::vector<std::string>{"Bash(ls *)"}));  // the user scope still counts
  EXPECT_EQ(s.rules.ask.size(), 1u);
  EXPECT_FALSE(s.managed_rules_only);
}

TEST_F(SettingsTest, LocalSettingsOfTheMainCheckoutCountInAWorktree) {
  std::filesystem::create_directories(root_ / "main/.git/worktrees/wt");
  std::filesystem::create_directories(root_ / "main/.claude");
  std::filesystem::create_directories(root_ / "wt/sub");
  std::ofstream(root_ / "wt/.git") << "gitdir: " << (root_ / "main/.git/worktrees/wt").string() << "\n";
  Write("main/.claude/settings.local.json", Perms({"Bash(curl:*)"}, json::array()));
  where_.project_dir = (root_ / "wt/sub").string();
  auto s = cli::ReadSettings(where_);
  EXPECT_TRUE(s.errors.empty());
  ASSERT_EQ(s.rules.deny.size(), 1u);
  EXPECT_EQ(s.rules.deny[0].source, (root_ / "main/.claude/settings.local.json").string());
}

TEST_F(SettingsTest, AFileNamedOnTheCommandLineMustBeReadable) {
  where_.extra_files = {(root_ / "missing.json").string()};
  auto s = cli::ReadSettings(where_);
  ASSERT_EQ(s.errors.size(), 1u);
  EXPECT_NE(s.errors[0].find("missing.json: cannot read: No such file or directory"), std::string::npos) << s.errors[0];
}

// The loader itself is pure: it reads only the facts handed in and asks for
// the rest, a round at a time, as a drop-in directory and a git root lead
// to more files.
TEST(SettingsFacts, AsksForWhatItNeedsUntilSettled) {
  SettingsLocations where;
  where.managed_dir = "/m";
  where.user_dir = "/u";
  where.project_dir = "/w/sub";
  SettingsFacts facts;
  SettingsQuestions ask;
  auto first = LoadSettings(where, facts, &ask);
  EXPECT_TRUE(first.rules.deny.empty());
  EXPECT_EQ(ask.read, (std::set<std::string>{"/m/managed-settings.json", "/u/settings.json",
                                             "/w/sub/.claude/settings.json", "/w/sub/.claude/settings.local.json"}));
  EXPECT_EQ(ask.list, (std::set<std::string>{"/m/managed-settings.d"}));
  EXPECT_EQ(ask.git_root, (std::set<std::string>{"/w/sub"}));

  // The host's answers: one drop-in, the main checkout is /main.
  for (const auto& p : ask.read) facts.unreadable[p] = "No such file or directory";
  facts.listings["/m/managed-settings.d"] = {"10-x.json", ".hidden.json", "notes.txt"};
  facts.git_roots["/w/sub"] = "/main";
  ask = {};
  LoadSettings(where, facts, &ask);
  // Until the canonical paths are known the main checkout counts as another
  // directory: its local settings are asked for too (more files, never fewer).
  EXPECT_EQ(ask.read, (std::set<std::string>{"/m/managed-settings.d/10-x.json", "/main/.claude/settings.local.json"}));
  EXPECT_EQ(ask.canonical, (std::set<std::string>{"/main", "/w/sub"}));

  facts.texts["/m/managed-settings.d/10-x.json"] = json{{"permissions", {{"deny", {"Bash(su:*)"}}}}}.dump();
  facts.canonical["/main"] = "/main";
  facts.canonical["/w/sub"] = "/w/sub";
  facts.texts["/main/.claude/settings.local.json"] =
      json{{"permissions", {{"deny", {"Bash(curl:*)"}}, {"allow", {"Bash(*)"}}}}}.dump();
  ask = {};
  auto settled = LoadSettings(where, facts, &ask);
  EXPECT_TRUE(ask.empty());
  std::vector<std::string> deny;
  for (auto& r : settled.rules.deny) deny.push_back(r.text);
  EXPECT_EQ(deny, (std::vector<std::string>{"Bash(su:*)", "Bash(curl:*)"}));
  EXPECT_TRUE(settled.rules.allow.empty());  // local settings: the agent can write them
  EXPECT_EQ(settled.files,
            (std::vector<std::string>{"/m/managed-settings.d/10-x.json", "/main/.claude/settings.local.json"}));
}

// A settings file that is there but cannot be read (mode 000, a FIFO, too
// large) might hold deny rules: loading reports it, so the hook fails
// closed. Absent files (and directories) are not errors.
TEST(SettingsFacts, AFileThatIsThereButUnreadableIsAnError) {
  SettingsLocations where;
  where.user_dir = "/u";
  where.project_dir = "/p";
  SettingsFacts facts;
  facts.unreadable["/u/settings.json"] = "No such file or directory";
  facts.unreadable["/p/.claude/settings.local.json"] = "a directory, not a settings file";
  facts.unopenable["/p/.claude/settings.json"] = "Permission denied";
  facts.git_roots["/p"] = "";
  SettingsQuestions ask;
  auto loaded = LoadSettings(where, facts, &ask);
  EXPECT_FALSE(ask.read.count("/p/.claude/settings.json"));  // answered: not asked again
  ASSERT_EQ(loaded.errors.size(), 1u);
  EXPECT_EQ(loaded.errors[0], "/p/.claude/settings.json: cannot read: Permission denied");
  facts.unopenable.clear();
  facts.unreadable["/p/.claude/settings.json"] = "No such file or directory";
  EXPECT_TRUE(LoadSettings(where, facts, nullptr).errors.empty());
}

TEST(SettingsFacts, MainCheckoutOfAGitFile) {
  EXPECT_EQ(MainCheckoutOf("/w", "gitdir: /main/.git/worktrees/w"), "/main");
  EXPECT_EQ(MainCheckoutOf("/w/a", "gitdir: ../../main/.git/worktrees/a"), "/main");
  EXPECT_EQ(MainCheckoutOf("/p/sub", "gitdir: ../.git/modules/sub"), "/p/sub");  // a submodule is its own checkout
  EXPECT_EQ(MainCheckoutOf("/w", "not a pointer"), "/w");
}

TEST(SettingsLocationsTest, EnvironmentNeverReplacesTrustedLocations) {
  SettingsInputs in;
  in.home = "/home/u";
  in.env_managed_dir = "/tmp/m";
  in.env_config_dir = "/tmp/c";
  in.env_home = "/tmp/h";
  in.env_project_dir = "/proj";
  auto w = ResolveLocations(in, "/proj/sub");
  EXPECT_EQ(w.managed_dir, "/etc/claude-code");
  EXPECT_EQ(w.user_dir, "/home/u/.claude");
  EXPECT_EQ(w.restrict_managed_dirs, (std::vector<std::string>{"/tmp/m"}));
  EXPECT_EQ(w.restrict_user_dirs, (std::vector<std::string>{"/tmp/c", "/tmp/h/.claude"}));
  EXPECT_EQ(w.project_dir, "/proj/sub");
  EXPECT_EQ(w.extra_project_dirs, (std::vector<std::string>{"/proj"}));
  // Command-line locations (as trusted as the hook registration) do replace the defaults.
  in.managed_dir = "/opt/managed";
  in.config_dir = "/opt/config";
  w = ResolveLocations(in, "/proj");
  EXPECT_EQ(w.managed_dir, "/opt/managed");
  EXPECT_EQ(w.user_dir, "/opt/config");
  EXPECT_TRUE(w.extra_project_dirs.empty());
  // No passwd home: $HOME/.claude is read, for restrictions only.
  SettingsInputs nohome;
  nohome.env_home = "/tmp/h";
  w = ResolveLocations(nohome, "/p");
  EXPECT_TRUE(w.user_dir.empty());
  EXPECT_EQ(w.restrict_user_dirs, (std::vector<std::string>{"/tmp/h/.claude"}));
}

}  // namespace
}  // namespace paddock::rules
