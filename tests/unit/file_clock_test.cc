// overlay::FileClockNow (src/overlay/file_clock.h): a run's start, on the
// clock of file ctimes. A file changed just before it must read as older,
// one changed just after as not older, or `paddock apply` reports a host
// change that happened before the run (a commit made right before it) as a
// conflict, or misses one made during the run.
#include "overlay/file_clock.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace paddock::overlay {
namespace {

int64_t CtimeNs(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return -1;
  return static_cast<int64_t>(st.st_ctim.tv_sec) * 1000000000 + st.st_ctim.tv_nsec;
}

// Changed as git and editors change files: looked at (stat), then changed,
// which with multigrain timestamps gives it a fine-grained ctime.
void Touch(const std::string& path) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT, 0600);
  ASSERT_GE(fd, 0);
  struct stat st {};
  fstat(fd, &st);
  ASSERT_EQ(write(fd, "x", 1), 1);
  close(fd);
}

// Created and written without being looked at: a coarse-grained ctime (at
// least the kernel's floor).
void Create(const std::string& path) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(write(fd, "x", 1), 1);
  close(fd);
}

TEST(FileClock, FilesChangedBeforeAreOlderAndFilesChangedAfterAreNot) {
  char dir[] = "/tmp/paddock-clock.XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  std::string before = std::string(dir) + "/before", after = std::string(dir) + "/after";
  // Many rounds: the cases that matter fall inside one tick of the coarse clock.
  int wrong_before = 0, wrong_after = 0;
  for (int i = 0; i < 300; ++i) {
    unlink(after.c_str());  // here: removing a file looked at raises the floor too
    Touch(before);
    int64_t start = FileClockNow(dir);
    Create(after);
    if (CtimeNs(before) >= start) ++wrong_before;
    if (CtimeNs(after) < start) ++wrong_after;
    Touch(after);
    if (CtimeNs(after) < start) ++wrong_after;
  }
  unlink(before.c_str());
  unlink(after.c_str());
  rmdir(dir);
  EXPECT_EQ(wrong_before, 0) << "changes made before the start read as made after it";
  EXPECT_EQ(wrong_after, 0) << "changes made after the start read as made before it";
}

}  // namespace
}  // namespace paddock::overlay
