// Hook protocol (docs/policy-semantics.md §Hook output) with real PreToolUse
// payloads.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "audit/audit_log.h"
#include "cli/host_paths.h"
#include "cli/settings_files.h"
#include "hook/hook.h"
#include "jail/audit_file.h"

namespace paddock::hook {
namespace {

using nlohmann::json;

class HookTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("paddock-hook-" + std::to_string(::getpid()) + "-" +
                                                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_ / "proj/.claude");
    std::filesystem::create_directories(dir_ / "user");
    std::ofstream(dir_ / "proj/.claude/settings.json") << json{
        {"permissions",
         {{"deny",
           {"Bash(sudo:*)", "Read(./.env)", "WebFetch(domain:evil.example)", "mcp__prod__*", "Edit(./.claude/**)"}},
          {"ask", {"Bash(git push:*)"}},
          {"allow", {"Bash(*)"}}}}}.dump();
    std::ofstream(dir_ / "user/settings.json") << json{{"permissions", {{"allow", {"Bash(ls *)"}}}}}.dump();
    config_.settings.managed_dir = (dir_ / "managed").string();
    config_.settings.config_dir = (dir_ / "user").string();
    config_.settings.home = "/home/u";
    config_.realpath = cli::HostRealpath;
    config_.expand_glob = [](const std::string& pattern) { return cli::HostGlob(pattern); };
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  json Event(const std::string& tool, json input, const std::string& mode = "default") {
    return {{"session_id", "abc"},     {"transcript_path", "/t.jsonl"},   {"cwd", (dir_ / "proj").string()},
            {"permission_mode", mode}, {"hook_event_name", "PreToolUse"}, {"tool_name", tool},
            {"tool_input", input},     {"tool_use_id", "toolu_1"}};
  }
  // As `paddock hook` does: the event names the project, the CLI reads its settings.
  HookAnswer Run(const json& e) {
    HookEvent read = ReadEvent(e.dump(), config_);
    return read.answer ? *read.answer : Decide(read, cli::ReadSettings(read.settings), config_);
  }

  std::filesystem::path dir_;
  HookConfig config_;
};

TEST_F(HookTest, BashDenyIsExit2WithReasonOnStderr) {
  auto a =
      Run(Event("Bash", {{"command", "echo x | sudo rm -rf /tmp/cache"}, {"description", "d"}, {"timeout", 1000}}));
  EXPECT_EQ(a.exit_code, 2);
  EXPECT_TRUE(a.out.empty());
  EXPECT_NE(a.err.find("Bash(sudo:*)"), std::string::npos);
  EXPECT_NE(a.err.find("pipeline segment 2"), std::string::npos);
  EXPECT_EQ(a.err.find('\n'), a.err.size() - 1);  // one line
}

TEST_F(HookTest, AskIsJsonInDefaultModeAndDenyInBypass) {
  auto a = Run(Event("Bash", {{"command", "git push origin main"}}));
  EXPECT_EQ(a.exit_code, 0);
  auto j = json::parse(a.out);
  EXPECT_EQ(j["hookSpecificOutput"]["hookEventName"], "PreToolUse");
  EXPECT_EQ(j["hookSpecificOutput"]["permissionDecision"], "ask");
  auto b = Run(Event("Bash", {{"command", "git push origin main"}}, "bypassPermissions"));
  EXPECT_EQ(b.exit_code, 2);
  EXPECT_TRUE(b.out.empty());
  config_.ask_as_deny = true;
  EXPECT_EQ(Run(Event("Bash", {{"command", "git push"}})).exit_code, 2);
}

TEST_F(HookTest, ProjectAllowRulesAreIgnoredUserAllowsApply) {
  auto a = Run(Event("Bash", {{"command", "make"}}));
  EXPECT_EQ(a.exit_code, 0);
  EXPECT_EQ(a.decision.verdict, rules::Verdict::kPassthrough);
  auto b = Run(Event("Bash", {{"command", "ls -la"}}));
  EXPECT_EQ(b.decision.verdict, rules::Verdict::kAllow);
  EXPECT_TRUE(b.out.empty());  // allow is silent unless configured as an approver
  config_.emit_allow = true;
  EXPECT_EQ(json::parse(Run(Event("Bash", {{"command", "ls"}})).out)["hookSpecificOutput"]["permissionDecision"],
            "allow");
  EXPECT_TRUE(Run(Event("Bash", {{"command", "ls"}}, "bypassPermissions")).out.empty());
}

TEST_F(HookTest, ReadEditWebFetchMcp) {
  EXPECT_EQ(Run(Event("Read", {{"file_path", (dir_ / "proj/.env").string()}})).exit_code, 2);
  EXPECT_EQ(Run(Event("Read", {{"file_path", (dir_ / "proj/README.md").string()}})).exit_code, 0);
  EXPECT_EQ(Run(Event("Edit", {{"file_path", (dir_ / "proj/.claude/settings.json").string()},
                               {"old_string", "a"},
                               {"new_string", "b"}}))
                .exit_code,
            2);
  EXPECT_EQ(Run(Event("WebFetch", {{"url", "https://evil.example/x"}, {"prompt", "p"}})).exit_code, 2);
  EXPECT_EQ(Run(Event("WebFetch", {{"url", "https://ok.example/x"}, {"prompt", "p"}})).exit_code, 0);
  EXPECT_EQ(Run(Event("mcp__prod__drop_table", {{"name", "users"}})).exit_code, 2);
  EXPECT_EQ(Run(Event("mcp__dev__query", {{"q", "x"}})).exit_code, 0);
}

TEST_F(HookTest, SymlinkToDeniedFile) {
  std::ofstream(dir_ / "proj/.env") << "K=V";
  std::filesystem::create_symlink(dir_ / "proj/.env", dir_ / "proj/innocent.txt");
  EXPECT_EQ(Run(Event("Read", {{"file_path", (dir_ / "proj/innocent.txt").string()}})).exit_code, 2);
}

// A glob hole holds no '/', so `cat *.md` cannot read .env; unless a name it
// matches on this host is a link to it, which only the host's files show.
TEST_F(HookTest, AGlobIsCheckedAsTheFilesItNames) {
  std::ofstream(dir_ / "proj/.env") << "K=V";
  std::ofstream(dir_ / "proj/README.md") << "hi";
  EXPECT_EQ(Run(Event("Bash", {{"command", "cat *.md docs/*.md"}})).exit_code, 0);
  std::filesystem::create_symlink(dir_ / "proj/.env", dir_ / "proj/notes.md");
  auto a = Run(Event("Bash", {{"command", "cat *.md"}}));
  EXPECT_EQ(a.exit_code, 2);
  EXPECT_NE(a.err.find("Read(./.env)"), std::string::npos) << a.err;
  // Where the files cannot be listed, the glob may be anything.
  config_.expand_glob = [](const std::string&) { return std::optional<std::vector<std::string>>(); };
  EXPECT_EQ(json::parse(Run(Event("Bash", {{"command", "cat R*.md"}})).out)["hookSpecificOutput"]["permissionDecision"],
            "ask");
}

TEST_F(HookTest, MalformedInputFailsClosed) {
  for (const char* bad : {"", "{", "[]", "42", "{\"tool_name\": 5}", "{\"tool_name\":\"Bash\",\"tool_input\":{}}"}) {
    auto a = HandleEvent(bad, config_);
    EXPECT_EQ(a.exit_code, 2) << bad;
    EXPECT_TRUE(a.failed_closed) << bad;
  }
}

// Fields of the wrong type are malformed input too (the hook used to learn of
// them from a JSON exception; now it checks, and must still fail closed).
TEST_F(HookTest, WrongFieldTypesFailClosedWithAReason) {
  json bad_event = Event("Bash", {{"command", "ls"}});
  bad_event["hook_event_name"] = 7;
  json bad_mode = Event("Bash", {{"command", "ls"}});
  bad_mode["permission_mode"] = json::array();
  for (const json& e : {bad_event, bad_mode}) {
    auto a = Run(e);
    EXPECT_EQ(a.exit_code, 2) << e.dump();
    EXPECT_TRUE(a.failed_closed) << e.dump();
    EXPECT_EQ(a.audit["decision"], "error") << e.dump();
  }
  EXPECT_EQ(Run(bad_mode).err, "paddock hook: blocked (fail closed): hook input: permission_mode is not a string\n");
  auto garbled = HandleEvent("{\"tool_name\": ", config_);
  EXPECT_EQ(garbled.err.rfind(
                "paddock hook: blocked (fail closed): malformed hook input: [json.exception.parse_error.101]", 0),
            0u)
      << garbled.err;
}

TEST_F(HookTest, UnreadableSettingsFailClosed) {
  std::ofstream(dir_ / "proj/.claude/settings.local.json") << "{oops";
  EXPECT_EQ(Run(Event("Bash", {{"command", "ls"}})).exit_code, 2);
}

TEST_F(HookTest, UnknownToolsAndOtherEvents) {
  EXPECT_EQ(Run(Event("SomeNewTool", {{"anything", {1, 2}}})).exit_code, 0);
  json e = Event("Bash", {{"command", "sudo id"}});
  e["hook_event_name"] = "PostToolUse";
  EXPECT_EQ(Run(e).exit_code, 0);
}

TEST_F(HookTest, HugeAndLongCommands) {
  std::string big = "echo " + std::string(1 << 20, 'x') + "; sudo id";
  EXPECT_EQ(Run(Event("Bash", {{"command", big}})).exit_code, 2);
  std::string chain;
  for (int i = 0; i < 10000; ++i) chain += "true && ";
  EXPECT_EQ(Run(Event("Bash", {{"command", chain + "sudo id"}})).exit_code, 2);
  EXPECT_EQ(Run(Event("Bash", {{"command", chain + "true"}})).exit_code, 0);
}

TEST_F(HookTest, AuditRecordForEveryDecision) {
  auto deny = Run(Event("Bash", {{"command", "sudo id"}}));
  auto pass = Run(Event("Read", {{"file_path", "/x"}}));
  auto error = HandleEvent("not json", config_);
  EXPECT_EQ(deny.audit["decision"], "deny");
  EXPECT_EQ(deny.audit["command"], "sudo id");
  EXPECT_EQ(deny.audit["tool_use_id"], "toolu_1");
  EXPECT_EQ(pass.audit["decision"], "passthrough");
  EXPECT_EQ(pass.audit["file_path"], "/x");
  EXPECT_EQ(error.audit["decision"], "error");
  json other = Event("Bash", {{"command", "sudo id"}});
  other["hook_event_name"] = "PostToolUse";
  EXPECT_TRUE(Run(other).audit.is_null());  // not a permission question: nothing to record
}

// The hook decides from what it is handed: settings that exist only in the
// facts count, and nothing is read from the (absent) directories they name.
TEST(HookPure, DecidesFromSettingsHandedIn) {
  HookConfig config;
  config.settings.managed_dir = "/nonexistent/paddock-managed";
  config.settings.home = "/nonexistent/home";
  json event = {{"hook_event_name", "PreToolUse"},
                {"tool_name", "Bash"},
                {"cwd", "/nonexistent/proj"},
                {"tool_input", {{"command", "sudo id"}}}};
  HookEvent read = ReadEvent(event.dump(), config);
  ASSERT_FALSE(read.answer.has_value());
  EXPECT_EQ(read.settings.project_dir, "/nonexistent/proj");
  rules::SettingsFacts facts;
  facts.texts["/nonexistent/proj/.claude/settings.json"] = json{{"permissions", {{"deny", {"Bash(sudo:*)"}}}}}.dump();
  EXPECT_EQ(HandleEvent(event.dump(), config, facts).exit_code, 2);
  EXPECT_EQ(HandleEvent(event.dump(), config).exit_code, 0);
  facts.texts["/nonexistent/proj/.claude/settings.json"] = "{oops";
  EXPECT_TRUE(HandleEvent(event.dump(), config, facts).failed_closed);
}

// Trusted inputs: locations named by the environment may only add deny/ask
// rules; they never bring allow rules, never replace the real locations.
TEST_F(HookTest, EnvironmentNamedSettingsOnlyAddRestrictions) {
  std::filesystem::create_directories(dir_ / "managed");
  std::ofstream(dir_ / "managed/managed-settings.json") << json{{"permissions", {{"deny", {"Bash(wget:*)"}}}}}.dump();
  std::filesystem::create_directories(dir_ / "envmanaged");
  std::ofstream(dir_ / "envmanaged/managed-settings.json") << json{
      {"permissions", {{"deny", {"Bash(curl:*)"}}, {"allow", {"Bash(*)"}}}},
      {"allowManagedPermissionRulesOnly", true}}.dump();
  std::filesystem::create_directories(dir_ / "envconfig");
  std::ofstream(dir_ / "envconfig/settings.json")
      << json{{"permissions", {{"ask", {"Bash(npm publish:*)"}}, {"allow", {"Bash(make *)"}}}}}.dump();
  config_.settings.env_managed_dir = (dir_ / "envmanaged").string();
  config_.settings.env_config_dir = (dir_ / "envconfig").string();
  EXPECT_EQ(Run(Event("Bash", {{"command", "curl x"}})).exit_code, 2);  // its deny rule counts
  EXPECT_EQ(Run(Event("Bash", {{"command", "wget x"}})).exit_code, 2);  // the real managed dir is still read
  EXPECT_EQ(Run(Event("Bash", {{"command", "sudo id"}})).exit_code,
            2);  // its allowManagedPermissionRulesOnly is ignored
  EXPECT_EQ(Run(Event("Bash", {{"command", "make"}})).decision.verdict,
            rules::Verdict::kPassthrough);  // its allows are not
  EXPECT_EQ(Run(Event("Bash", {{"command", "npm publish"}})).decision.verdict, rules::Verdict::kAsk);
  EXPECT_EQ(Run(Event("Bash", {{"command", "ls -la"}})).decision.verdict,
            rules::Verdict::kAllow);  // trusted user allow
}

TEST_F(HookTest, ProjectDirFromEnvironmentAddsItsRules) {
  std::filesystem::create_directories(dir_ / "other/.claude");
  std::ofstream(dir_ / "other/.claude/settings.json") << json{{"permissions", {{"deny", {"Bash(curl:*)"}}}}}.dump();
  config_.settings.env_project_dir = (dir_ / "other").string();
  EXPECT_EQ(Run(Event("Bash", {{"command", "curl x"}})).exit_code, 2);
  EXPECT_EQ(Run(Event("Bash", {{"command", "sudo id"}})).exit_code, 2);  // the event cwd's project rules stay
}

TEST_F(HookTest, HomeFromPasswdAndHomeFromEnvironmentBothCount) {
  std::ofstream(dir_ / "proj/.claude/settings.json") << json{{"permissions", {{"deny", {"Read(~/.ssh/**)"}}}}}.dump();
  config_.settings.env_home = "/tmp/elsewhere";
  EXPECT_EQ(Run(Event("Bash", {{"command", "cat /home/u/.ssh/id"}})).exit_code, 2);  // passwd home
  EXPECT_EQ(Run(Event("Bash", {{"command", "cat /tmp/elsewhere/.ssh/id"}})).exit_code,
            2);  // $HOME, as Claude Code reads ~
  EXPECT_EQ(Run(Event("Read", {{"file_path", "/tmp/elsewhere/.ssh/id"}})).exit_code, 2);
  EXPECT_EQ(Run(Event("Bash", {{"command", "cat /tmp/other/.ssh/id"}})).exit_code, 0);
  // $HOME/.claude/settings.json is read for restrictions only.
  std::filesystem::create_directories(dir_ / "envhome/.claude");
  std::ofstream(dir_ / "envhome/.claude/settings.json")
      << json{{"permissions", {{"deny", {"Bash(curl:*)"}}, {"allow", {"Bash(make *)"}}}}}.dump();
  config_.settings.env_home = (dir_ / "envhome").string();
  EXPECT_EQ(Run(Event("Bash", {{"command", "curl x"}})).exit_code, 2);
  EXPECT_EQ(Run(Event("Bash", {{"command", "make"}})).decision.verdict, rules::Verdict::kPassthrough);
}

TEST(AuditLog, OneLinePerEventStampedWithTheTimeGiven) {
  using namespace std::chrono;
  system_clock::time_point t = sys_days{year{2024} / May / 1} + hours{12} + minutes{3} + seconds{4} + milliseconds{250};
  EXPECT_EQ(audit::Rfc3339(t), "2024-05-01T12:03:04.250Z");
  auto line = audit::EventLine({{"event", "a"}}, t);
  ASSERT_TRUE(line.ok());
  EXPECT_EQ(*line, "{\"event\":\"a\",\"ts\":\"2024-05-01T12:03:04.250Z\"}\n");
  auto kept = audit::EventLine({{"event", "a"}, {"ts", "earlier"}}, t);
  EXPECT_NE(kept->find("\"ts\":\"earlier\""), std::string::npos);
  auto bad_utf8 = audit::EventLine({{"event", "b"}, {"bad", std::string("\xff")}}, t);
  ASSERT_TRUE(bad_utf8.ok());
  EXPECT_TRUE(json::accept(*bad_utf8));
  EXPECT_FALSE(audit::EventLine(json::array(), t).ok());
}

TEST(AuditLog, AppendsOneLinePerEvent) {
  std::string path = std::filesystem::temp_directory_path() / ("paddock-audit-" + std::to_string(::getpid()));
  std::filesystem::remove(path);
  ASSERT_TRUE(jail::AppendAuditEvent(path, {{"event", "a"}}).ok());
  ASSERT_TRUE(jail::AppendAuditEvent(path, {{"event", "b"}, {"bad", std::string("\xff")}}).ok());
  EXPECT_FALSE(jail::AppendAuditEvent(path, json::array()).ok());
  EXPECT_FALSE(jail::AppendAuditEvent("/nonexistent-dir/x.jsonl", {{"e", 1}}).ok());
  std::ifstream in(path);
  int n = 0;
  for (std::string l; std::getline(in, l);) {
    ++n;
    EXPECT_TRUE(json::accept(l)) << l;
    EXPECT_TRUE(json::parse(l).contains("ts")) << l;
  }
  EXPECT_EQ(n, 2);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace paddock::hook
