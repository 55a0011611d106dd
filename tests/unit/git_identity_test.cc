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

TEST(GitIdentity, TheUsersOwnGitConfigSystemForTheJailIsLeftAlone) {
  LaunchPlan plan;
  plan.env = {"GIT_CONFIG_NOSYSTEM=1"};
  AddJailGitIdentity({"Ada", "ada@example.com"}, plan);
  EXPECT_TRUE(plan.mounts.empty());
  EXPECT_EQ(plan.env.size(), 1u);
  LaunchPlan fresh;
  AddJailGitIdentity({}, fresh);
  EXPECT_TRUE(fresh.mounts.empty() && fresh.env.empty());
}

}  // namespace
}  // namespace paddock::plan
