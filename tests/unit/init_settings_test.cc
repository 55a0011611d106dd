#include "rules/init_settings.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "rules/hook_handler.h"
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
  ASSERT_EQ(merged->changed.size(), 3u);
  EXPECT_NE(merged->changed[0].find("exec form"), std::string::npos) << merged->changed[0];
  EXPECT_NE(merged->changed[1].find("removed"), std::string::npos) << merged->changed[1];
  EXPECT_NE(merged->changed[2].find("->"), std::string::npos) << merged->changed[2];
  for (const auto& g : merged->settings["hooks"]["PreToolUse"])
    for (const auto& h : g["hooks"]) EXPECT_EQ(h.contains("args"), h["command"] == "/opt/p/paddock-hook") << h.dump();
}

// A one-word hook is written in exec form: Claude Code spawns it without
// /bin/sh in between (one process start per tool call fewer).
TEST(InitSettings, AOneWordHookIsRegisteredInExecForm) {
  auto profile = FindInitProfile("minimal");
  ASSERT_TRUE(profile.ok());
  auto merged = MergeInitSettings(nlohmann::json::object(), *profile, "/opt/p/paddock-hook");
  ASSERT_TRUE(merged.ok());
  const auto& h = merged->settings["hooks"]["PreToolUse"][0]["hooks"][0];
  EXPECT_EQ(h, (nlohmann::json{{"type", "command"},
                               {"command", "/opt/p/paddock-hook"},
                               {"args", nlohmann::json::array()},
                               {"timeout", 30}}));
  EXPECT_TRUE(merged->changed.empty());
}

// Re-running init over its own shell-form registration moves it to exec form
// in place: the user's timeout stays, no second entry appears.
TEST(InitSettings, OurShellFormRegistrationMovesToExecForm) {
  auto profile = FindInitProfile("minimal");
  ASSERT_TRUE(profile.ok());
  nlohmann::json hook = {{"type", "command"}, {"command", "/opt/p/paddock-hook"}, {"timeout", 9}};
  nlohmann::json existing = {{"hooks", {{"PreToolUse", {{{"matcher", "*"}, {"hooks", {hook}}}}}}}};
  auto merged = MergeInitSettings(existing, *profile, "/opt/p/paddock-hook");
  ASSERT_TRUE(merged.ok());
  const auto& pre = merged->settings["hooks"]["PreToolUse"];
  ASSERT_EQ(pre.size(), 1u);
  ASSERT_EQ(pre[0]["hooks"].size(), 1u);
  hook["args"] = nlohmann::json::array();
  EXPECT_EQ(pre[0]["hooks"][0], hook);
  ASSERT_EQ(merged->changed.size(), 1u);
  EXPECT_NE(merged->changed[0].find("without a shell"), std::string::npos) << merged->changed[0];
  // Run again: nothing left to change.
  auto again = MergeInitSettings(merged->settings, *profile, "/opt/p/paddock-hook");
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->changed.empty());
  EXPECT_EQ(again->settings, merged->settings);
}

// Older clients drop `args` and run `command` alone: a hook line with
// arguments stays in shell form, so --jail-commands can never be lost. An
// exec-form plain registration of the same binary becomes it, `args` gone.
TEST(InitSettings, AHookLineWithArgumentsStaysInShellForm) {
  auto profile = FindInitProfile("minimal");
  ASSERT_TRUE(profile.ok());
  nlohmann::json hook = {{"type", "command"}, {"command", "/opt/p/paddock-hook"}, {"args", nlohmann::json::array()}};
  nlohmann::json existing = {{"hooks", {{"PreToolUse", {{{"matcher", "*"}, {"hooks", {hook}}}}}}}};
  auto merged = MergeInitSettings(existing, *profile, "/opt/p/paddock-hook --jail-commands", true);
  ASSERT_TRUE(merged.ok());
  const auto& h = merged->settings["hooks"]["PreToolUse"][0]["hooks"][0];
  EXPECT_EQ(h, (nlohmann::json{{"type", "command"}, {"command", "/opt/p/paddock-hook --jail-commands"}}));
  auto fresh = MergeInitSettings(nlohmann::json::object(), *profile, "/opt/p/paddock hook");
  ASSERT_TRUE(fresh.ok());
  EXPECT_FALSE(fresh->settings["hooks"]["PreToolUse"][0]["hooks"][0].contains("args"));
}

// A user who wrote paddock's hook in exec form by hand (as Claude Code's
// documentation shows) is recognised: `paddock hook` in exec form is the same
// registration as in shell form, and becomes paddock-hook, not a second entry.
TEST(InitSettings, AnExecFormRegistrationIsRecognisedByItsCommandLine) {
  auto profile = FindInitProfile("minimal");
  ASSERT_TRUE(profile.ok());
  nlohmann::json hook = {{"type", "command"}, {"command", "/opt/p/paddock"}, {"args", {"hook"}}, {"timeout", 5}};
  nlohmann::json existing = {{"hooks", {{"PreToolUse", {{{"matcher", "Bash"}, {"hooks", {hook}}}}}}}};
  auto merged = MergeInitSettings(existing, *profile, "/opt/p/paddock-hook", false, {"/opt/p/paddock hook"});
  ASSERT_TRUE(merged.ok());
  const auto& pre = merged->settings["hooks"]["PreToolUse"];
  ASSERT_EQ(pre.size(), 1u);
  EXPECT_EQ(
      pre[0]["hooks"][0],
      (nlohmann::json{
          {"type", "command"}, {"command", "/opt/p/paddock-hook"}, {"args", nlohmann::json::array()}, {"timeout", 5}}));
}

TEST(HookHandler, TheCommandLineOfEitherForm) {
  using nlohmann::json;
  EXPECT_EQ(HandlerCommandLine({{"type", "command"}, {"command", "/p/paddock hook"}}), "/p/paddock hook");
  EXPECT_EQ(HandlerCommandLine({{"command", "/p/paddock"}, {"args", {"hook", "--jail-commands"}}}),
            "/p/paddock hook --jail-commands");
  EXPECT_EQ(HandlerCommandLine({{"command", "/p/paddock-hook"}, {"args", json::array()}}), "/p/paddock-hook");
  // Exec form whose words would need quoting in a line, or is malformed: never ours.
  EXPECT_EQ(HandlerCommandLine({{"command", "/p/paddock"}, {"args", {"hook; id"}}}), "");
  EXPECT_EQ(HandlerCommandLine({{"command", "/my dir/paddock-hook"}, {"args", json::array()}}), "");
  EXPECT_EQ(HandlerCommandLine({{"command", "/p/paddock"}, {"args", "hook"}}), "");
  EXPECT_EQ(HandlerCommandLine({{"type", "http"}, {"url", "http://x"}}), "");
  // A quoted path keeps shell form.
  EXPECT_FALSE(HookHandler("'/my dir/paddock-hook'").contains("args"));
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
  EXPECT_FALSE(pre[0]["hooks"][0].contains("args"));
  auto exec = JailManagedSettings(nlohmann::json::object(), "", "/usr/bin/paddock-hook");
  ASSERT_TRUE(exec.ok());
  EXPECT_EQ((*exec)["hooks"]["PreToolUse"][0]["hooks"][0]["args"], nlohmann::json::array());
}

TEST(JailManagedSettings, RejectsAnUnknownProfileAndMalformedTables) {
  EXPECT_FALSE(JailManagedSettings(nlohmann::json::object(), "lax", "p hook").ok());
  EXPECT_FALSE(JailManagedSettings({{"hooks", {{"PreToolUse", "x"}}}}, "", "p hook").ok());
  EXPECT_FALSE(JailManagedSettings({{"permissions", 3}}, "", "p hook").ok());
}

}  // namespace
}  // namespace paddock::rules
