#include "rules/init_settings.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace paddock::rules {
namespace {

bool Has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

TEST(InitSettings, ProtectsTheAgentsConfigurationFileByFile) {
  for (const char* name : {"minimal", "standard", "paranoid"}) {
    auto profile = FindInitProfile(name);
    ASSERT_TRUE(profile.ok()) << name;
    for (const char* rule :
         {"Edit(./.claude/settings.json)", "Edit(./.claude/settings.local.json)", "Edit(./.claude/hooks/**)",
          "Edit(./.git/hooks/**)", "Edit(./.git/config)", "Edit(./.mcp.json)"})
      EXPECT_TRUE(Has(profile->deny, rule)) << name << " lacks " << rule;
    // A rule on all of .claude/ becomes a read-only bind in Claude Code's own
    // sandbox, which then fails every Bash command (seen with 2.1.197).
    EXPECT_FALSE(Has(profile->deny, "Edit(./.claude/**)")) << name;
  }
}

TEST(InitSettings, UnknownProfileIsAnError) { EXPECT_FALSE(FindInitProfile("lax").ok()); }

TEST(InitSettings, MergeKeepsTheUsersEntries) {
  auto profile = FindInitProfile("minimal");
  ASSERT_TRUE(profile.ok());
  nlohmann::json existing = {{"permissions", {{"deny", {"Bash(make deploy:*)"}}, {"defaultMode", "default"}}}};
  auto merged = MergeInitSettings(existing, *profile, "/usr/bin/paddock hook");
  ASSERT_TRUE(merged.ok());
  const auto& deny = merged->settings["permissions"]["deny"];
  EXPECT_NE(std::find(deny.begin(), deny.end(), "Bash(make deploy:*)"), deny.end());
  EXPECT_NE(std::find(deny.begin(), deny.end(), "Bash(sudo:*)"), deny.end());
  EXPECT_EQ(merged->settings["permissions"]["defaultMode"], "default");
  EXPECT_FALSE(merged->kept.empty());
}

}  // namespace
}  // namespace paddock::rules
