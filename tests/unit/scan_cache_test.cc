#include "jail/scan_cache.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <fstream>

#include "temp_dir_test.h"

namespace paddock::jail {
namespace {

using ScanCacheTest = TempDirTest;

TEST_F(ScanCacheTest, RoundTripsEveryFieldIncludingOddNames) {
  ScanCache c;
  c[""] = {1, 100, 5, false, 0, {"src", "we\nird", ""}};
  c["src"] = {2, -1, 999999999, true, 19, {}};
  std::string path = dir_ + "/scan/x";  // the directory is created
  SaveScanCache(path, "/p", c);
  ScanCache back = LoadScanCache(path, "/p");
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[""].subdirs, (std::vector<std::string>{"src", "we\nird", ""}));
  EXPECT_EQ(back["src"].ino, 2u);
  EXPECT_EQ(back["src"].ctime_sec, -1);
  EXPECT_EQ(back["src"].ctime_nsec, 999999999u);
  EXPECT_TRUE(back["src"].has_git);
  EXPECT_EQ(back["src"].git_dir_names, 19u);
  EXPECT_EQ(back[""].git_dir_names, 0u);
}

TEST_F(ScanCacheTest, AnotherProjectOrADamagedFileGivesNothing) {
  ScanCache c;
  c[""] = {1, 100, 5, true, 0, {"a"}};
  std::string path = dir_ + "/c";
  SaveScanCache(path, "/p", c);
  EXPECT_TRUE(LoadScanCache(path, "/other").empty());
  std::ifstream in(path, std::ios::binary);
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (size_t cut = 0; cut < data.size(); ++cut) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << data.substr(0, cut);
    ScanCache got = LoadScanCache(path, "/p");
    EXPECT_TRUE(got.empty()) << "cut at " << cut;
  }
  EXPECT_TRUE(LoadScanCache(dir_ + "/missing", "/p").empty());
}

}  // namespace
}  // namespace paddock::jail
