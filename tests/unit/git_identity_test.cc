// plan/git_identity.h: which config entries make the identity, and the file
// the jail's git reads it from.
#include "plan/git_identity.h"

#include <gtest/gtest.h>

namespace paddock::plan {
namespace {

GitIdentity From(const std::string& text) {
  GitIdentity id;
  for (const auto& e : git::ParseConfig(text).entries) TakeGitIdentity(e, id);
  return id;
}

TEST(GitIdentity, UserNameAndEmailOnlyTheLastOneWins) {
  GitIdentity id = From(
      "[user]\n\tname = First\n\temail = a@example.com\n\tsigningkey = ABC\n"
      "[user \"sub\"]\n\tname = Sub\n[author]\n\tname = Author\n[user]\n\tname = Second\n");
  EXPECT_EQ(id.name, "Second");
  EXPECT_EQ(id.email, "a@example.com");
  EXPECT_TRUE(From("[core]\n\tbare = false\n[user]\n\tname\n").empty()) << "a bare boolean is no name";
}

TEST(GitIdentity, AValueGitCouldNotReadBackIsNotTaken) {
  GitIdentity id = From("[user]\n\tname = Tab\\there\n\temail = \"line\\nbreak\"\n");
  EXPECT_EQ(id.name, "Tab\there");
  EXPECT_EQ(id.email, "");
}

TEST(GitIdentity, TheJailsSystemConfigIncludesTheHostsAndQuotesTheValues) {
  EXPECT_EQ(JailSystemGitConfig({}), "");
  std::string config = JailSystemGitConfig({"A \"B\" C\\D", ""});
  EXPECT_NE(config.find("[include]\n\tpath = /etc/gitconfig\n[user]\n\tname = \"A \\\"B\\\" C\\\\D\"\n"),
            std::string::npos)
      << config;
  EXPECT_EQ(config.find("email"), std::string::npos);
  // What git reads back is the value itself.
  GitIdentity back = From(config);
  EXPECT_EQ(back.name, "A \"B\" C\\D");
}

// git gc would fail on info/refs (for dumb-HTTP clients) in a read-only info/.
TEST(GitIdentity, GcDoesNotWriteServerInfoIntoAProtectedInfoDirectory) {
  EXPECT_EQ(JailSystemGitConfig({}, false, false), "");
  LaunchPlan plan;
  plan.protected_paths = {"/p/.git/hooks", "/p/.git/info", "/p/.git/config"};
  AddJailGitConfig({}, {}, plan);
  ASSERT_EQ(plan.mounts.size(), 1u);
  EXPECT_NE(plan.mounts[0].data.find("[repack]\n\tupdateServerInfo = false\n"), std::string::npos);
  LaunchPlan other;
  other.protected_paths = {"/p/src/info"};  // not a git directory's
  AddJailGitConfig({}, {}, other);
  EXPECT_TRUE(other.mounts.empty());
}

TEST(GitIdentity, TheUsersOwnGitConfigSystemForTheJailIsLeftAlone) {
  LaunchPlan plan;
  plan.env = {"GIT_CONFIG_NOSYSTEM=1"};
  AddJailGitConfig({"Ada", "ada@example.com"}, {"/.vscode/"}, plan);
  EXPECT_TRUE(plan.mounts.empty());
  EXPECT_EQ(plan.env.size(), 1u);
  LaunchPlan fresh;
  AddJailGitConfig({}, {}, fresh);
  EXPECT_TRUE(fresh.mounts.empty() && fresh.env.empty());
}

// Placeholders of the working tree are ignored by git (`git clean -d`,
// `git stash -u` would try to remove the mount points); those inside .git
// and elsewhere are not named, and glob characters are escaped.
TEST(GitIdentity, PlaceholdersOfTheWorkingTreeAreIgnoredByGit) {
  std::vector<Placeholder> ph = {{"/p/.vscode", true, "", false},    {"/p/.git/hooks", true, "", false},
                                 {"/p/sub/.envrc", true, "", false}, {"/p/we*rd!", true, "", false},
                                 {"/q/.claude", true, "", false},    {"/p/.gitmodules", false, "", false}};
  EXPECT_EQ(PlaceholderExcludes(ph, "/p"),
            (std::vector<std::string>{"/.vscode/", "/sub/.envrc/", "/we\\*rd\\!/", "/.gitmodules"}));
  LaunchPlan plan;
  AddJailGitConfig({}, {"/.vscode/"}, plan);
  ASSERT_EQ(plan.mounts.size(), 2u);
  EXPECT_NE(plan.mounts[0].data.find("[core]\n\texcludesFile = /run/paddock/git-excludes\n"), std::string::npos);
  EXPECT_EQ(plan.mounts[0].data.find("[user]"), std::string::npos);
  EXPECT_EQ(plan.mounts[1].target, kJailGitExcludes);
  EXPECT_NE(plan.mounts[1].data.find("\n/.vscode/\n"), std::string::npos);
}

}  // namespace
}  // namespace paddock::plan
