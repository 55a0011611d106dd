#include "jail/read_file.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "temp_dir_test.h"

namespace paddock::jail {
namespace {

class ReadFileTest : public TempDirTest {
 protected:
  void Write(const std::string& name, const std::string& text) { std::ofstream(dir_ + "/" + name) << text; }
};

TEST_F(ReadFileTest, ReadsWithinTheBoundAndRefusesOrTruncatesBeyond) {
  Write("f", "hello");
  EXPECT_EQ(*ReadSmallFile(dir_ + "/f", 5), "hello");
  auto too_big = ReadSmallFile(dir_ + "/f", 4, {.op = "read thing"});
  ASSERT_FALSE(too_big);
  EXPECT_EQ(too_big.error().message, "cannot read thing " + dir_ + "/f: larger than 4 bytes");
  EXPECT_EQ(*ReadSmallFile(dir_ + "/f", 4, {.truncate = true}), "hell");
  // A device never ends: the bound stops it.
  EXPECT_FALSE(ReadSmallFile("/dev/zero", 1 << 20));
}

// Read in one go from the size fstat gives; /proc files say 0 and are read
// whole all the same.
TEST_F(ReadFileTest, LargeFilesAndFilesThatSayTheirSizeIsZero) {
  std::string big;
  for (int i = 0; big.size() < (3u << 19); ++i) big += std::to_string(i) + '\n';
  Write("big", big);
  auto whole = ReadSmallFile(dir_ + "/big", big.size());
  ASSERT_TRUE(whole);
  EXPECT_EQ(*whole, big);
  EXPECT_EQ(*ReadSmallFile(dir_ + "/big", 1000, {.truncate = true}), big.substr(0, 1000));
  EXPECT_FALSE(ReadSmallFile(dir_ + "/big", big.size() - 1));
  auto status = ReadSmallFile("/proc/self/status", 1 << 20);
  ASSERT_TRUE(status);
  EXPECT_NE(status->find("\nPid:"), std::string::npos);
  Write("empty", "");
  EXPECT_EQ(*ReadSmallFile(dir_ + "/empty", 10), "");
}

TEST_F(ReadFileTest, LinksFifosAndDirectories) {
  Write("f", "x");
  ASSERT_EQ(symlink("f", (dir_ + "/l").c_str()), 0);
  EXPECT_EQ(*ReadSmallFile(dir_ + "/l", 10), "x");
  EXPECT_FALSE(ReadSmallFile(dir_ + "/l", 10, {.follow_links = false}));
  // A FIFO reads as empty instead of hanging, unless only files will do.
  ASSERT_EQ(mkfifo((dir_ + "/p").c_str(), 0600), 0);
  EXPECT_EQ(*ReadSmallFile(dir_ + "/p", 10), "");
  EXPECT_FALSE(ReadSmallFile(dir_ + "/p", 10, {.regular_only = true}));
  EXPECT_FALSE(ReadSmallFile(dir_, 10));
  EXPECT_FALSE(ReadSmallFile(dir_ + "/missing", 10));
}

TEST_F(ReadFileTest, ListDirIsSortedWithoutDots) {
  Write("b", "");
  Write("a", "");
  EXPECT_EQ(ListDir(dir_), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(ListDir(dir_ + "/missing").empty());
}

}  // namespace
}  // namespace paddock::jail
