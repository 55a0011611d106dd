// `paddock hook --jail-commands` (docs/jail-commands.md): the rewrite of Bash
// calls into `paddock run`, and that the rewritten line, run by bash with a
// stand-in for paddock, hands the jail's bash the original command byte for
// byte, starts it in the right directory and passes its exit status.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "hook/hook.h"
#include "hook/jail_command.h"
#include "rules/init_settings.h"

namespace paddock::hook {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Commands whose quoting, newlines, heredocs, expansions and backslashes a
// careless rewrite would change.
const std::vector<std::string> kTrickyCommands = {
    "echo 'it'\"'\"'s' \"double \\\"quoted\\\"\" it\\'s",
    "echo one\necho two\n\necho 'multi\nline'",
    "cat <<'EOF'\n$HOME `not run` \\ 'q' \"d\"\nEOF\ncat <<EOF\n$((1 + 2)) \\$x\nEOF",
    "X='a b'; echo \"$X\" $X '$X' ${X// /_}",
    "printf '%s\\n' 'a\\b' \"c\\\\d\" e\\\\f '\\'",
    "echo \"[$1][$#][$@]\"",
    "f() { echo \"in f: $1\"; }; f arg # a comment with ' and \"",
    "for i in 1 2; do echo $i; done | tr '\\n' ,",
    "echo $'tab\\there' \"\\$(not run)\" '!bang'",
};

class JailedCommandRuns : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("paddock-jailcmd-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "proj dir/sub 'q'");
    fs::create_directories(dir_ / "elsewhere");
    project_ = fs::canonical(dir_ / "proj dir").string();
    // Stands in for paddock: checks the argv the rewrite builds, keeps the
    // command the jail's bash gets (the last argument) and, as `paddock run`
    // does, starts what follows `--` in the project.
    fake_ = dir_ / "fake paddock";
    std::ofstream(fake_)
        << "#!/bin/bash\n"
           "[[ $1 == run && $2 == --project && $4 == -- ]] || { echo \"bad argv: $*\" >&2; exit 99; }\n"
           "printf '%s' \"${@: -1}\" >\"$CAPTURE\"\n"
           "cd -- \"$3\" || exit 98\n"
           "shift 4\n"
           "exec \"$@\" </dev/null\n";
    fs::permissions(fake_, fs::perms::owner_all);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs `line` with /bin/bash -c in `cwd`; returns the exit status, output in out_.
  int Bash(const std::string& line, const fs::path& cwd) {
    std::ofstream(dir_ / "line.sh", std::ios::binary) << line;
    std::string cmd = "cd " + ShellWord(cwd.string()) + " && CAPTURE=" + ShellWord((dir_ / "capture").string()) +
                      " /bin/bash -c \"$(cat " + ShellWord((dir_ / "line.sh").string()) + ")\" >" +
                      ShellWord((dir_ / "out").string()) + " 2>&1 </dev/null";
    int status = std::system(cmd.c_str());
    out_ = ReadAll(dir_ / "out");
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  std::string Jailed(const std::string& command) { return JailedCommand({fake_.string(), project_}, command); }

  fs::path dir_, fake_;
  std::string project_, out_;
};

TEST_F(JailedCommandRuns, TheJailsBashGetsTheCommandByteForByteAndRunsItAsBashWould) {
  fs::path sub = dir_ / "proj dir/sub 'q'";
  for (const std::string& command : kTrickyCommands) {
    ASSERT_EQ(Bash(command, sub), 0) << command << "\n" << out_;
    std::string direct = out_;
    ASSERT_EQ(Bash(Jailed(command), sub), 0) << Jailed(command) << "\n" << out_;
    EXPECT_EQ(ReadAll(dir_ / "capture"), command);
    EXPECT_EQ(out_, direct) << command;
  }
}

TEST_F(JailedCommandRuns, StartsWhereTheShellIsInsideTheProjectElseAtItsRoot) {
  ASSERT_EQ(Bash(Jailed("pwd"), dir_ / "proj dir/sub 'q'"), 0) << out_;
  EXPECT_EQ(out_, project_ + "/sub 'q'\n");
  ASSERT_EQ(Bash(Jailed("pwd"), dir_ / "proj dir"), 0) << out_;
  EXPECT_EQ(out_, project_ + "\n");
  // Outside (and a sibling whose name starts like the project's) is not inside.
  fs::create_directories(dir_ / "proj dirt");
  for (const char* outside : {"elsewhere", "proj dirt"}) {
    ASSERT_EQ(Bash(Jailed("pwd"), dir_ / outside), 0) << out_;
    EXPECT_EQ(out_, project_ + "\n") << outside;
  }
}

TEST_F(JailedCommandRuns, ExitStatusPassesThrough) {
  EXPECT_EQ(Bash(Jailed("exit 7"), dir_ / "proj dir"), 7);
  EXPECT_EQ(Bash(Jailed("false"), dir_ / "proj dir"), 1);
  EXPECT_EQ(Bash(Jailed("echo out; echo err >&2; exit 3"), dir_ / "proj dir"), 3);
  EXPECT_EQ(out_, "out\nerr\n");
}

TEST(ShellWord, QuotesAnythingButSafeWords) {
  EXPECT_EQ(ShellWord("/usr/bin/paddock"), "/usr/bin/paddock");
  EXPECT_EQ(ShellWord(""), "''");
  EXPECT_EQ(ShellWord("a b"), "'a b'");
  EXPECT_EQ(ShellWord("it's"), "'it'\\''s'");
  EXPECT_EQ(ShellWord("$x\n"), "'$x\n'");
}

// The hook: which calls are rewritten, and how.
class JailHook : public ::testing::Test {
 protected:
  void SetUp() override {
    config_.settings.managed_dir = "/nonexistent/paddock-managed";
    config_.settings.home = "/nonexistent/home";
    config_.jail_commands = JailCommands{"/opt/paddock/bin/paddock", "/nonexistent/proj"};
    facts_.texts["/nonexistent/proj/.claude/settings.json"] =
        json{{"permissions", {{"deny", {"Bash(sudo:*)", "Read(./.env)"}}, {"ask", {"Bash(git push:*)"}}}}}.dump();
  }
  HookAnswer Run(const std::string& tool, const json& input, const std::string& mode = "bypassPermissions") {
    json event = {{"hook_event_name", "PreToolUse"}, {"tool_name", tool},   {"cwd", "/nonexistent/proj"},
                  {"permission_mode", mode},         {"tool_input", input}, {"tool_use_id", "toolu_1"}};
    return HandleEvent(event.dump(), config_, facts_);
  }
  HookConfig config_;
  rules::SettingsFacts facts_;
};

TEST_F(JailHook, AllowedBashIsAllowedAndRewrittenKeepingEveryOtherField) {
  json input = {{"command", "make test"},
                {"description", "run the tests"},
                {"timeout", 120000},
                {"run_in_background", true},
                {"dangerouslyDisableSandbox", false}};
  HookAnswer a = Run("Bash", input);
  ASSERT_EQ(a.exit_code, 0) << a.err;
  json out = json::parse(a.out)["hookSpecificOutput"];
  EXPECT_EQ(out["hookEventName"], "PreToolUse");
  EXPECT_EQ(out["permissionDecision"], "allow");
  EXPECT_NE(out["permissionDecisionReason"].get<std::string>().find("jailed"), std::string::npos);
  json want = input;
  want["command"] = JailedCommand(*config_.jail_commands, "make test");
  EXPECT_EQ(out["updatedInput"], want);
  EXPECT_EQ(want["command"].get<std::string>().rfind("/opt/paddock/bin/paddock run --project /nonexistent/proj -- ", 0),
            0u);
  EXPECT_EQ(a.audit["jailed"], true);
  EXPECT_EQ(a.audit["command"], "make test");  // the audit names what the agent asked for
}

TEST_F(JailHook, DeniedCommandsStayDeniedAndAreNotRewritten) {
  HookAnswer a = Run("Bash", {{"command", "echo x | sudo id"}});
  EXPECT_EQ(a.exit_code, 2);
  EXPECT_TRUE(a.out.empty());
  EXPECT_NE(a.err.find("Bash(sudo:*)"), std::string::npos);
  EXPECT_FALSE(a.jailed);
  // Ask that cannot be asked is deny, as without the option.
  HookAnswer b = Run("Bash", {{"command", "git push"}});
  EXPECT_EQ(b.exit_code, 2);
  EXPECT_TRUE(b.out.empty());
  // The Read rule on a reader in a command.
  EXPECT_EQ(Run("Bash", {{"command", "cat .env"}}).exit_code, 2);
}

TEST_F(JailHook, AskIsPutToTheUserAlreadyRewritten) {
  HookAnswer a = Run("Bash", {{"command", "git push"}}, "default");
  ASSERT_EQ(a.exit_code, 0);
  json out = json::parse(a.out)["hookSpecificOutput"];
  EXPECT_EQ(out["permissionDecision"], "ask");
  EXPECT_EQ(out["updatedInput"]["command"], JailedCommand(*config_.jail_commands, "git push"));
}

TEST_F(JailHook, OtherToolsAreUntouched) {
  HookAnswer read = Run("Read", {{"file_path", "/nonexistent/proj/README"}});
  EXPECT_EQ(read.exit_code, 0);
  EXPECT_TRUE(read.out.empty());
  EXPECT_EQ(Run("Read", {{"file_path", "/nonexistent/proj/.env"}}).exit_code, 2);
  HookAnswer edit = Run("Edit", {{"file_path", "/nonexistent/proj/a.c"}, {"old_string", "a"}, {"new_string", "b"}});
  EXPECT_TRUE(edit.out.empty());
  EXPECT_FALSE(edit.jailed);
}

TEST_F(JailHook, WithoutAProjectItFailsClosed) {
  config_.jail_commands->project_dir = "";
  HookAnswer a = Run("Bash", {{"command", "ls"}});
  EXPECT_EQ(a.exit_code, 2);
  EXPECT_TRUE(a.failed_closed);
  EXPECT_TRUE(a.out.empty());
}

TEST_F(JailHook, WithoutTheOptionNothingIsRewritten) {
  config_.jail_commands.reset();
  HookAnswer a = Run("Bash", {{"command", "make test"}});
  EXPECT_EQ(a.exit_code, 0);
  EXPECT_TRUE(a.out.empty());
}

TEST(InitJailCommands, RegistersTheJailingHookAndTurnsClaudesSandboxOff) {
  auto profile = rules::FindInitProfile("standard");
  ASSERT_TRUE(profile.ok());
  json existing = {
      {"sandbox", {{"enabled", true}}},
      {"hooks",
       {{"PreToolUse",
         {{{"matcher", "*"}, {"hooks", {{{"type", "command"}, {"command", "/usr/bin/paddock hook"}}}}}}}}}};
  auto merged = rules::MergeInitSettings(existing, *profile, "/usr/bin/paddock hook --jail-commands", true);
  ASSERT_TRUE(merged.ok());
  const json& s = merged->settings;
  EXPECT_EQ(s["sandbox"], json({{"enabled", false}}));  // no strict keys merged in
  ASSERT_EQ(s["hooks"]["PreToolUse"].size(), 1u);
  EXPECT_EQ(s["hooks"]["PreToolUse"][0]["hooks"][0]["command"], "/usr/bin/paddock hook --jail-commands");
  EXPECT_EQ(merged->changed.size(), 2u);
  const json& deny = s["permissions"]["deny"];
  EXPECT_NE(std::find(deny.begin(), deny.end(), "Bash(sudo:*)"), deny.end());
  // Fresh: enabled=false written, nothing reported as changed.
  auto fresh = rules::MergeInitSettings(json::object(), *profile, "/p hook --jail-commands", true);
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(fresh->settings["sandbox"]["enabled"], false);
  EXPECT_TRUE(fresh->changed.empty());
}

}  // namespace
}  // namespace paddock::hook
