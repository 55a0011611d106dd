#include "review/agent_configs.h"

#include <gtest/gtest.h>

#include <set>

namespace paddock::review {
namespace {

TEST(AgentConfigs, EachNameHasABitOfItsOwnAndOtherNamesNone) {
  const std::vector<std::string_view> names{".claude",   ".mcp.json",           ".vscode",
                                            ".envrc",    "rust-toolchain.toml", ".cargo",
                                            "mise.toml", ".dir-locals.el",      ".paddock.toml"};
  std::set<uint32_t> bits;
  uint32_t all = 0;
  for (auto name : names) {
    uint32_t bit = AgentConfigBit(name);
    EXPECT_NE(bit, 0u) << name;
    EXPECT_EQ(bit & (bit - 1), 0u) << name << ": one bit";
    bits.insert(bit);
    all |= bit;
  }
  EXPECT_EQ(bits.size(), names.size());
  auto back = AgentConfigNames(all);
  EXPECT_EQ(std::set<std::string_view>(back.begin(), back.end()),
            std::set<std::string_view>(names.begin(), names.end()));
  for (std::string_view other : {"", ".", ".git", ".bashrc", ".gitconfig", ".tool-versions", "claude", ".claude2",
                                 ".vscode/", "src", "mise", "README.md"})
    EXPECT_EQ(AgentConfigBit(other), 0u) << other;
}

TEST(AgentConfigs, TheEffectNamesTheToolAndTheDirectory) {
  EXPECT_EQ(AgentConfigEffect(".claude", "app/"),
            "Claude Code started in app/ runs the hooks and MCP servers it names");
  EXPECT_EQ(AgentConfigEffect(".envrc", "a/b/"), "direnv runs it on entering a/b/");
  EXPECT_NE(AgentConfigEffect(".vscode", "app/").find("runOn folderOpen"), std::string::npos);
  EXPECT_EQ(AgentConfigEffect(".unknown", "app/"), "");
  // Every name has one.
  for (auto name : AgentConfigNames(~uint32_t{0})) EXPECT_NE(AgentConfigEffect(name, "x/"), "") << name;
}

TEST(AgentConfigs, OnlyDependencyTreesAreIgnored) {
  EXPECT_TRUE(AgentConfigsIgnoredBelow("node_modules"));
  EXPECT_FALSE(AgentConfigsIgnoredBelow("app"));
  EXPECT_FALSE(AgentConfigsIgnoredBelow("node_modules2"));
}

}  // namespace
}  // namespace paddock::review
