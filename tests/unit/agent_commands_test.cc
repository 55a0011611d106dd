#include "plan/agent_commands.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace paddock::plan {
namespace {

const std::string kHome = "/home/u";
const std::string kProject = "/home/u/proj";

std::vector<std::string> Files(const std::string& json) {
  std::vector<std::string> out;
  for (const auto& p : AgentCommandFiles(json, kProject, kHome)) out.push_back(p.path);
  return out;
}
bool Has(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

TEST(AgentCommands, SettingsFilesOfProtectedPaths) {
  using V = std::vector<std::string>;
  EXPECT_EQ(AgentSettingsFilesOf(kProject + "/.claude"),
            (V{kProject + "/.claude/settings.json", kProject + "/.claude/settings.local.json"}));
  EXPECT_EQ(AgentSettingsFilesOf(kHome + "/.claude/settings.json"), V{kHome + "/.claude/settings.json"});
  EXPECT_EQ(AgentSettingsFilesOf(kProject + "/.mcp.json"), V{kProject + "/.mcp.json"});
  EXPECT_EQ(AgentSettingsFilesOf("/data/claude/settings.json"), V{"/data/claude/settings.json"});
  EXPECT_EQ(AgentSettingsFilesOf(kProject + "/config.json"), V{});
  EXPECT_EQ(AgentSettingsFilesOf(kHome + "/.claude/hooks"), V{});
}

// The red team's case: a status line script in the shared ~/.claude.
TEST(AgentCommands, StatusLineHooksAndHelpers) {
  auto f = Files(R"({"statusLine": {"type": "command", "command": "bash ~/.claude/statusline-command.sh"},
    "hooks": {"PostToolUse": [{"matcher": "Edit", "hooks": [
       {"type": "command", "command": "\"$CLAUDE_PROJECT_DIR\"/scripts/format.sh --fix"},
       {"type": "command", "command": "python3 tools/check.py 2>/dev/null || true"}]}],
      "Stop": [{"hooks": [{"type": "command", "command": "${HOME}/bin/notify"}]}]},
    "apiKeyHelper": "/home/u/.claude/key.sh", "awsAuthRefresh": "aws sso login"})");
  EXPECT_TRUE(Has(f, kHome + "/.claude/statusline-command.sh"));
  EXPECT_TRUE(Has(f, kProject + "/scripts/format.sh"));
  EXPECT_TRUE(Has(f, kProject + "/tools/check.py"));
  EXPECT_TRUE(Has(f, kHome + "/bin/notify"));
  EXPECT_TRUE(Has(f, kHome + "/.claude/key.sh"));
  EXPECT_TRUE(Has(f, "/dev/null"));  // outside what the jail writes: the planner drops it
  EXPECT_FALSE(Has(f, kProject + "/sso"));
  EXPECT_FALSE(Has(f, kProject + "/--fix"));
}

TEST(AgentCommands, InterpretersScriptsAndInlineCode) {
  auto f = Files(R"({"hooks": {"Stop": [{"hooks": [
      {"command": "bash check.sh"}, {"command": "node -e 'x()' other.js"},
      {"command": "sh -lc 'cd web && ./lint.sh'"}, {"command": "python3 -W ignore hook.py"},
      {"command": "npx prettier --write ."}, {"command": "zsh -c \"bash -c 'perl ~/.claude/p.pl'\""}]}]}})");
  EXPECT_TRUE(Has(f, kProject + "/check.sh"));
  EXPECT_FALSE(Has(f, kProject + "/other.js"));  // an argument of inline code
  EXPECT_TRUE(Has(f, kProject + "/lint.sh"));    // the shell's command line is read in turn
  EXPECT_TRUE(Has(f, kProject + "/hook.py"));
  EXPECT_FALSE(Has(f, kProject + "/ignore"));    // an option's value without a dot
  EXPECT_FALSE(Has(f, kProject + "/prettier"));  // a program from PATH
  EXPECT_TRUE(Has(f, kHome + "/.claude/p.pl"));
}

// `python3 -m tools.lint` runs a module from the project: each file Python
// may take for it, marked as protected only while present.
TEST(AgentCommands, APythonModuleNamesTheFilesItMayBe) {
  auto named = AgentCommandFiles(R"({"hooks": {"Stop": [{"hooks": [
      {"command": "python3 -m tools.lint --fix"}, {"command": "python -m ../../x"}, {"command": "node -m a"}]}]}})",
                                 kProject, kHome);
  std::vector<std::string> present;
  for (const auto& n : named) {
    EXPECT_TRUE(n.if_present) << n.path;
    present.push_back(n.path);
  }
  std::sort(present.begin(), present.end());
  EXPECT_EQ(present,
            (std::vector<std::string>{kProject + "/tools/__init__.py", kProject + "/tools/lint.py",
                                      kProject + "/tools/lint/__init__.py", kProject + "/tools/lint/__main__.py"}));
}

TEST(AgentCommands, McpServersWithArgsAndEnvPaths) {
  auto mcp = AgentCommandFiles(R"({"mcpServers": {
      "local": {"command": "node", "args": ["./mcp/server.js", "--port", "1"]},
      "remote": {"type": "http", "url": "https://x.example/mcp"}}})",
                               kProject, kHome);
  ASSERT_EQ(mcp.size(), 1u);
  EXPECT_EQ(mcp[0].path, kProject + "/mcp/server.js");
  EXPECT_FALSE(mcp[0].from_env);
  auto env =
      AgentCommandFiles(R"({"env": {"PATH": "/home/u/.claude/bin:/usr/bin", "NODE_OPTIONS": "--require ~/.claude/x.js",
      "DEBUG": "1"}})",
                        kProject, kHome);
  std::vector<std::string> paths;
  for (const auto& p : env) {
    EXPECT_TRUE(p.from_env);
    paths.push_back(p.path);
  }
  EXPECT_TRUE(Has(paths, kHome + "/.claude/bin"));
  EXPECT_TRUE(Has(paths, "/usr/bin"));
  EXPECT_TRUE(Has(paths, kHome + "/.claude/x.js"));
}

TEST(AgentCommands, MalformedOrHostileTextNamesNothingOrIsBounded) {
  EXPECT_TRUE(Files("{not json").empty());
  EXPECT_TRUE(Files("[]").empty());
  EXPECT_TRUE(Files(R"({"command": 5, "hooks": null})").empty());
  std::string deep(10000, '[');
  EXPECT_TRUE(Files(deep).empty());
  std::string many = R"({"hooks": [)";
  for (int i = 0; i < 500; ++i) many += R"({"command": "/home/u/proj/s)" + std::to_string(i) + R"(.sh"},)";
  many += "{}]}";
  EXPECT_LE(Files(many).size(), 64u);
  EXPECT_TRUE(Files(R"({"command": "~other/x.sh $X/y.sh"})").empty());
}

}  // namespace
}  // namespace paddock::plan
