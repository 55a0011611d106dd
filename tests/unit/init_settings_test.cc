#include "rules/init_settings.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "rules/jail_settings.h"

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

// Re-running init where paddock-hook now sits beside paddock: the old
// `paddock hook` registration becomes paddock-hook, so one tool call does
// not start the same hook twice. A user's own, other hook stays.
TEST(InitSettings, AnotherFormOfTheSameHookIsReplacedNotDoubled) {
  auto profile = FindInitProfile("minimal");
  ASSERT_TRUE(profile.ok());
  nlohmann::json hooks = nlohmann::json::array();
  for (const char* command : {"/opt/p/paddock hook", "/usr/bin/my-own-hook"})
    hooks.push_back({{"matcher", "*"}, {"hooks", {{{"type", "command"}, {"command", command}}}}});
  nlohmann::json existing = {{"hooks", {{"PreToolUse", hooks}}}};
  auto merged = MergeInitSettings(existing, *profile, "/opt/p/paddock-hook", false, {"/opt/p/paddock hook"});
  ASSERT_TRUE(merged.ok());
  std::vector<std::string> commands;
  for (const auto& group : merged->settings["hooks"]["PreToolUse"])
    for (const auto& h : group["hooks"]) commands.push_back(h["command"]);
  EXPECT_EQ(commands, (std::vector<std::string>{"/opt/p/paddock-hook", "/usr/bin/my-own-hook"}));
  ASSERT_EQ(merged->changed.size(), 1u);
  EXPECT_NE(merged->changed[0].find("/opt/p/paddock hook"), std::string::npos);
}

// A file that already holds both forms (an upgrade installed paddock-hook
// beside a registered `paddock hook`, then the user added the new form by
// hand): one entry is left per matcher, or the hook runs twice per call.
// Under another matcher the old form becomes the new one, as the user scoped it.
TEST(InitSettings, BothFormsOfTheSameHookBecomeOneEntryPerMatcher) {
  auto profile = FindInitProfile("minimal");
  ASSERT_TRUE(profile.ok());
  auto group = [](const char* matcher, std::vector<const char*> commands) {
    nlohmann::json list = nlohmann::json::array();
    for (const char* c : commands) list.push_back({{"type", "command"}, {"command", c}});
    return nlohmann::json{{"matcher", matcher}, {"hooks", list}};
  };
  nlohmann::json pre = nlohmann::json::array({group("*", {"/opt/p/paddock hook"}),
                                              group("*", {"/opt/p/paddock-hook", "/usr/bin/my-own-hook"}),
                                              group("Bash", {"/opt/p/paddock hook"})});
  nlohmann::json existing = {{"hooks", {{"PreToolUse", pre}}}};
  auto merged = MergeInitSettings(existing, *profile, "/opt/p/paddock-hook", false, {"/opt/p/paddock hook"});
  ASSERT_TRUE(merged.ok());
  std::vector<std::string> entries;
  for (const auto& g : merged->settings["hooks"]["PreToolUse"])
    for (const auto& h : g["hooks"])
      entries.push_back(g["matcher"].get<std::string>() + " " + h["command"].get<std::string>());
  EXPECT_EQ(entries,
            (std::vector<std::string>{"* /opt/p/paddock-hook", "* /usr/bin/my-own-hook", "Bash /opt/p/paddock-hook"}));
  ASSERT_EQ(merged->changed.size(), 2u);
  EXPECT_NE(merged->changed[0].find("removed"), std::string::npos) << merged->changed[0];
  EXPECT_NE(merged->changed[1].find("->"), std::string::npos) << merged->changed[1];
}

}  // namespace
}  // namespace paddock::rules

namespace paddock::rules {
namespace {

TEST(JailManagedSettings, AddsTheHookAndTheProfilesDenyRulesToThePresets) {
  nlohmann::json preset = {{"sandbox", {{"enabled", false}}}, {"permissions", {{"deny", {"Bash(mine:*)"}}}}};
  auto s = JailManagedSettings(preset, "minimal", "/usr/bin/paddock hook");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ((*s)["sandbox"]["enabled"], false);
  const auto& deny = (*s)["permissions"]["deny"];
  EXPECT_EQ(deny[0], "Bash(mine:*)");
  EXPECT_NE(std::find(deny.begin(), deny.end(), "Bash(sudo:*)"), deny.end());
  const auto& pre = (*s)["hooks"]["PreToolUse"];
  ASSERT_EQ(pre.size(), 1u);
  EXPECT_EQ(pre[0]["matcher"], "*");
  EXPECT_EQ(pre[0]["hooks"][0]["command"], "/usr/bin/paddock hook");
}

TEST(JailManagedSettings, RejectsAnUnknownProfileAndMalformedTables) {
  EXPECT_FALSE(JailManagedSettings(nlohmann::json::object(), "lax", "p hook").ok());
  EXPECT_FALSE(JailManagedSettings({{"hooks", {{"PreToolUse", "x"}}}}, "", "p hook").ok());
  EXPECT_FALSE(JailManagedSettings({{"permissions", 3}}, "", "p hook").ok());
}

}  // namespace
}  // namespace paddock::rules
