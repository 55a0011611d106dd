#include "jail/index_cache.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>
#include <iterator>

#include "temp_dir_test.h"

namespace paddock::jail {
namespace {

using IndexCacheTest = TempDirTest;

TEST_F(IndexCacheTest, RoundTripsHiddenEntriesAndReasons) {
  IndexCache c;
  c["/p/.git/index"] = {"1:2:3", {std::string("skip-worktree") + '\0' + "a\nb", "x"}, ""};
  c["/p/sub/.git/index"] = {"4:5:6", {}, "a split index (core.splitIndex) is not checked"};
  std::string path = dir_ + "/scan/x.index";
  SaveIndexCache(path, c);
  IndexCache back = LoadIndexCache(path);
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back["/p/.git/index"].identity, "1:2:3");
  EXPECT_EQ(back["/p/.git/index"].hidden, c["/p/.git/index"].hidden);
  EXPECT_EQ(back["/p/sub/.git/index"].unreadable, "a split index (core.splitIndex) is not checked");
}

TEST_F(IndexCacheTest, ADamagedFileOrAnEmptyIdentityGivesNothing) {
  IndexCache c;
  c["/p/.git/index"] = {"1:2:3", {"x"}, ""};
  std::string path = dir_ + "/c";
  SaveIndexCache(path, c);
  std::ifstream in(path, std::ios::binary);
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (size_t cut = 1; cut < data.size(); ++cut) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << data.substr(0, cut);
    EXPECT_TRUE(LoadIndexCache(path).empty()) << "cut at " << cut;
  }
  c["/p/.git/index"].identity = "";
  SaveIndexCache(path, c);
  EXPECT_TRUE(LoadIndexCache(path).empty()) << "an identity is what makes an entry usable";
  EXPECT_TRUE(LoadIndexCache(dir_ + "/missing").empty());
}

}  // namespace
}  // namespace paddock::jail
