// OpenBelow: mount points resolved inside the new root without following a
// symlink, on the fast path (one openat2) and on the walk that makes what is
// missing.
#include "jail/mount_point.h"

#include <errno.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include "temp_dir_test.h"

namespace paddock::jail {
namespace {

class OpenBelowTest : public TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    root_ = open(dir_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    ASSERT_GE(root_, 0);
    ASSERT_EQ(mkdir((dir_ + "/a").c_str(), 0755), 0);
    ASSERT_EQ(mkdir((dir_ + "/a/b").c_str(), 0755), 0);
    ASSERT_EQ(close(open((dir_ + "/a/b/file").c_str(), O_CREAT | O_WRONLY, 0644)), 0);
    ASSERT_EQ(mkdir((dir_ + "/outside").c_str(), 0755), 0);
  }
  void TearDown() override {
    close(root_);
    TempDirTest::TearDown();
  }
  // The inode `fd` names, or 0.
  static ino_t Inode(int fd) {
    struct stat st;
    return fd >= 0 && fstat(fd, &st) == 0 ? st.st_ino : 0;
  }
  ino_t InodeOf(const std::string& rel) {
    struct stat st;
    return lstat((dir_ + "/" + rel).c_str(), &st) == 0 ? st.st_ino : 0;
  }
  // OpenBelow's result as "ok" (the right inode) or the errno's name.
  std::string Open(const char* rel, bool dir, bool create, const std::string& expect = "") {
    int fd = OpenBelow(root_, rel, dir, create);
    if (fd < 0) return errno == ENOENT ? "ENOENT" : errno == ELOOP ? "ELOOP" : errno == ENOTDIR ? "ENOTDIR" : "errno";
    ino_t got = Inode(fd);
    close(fd);
    return got == InodeOf(expect.empty() ? rel : expect) ? "ok" : "wrong inode";
  }
  int root_ = -1;
};

TEST_F(OpenBelowTest, OpensWhatExists) {
  EXPECT_EQ(Open("a/b", true, false), "ok");
  EXPECT_EQ(Open("a/b/file", false, false), "ok");
  EXPECT_EQ(Open("a/b/file", true, false), "ENOTDIR");
}

TEST_F(OpenBelowTest, MissingIsENOENTWithoutCreateAndMadeWithIt) {
  EXPECT_EQ(Open("a/b/none", false, false), "ENOENT");
  EXPECT_EQ(Open("a/x/y/none", true, false), "ENOENT");
  EXPECT_EQ(Open("a/x/y/dir", true, true), "ok");
  EXPECT_EQ(Open("a/x/y/newfile", false, true), "ok");
  struct stat st;
  ASSERT_EQ(lstat((dir_ + "/a/x/y/dir").c_str(), &st), 0);
  EXPECT_TRUE(S_ISDIR(st.st_mode));
  ASSERT_EQ(lstat((dir_ + "/a/x/y/newfile").c_str(), &st), 0);
  EXPECT_TRUE(S_ISREG(st.st_mode));
}

// A symlink planted where a mount point goes (the jail home and the project
// are writable by the agent) must not redirect the mount.
TEST_F(OpenBelowTest, NoSymlinkIsFollowedAnywhere) {
  ASSERT_EQ(symlink((dir_ + "/outside").c_str(), (dir_ + "/a/link").c_str()), 0);
  ASSERT_EQ(symlink("b/file", (dir_ + "/a/filelink").c_str()), 0);
  EXPECT_EQ(Open("a/link", true, false), "ENOTDIR");
  EXPECT_EQ(Open("a/link", true, true), "ENOTDIR");
  EXPECT_EQ(Open("a/link/x", true, true), "ENOTDIR");
  EXPECT_EQ(Open("a/filelink", false, false), "ELOOP");
  EXPECT_EQ(Open("a/filelink", false, true), "ELOOP");
  struct stat st;
  EXPECT_NE(lstat((dir_ + "/outside/x").c_str(), &st), 0) << "made a directory through the symlink";
}

}  // namespace
}  // namespace paddock::jail
