#include "review/agent_configs.h"

#include <gtest/gtest.h>

#include <set>

namespace paddock::review {
namespace {

TEST(AgentConfigs, EachNameHasABitOfItsOwnAndOtherNamesNone) {
  const std::vector<std::string_view> names{
      ".claude",   ".mcp.json", ".vscode",        ".envrc",         "rust-toolchain.toml",
      ".cargo",    "mise.toml", ".dir-locals.el", ".paddock.toml",  ".continue",
      ".windsurf", ".opencode", "opencode.json",  "opencode.jsonc", ".roo",
      ".kiro",     ".amazonq",  ".qwen",          "crush.json",     ".crush.json"};
  std::set<uint64_t> bits;
  uint64_t all = 0;
  for (auto name : names) {
    uint64_t bit = AgentConfigBit(name);
    EXPECT_NE(bit, 0u) << name;
    EXPECT_EQ(bit & (bit - 1), 0u) << name << ": one bit";
    bits.insert(bit);
    all |= bit;
  }
  EXPECT_EQ(bits.size(), names.size());
  auto back = AgentConfigNames(all);
  EXPECT_EQ(std::set<std::string_view>(back.begin(), back.end()),
            std::set<std::string_view>(names.begin(), names.end()));
  // Files that are only prompt text run nothing.
  for (std::string_view other : {"", ".", ".git", ".bashrc", ".gitconfig", ".tool-versions", "claude", ".claude2",
                                 ".vscode/", "src", "mise", "README.md", "AGENTS.md", "CLAUDE.md", ".clinerules",
                                 ".windsurfrules", "opencode", "crush.json5", "config.json"})
    EXPECT_EQ(AgentConfigBit(other), 0u) << other;
}

// More than 32 names: those past the 32nd keep bits of their own, and the
// names of every bit come back.
TEST(AgentConfigs, NamesPastTheThirtySecondHaveBitsOfTheirOwn) {
  auto every = AgentConfigNames(kAllAgentConfigs);
  ASSERT_GT(every.size(), 32u);
  ASSERT_LE(every.size(), 64u);
  std::set<uint64_t> bits;
  for (auto name : every) bits.insert(AgentConfigBit(name));
  EXPECT_EQ(bits.size(), every.size());
  EXPECT_EQ(bits.count(0), 0u);
  EXPECT_GE(*bits.rbegin(), uint64_t{1} << 32);
  uint64_t high = *bits.rbegin();
  auto back = AgentConfigNames(high);
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(AgentConfigBit(back[0]), high);
}

TEST(AgentConfigs, TheEffectNamesTheToolAndTheDirectory) {
  EXPECT_EQ(AgentConfigEffect(".claude", "app/"),
            "Claude Code started in app/ runs the hooks and MCP servers it names");
  EXPECT_EQ(AgentConfigEffect(".envrc", "a/b/"), "direnv runs it on entering a/b/");
  EXPECT_NE(AgentConfigEffect(".vscode", "app/").find("runOn folderOpen"), std::string::npos);
  EXPECT_EQ(AgentConfigEffect("opencode.json", "app/"),
            "opencode started in app/ starts the MCP servers and loads the plugins it names");
  EXPECT_EQ(AgentConfigEffect(".opencode", "app/").find("opencode started in app/ loads the plugins"), 0u);
  EXPECT_EQ(AgentConfigEffect(".windsurf", "app/"),
            "Windsurf opened in app/ runs the Cascade hooks its hooks.json names");
  EXPECT_EQ(AgentConfigEffect(".crush.json", "app/"),
            "Crush started in app/ starts the MCP and language servers it names");
  EXPECT_EQ(AgentConfigEffect(".qwen", "app/"),
            "Qwen Code started in app/ starts the MCP servers its settings.json names");
  for (const char* name : {".roo", ".kiro", ".amazonq", ".continue"})
    EXPECT_NE(AgentConfigEffect(name, "app/").find("MCP servers"), std::string::npos) << name;
  EXPECT_EQ(AgentConfigEffect(".unknown", "app/"), "");
  // Every name has one.
  for (auto name : AgentConfigNames(kAllAgentConfigs)) EXPECT_NE(AgentConfigEffect(name, "x/"), "") << name;
}

TEST(AgentConfigs, OnlyDependencyTreesAreIgnored) {
  EXPECT_TRUE(AgentConfigsIgnoredBelow("node_modules"));
  EXPECT_FALSE(AgentConfigsIgnoredBelow("app"));
  EXPECT_FALSE(AgentConfigsIgnoredBelow("node_modules2"));
}

}  // namespace
}  // namespace paddock::review
