// A project (the overlay's lower) and an --overlay run's upper dir built by
// hand in a temporary directory, as overlayfs would leave them: whiteouts
// are 0:0 character devices (which an unprivileged user may make), opaque
// directories and copied-up entries carry user.overlay.* xattrs.
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

#include "changes/pending_run.h"
#include "overlay/run_store.h"

namespace paddock::overlay {

inline int64_t RealtimeNs() {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

class OverlayTree : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/paddock-overlay.XXXXXX";
    ASSERT_TRUE(mkdtemp(tmpl));
    char real[PATH_MAX];
    ASSERT_TRUE(realpath(tmpl, real));
    dir_ = real;
    project_ = dir_ + "/project";
    runs_ = dir_ + "/state/overlays/project-0123";
    ASSERT_EQ(mkdir(project_.c_str(), 0755), 0);
  }
  void TearDown() override { (void)!system(("chmod -R u+rwx " + dir_ + " 2>/dev/null; rm -rf " + dir_).c_str()); }

  // The run starts now (after the project's files were made) and has ended.
  void StartRun(bool end = true) {
    run_.id = "20261203-201512-3f2a";
    run_.project = project_;
    run_.pid = getpid();
    run_.argv = {"claude"};
    run_.started_ns = RealtimeNs() + 1;
    run_dir_ = runs_ + "/" + run_.id;
    ASSERT_TRUE(CreateRun(run_dir_, run_));
    if (end) {
      ASSERT_TRUE(FinishRun(run_dir_, 0));
      run_ = LoadRun(run_dir_).run;  // as FinishRun left it: SaveRun(run_dir_, run_) keeps it ended
    }
    upper_ = run_dir_ + "/upper";
  }
  // Lets the clock pass the start, so the host's next change is after it.
  static void AfterTheStart() { usleep(50 * 1000); }
  StoredRun Stored() const { return LoadRun(run_dir_); }

  static void WriteFile(const std::string& path, const std::string& text, mode_t mode) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
    ASSERT_EQ(chmod(path.c_str(), mode), 0) << path;
  }
  static void Xattr(const std::string& path, const char* name, const std::string& value) {
    ASSERT_EQ(lsetxattr(path.c_str(), name, value.data(), value.size(), 0), 0) << path << " " << name;
  }
  static std::string Read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  static mode_t Mode(const std::string& path) {
    struct stat st;
    return lstat(path.c_str(), &st) == 0 ? st.st_mode & 07777 : 01000000;
  }
  static bool Exists(const std::string& path) {
    struct stat st;
    return lstat(path.c_str(), &st) == 0;
  }

  void HostFile(const std::string& rel, const std::string& text, mode_t mode = 0644) {
    WriteFile(project_ + "/" + rel, text, mode);
  }
  void HostDir(const std::string& rel, mode_t mode = 0755) {
    ASSERT_EQ(mkdir((project_ + "/" + rel).c_str(), mode), 0) << rel;
    ASSERT_EQ(chmod((project_ + "/" + rel).c_str(), mode), 0);
  }
  void HostLink(const std::string& rel, const std::string& target) {
    ASSERT_EQ(symlink(target.c_str(), (project_ + "/" + rel).c_str()), 0) << rel;
  }

  void UpperFile(const std::string& rel, const std::string& text, mode_t mode = 0644, bool origin = false) {
    WriteFile(upper_ + "/" + rel, text, 0644);
    if (origin) Xattr(upper_ + "/" + rel, "user.overlay.origin", "");  // while writable, as a user
    ASSERT_EQ(chmod((upper_ + "/" + rel).c_str(), mode), 0);
  }
  void UpperDir(const std::string& rel, mode_t mode = 0755, bool opaque = false, bool origin = false) {
    std::string path = upper_ + "/" + rel;
    ASSERT_EQ(mkdir(path.c_str(), 0755), 0) << rel;
    if (opaque) Xattr(path, "user.overlay.opaque", "y");
    if (origin) Xattr(path, "user.overlay.origin", "");
    ASSERT_EQ(chmod(path.c_str(), mode), 0);
  }
  void UpperLink(const std::string& rel, const std::string& target) {
    ASSERT_EQ(symlink(target.c_str(), (upper_ + "/" + rel).c_str()), 0) << rel;
  }
  void Whiteout(const std::string& rel) {
    ASSERT_EQ(mknod((upper_ + "/" + rel).c_str(), S_IFCHR | 0000, makedev(0, 0)), 0) << rel;
  }

  std::string dir_, project_, runs_, run_dir_, upper_;
  changes::PendingRun run_;
};

}  // namespace paddock::overlay
