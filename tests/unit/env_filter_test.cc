#include "policy/env_filter.h"

#include <gtest/gtest.h>

namespace paddock::policy {
namespace {

TEST(EnvFilter, KeepsHarmlessNamesAndDropsSecrets) {
  std::map<std::string, std::string> host = {{"PATH", "/bin"},
                                             {"LC_ALL", "C"},
                                             {"TERM", "xterm"},
                                             {"GITHUB_TOKEN", "ghp"},
                                             {"AWS_SECRET_ACCESS_KEY", "k"},
                                             {"SSH_AUTH_SOCK", "/s"},
                                             {"LD_PRELOAD", "/x.so"},
                                             {"DISPLAY", ":0"}};
  auto env = FilterEnvironment(host, {}, {});
  EXPECT_EQ(env, (std::vector<std::string>{"LC_ALL=C", "PATH=/bin", "TERM=xterm"}));
}

TEST(EnvFilter, PassByNameOrSetValue) {
  std::map<std::string, std::string> host = {{"GITHUB_TOKEN", "ghp"}};
  auto env = FilterEnvironment(host, {"GITHUB_TOKEN", "FOO=bar=baz", "MISSING"}, {});
  EXPECT_EQ(env, (std::vector<std::string>{"FOO=bar=baz", "GITHUB_TOKEN=ghp"}));
}

TEST(EnvFilter, FixedValuesWin) {
  auto env = FilterEnvironment({{"HOME", "/real"}}, {"HOME=/evil"}, {{"HOME", "/jail"}});
  EXPECT_EQ(env, (std::vector<std::string>{"HOME=/jail"}));
}

TEST(EnvFilter, LcPrefixOnly) {
  EXPECT_TRUE(IsDefaultAllowedEnv("LC_CTYPE"));
  EXPECT_FALSE(IsDefaultAllowedEnv("XLC_CTYPE"));
  EXPECT_FALSE(IsDefaultAllowedEnv("PATHX"));
}

}  // namespace
}  // namespace paddock::policy
