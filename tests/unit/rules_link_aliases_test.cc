// Links made by `ln` in the same command line, and paths through them.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "rules/link_aliases.h"

namespace paddock::rules {
namespace {

using Paths = std::vector<std::string>;

std::vector<LinkAlias> Links(const std::string& cmd) {
  ExtractOptions o;
  o.cwd = "/p";
  return LinksMade(Extract(cmd, o), "/home/u");
}

Paths Pairs(const std::vector<LinkAlias>& links) {
  Paths out;
  for (const auto& l : links) out.push_back(l.link + " -> " + l.target);
  return out;
}

TEST(LinkAliases, LnForms) {
  // LINK, or LINK/NAME when LINK is a directory: both readings.
  EXPECT_EQ(Pairs(Links("ln -s ~ h")), (Paths{"/p/h -> /home/u", "/p/h/u -> /home/u"}));
  // A symbolic link's relative target is read from the link's directory;
  // with -r, and for a hard link, from the working directory.
  EXPECT_EQ(Pairs(Links("ln -s ../.git/hooks sub/hk")),
            (Paths{"/p/sub/hk -> /p/.git/hooks", "/p/sub/hk/hooks -> /p/sub/.git/hooks"}));
  EXPECT_EQ(Pairs(Links("ln -sr .git/hooks sub/hk")),
            (Paths{"/p/sub/hk -> /p/.git/hooks", "/p/sub/hk/hooks -> /p/.git/hooks"}));
  EXPECT_EQ(Pairs(Links("ln .env e")), (Paths{"/p/e -> /p/.env", "/p/e/.env -> /p/.env"}));
  EXPECT_EQ(Pairs(Links("ln -s -t d ~/.ssh ~/.aws")),
            (Paths{"/p/d/.ssh -> /home/u/.ssh", "/p/d/.aws -> /home/u/.aws"}));
  EXPECT_EQ(Pairs(Links("ln --target-directory=d -s ~/.ssh")), (Paths{"/p/d/.ssh -> /home/u/.ssh"}));
  EXPECT_EQ(Pairs(Links("ln -s ~/.ssh")), (Paths{"/p/.ssh -> /home/u/.ssh"}));
  // GNU ln's shortest abbreviations (`--t` is only --target-directory, `--r`
  // only --relative; checked with coreutils 9.1), options after operands.
  EXPECT_EQ(Pairs(Links("ln --sy --t=d ~/.ssh")), (Paths{"/p/d/.ssh -> /home/u/.ssh"}));
  EXPECT_EQ(Pairs(Links("ln ~/.ssh --t d -s")), (Paths{"/p/d/.ssh -> /home/u/.ssh"}));
  EXPECT_EQ(Pairs(Links("ln --sym --r .git/hooks sub/hk")),
            (Paths{"/p/sub/hk -> /p/.git/hooks", "/p/sub/hk/hooks -> /p/.git/hooks"}));
  EXPECT_EQ(Pairs(Links("ln -sS .bak -- ~/.ssh k")), (Paths{"/p/k -> /home/u/.ssh", "/p/k/.ssh -> /home/u/.ssh"}));
  EXPECT_EQ(Pairs(Links("cd sub && ln -s ~ h")), (Paths{"/p/sub/h -> /home/u", "/p/sub/h/u -> /home/u"}));
  EXPECT_TRUE(Links("cat a b; cp a b").empty());
}

TEST(LinkAliases, PathsThroughLinks) {
  std::vector<LinkAlias> links = {{"/p/h", "/home/u"}, {"/p/b", "/p/h/.ssh"}};
  EXPECT_EQ(ThroughLinks("/p/h/.ssh/config", links), (Paths{"/home/u/.ssh/config"}));
  EXPECT_EQ(ThroughLinks("/p/b/config", links), (Paths{"/p/h/.ssh/config", "/home/u/.ssh/config"}));
  EXPECT_TRUE(ThroughLinks("/p/hx/config", links).empty());  // a sibling, not below the link
  EXPECT_TRUE(ThroughLinks("/p/src/a.c", links).empty());
  // A loop ends.
  std::vector<LinkAlias> loop = {{"/p/a", "/p/b"}, {"/p/b", "/p/a"}};
  EXPECT_LE(ThroughLinks("/p/a/x", loop).size(), 32u);
  EXPECT_EQ(ThroughLinks("/p/x/y", {{"/p/x", "/"}}), (Paths{"/y"}));
}

}  // namespace
}  // namespace paddock::rules
