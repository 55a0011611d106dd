// plan/ is pure and includes no kernel headers: the seccomp table and the
// Landlock rights spell the kernel's numbers out. This test (which may
// include them) checks each spelled-out number against the headers of the
// machine that builds it.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <linux/landlock.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/personality.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <algorithm>

#include "plan/landlock_rules.h"
#include "plan/seccomp_table.h"

namespace paddock::plan {
namespace {

bool Denies(const SeccompProfile& p, const std::string& call, uint64_t a0 = 0, uint64_t a1 = 0, uint64_t a2 = 0,
            uint64_t a3 = 0) {
  uint64_t args[6] = {a0, a1, a2, a3, 0, 0};
  return RulesMatch(p.rules, call, args);
}

TEST(KernelNumbers, SeccompTableMatchesTheKernelHeaders) {
  auto p = DefaultSeccompProfile({});
  EXPECT_TRUE(Denies(p, "ioctl", 0, TIOCSTI));
  EXPECT_TRUE(Denies(p, "ioctl", 0, TIOCLINUX));
  EXPECT_FALSE(Denies(p, "ioctl", 0, TIOCGWINSZ));
  EXPECT_TRUE(Denies(p, "chmod", 0, S_ISUID | 0755));
  EXPECT_TRUE(Denies(p, "fchmodat", 0, 0, S_ISGID | 0755));
  EXPECT_TRUE(Denies(p, "openat", 0, 0, O_CREAT, S_ISUID | 0644));
  EXPECT_FALSE(Denies(p, "chmod", 0, S_ISVTX | 0755));
  EXPECT_TRUE(Denies(p, "clone", CLONE_NEWUSER));
  EXPECT_TRUE(Denies(p, "unshare", CLONE_NEWUSER | CLONE_NEWNS));
  EXPECT_FALSE(Denies(p, "unshare", CLONE_NEWNS));
  for (int family : {AF_UNIX, AF_INET, AF_INET6, AF_NETLINK}) EXPECT_FALSE(Denies(p, "socket", family)) << family;
  for (int family : {AF_PACKET, AF_VSOCK, AF_ALG}) EXPECT_TRUE(Denies(p, "socket", family)) << family;
  for (unsigned persona : {unsigned{PER_LINUX}, unsigned{PER_LINUX32}, unsigned{UNAME26}, 0xffffffffu})
    EXPECT_FALSE(Denies(p, "personality", persona));
  EXPECT_TRUE(Denies(p, "personality", READ_IMPLIES_EXEC));
  EXPECT_TRUE(Denies(p, "personality", ADDR_NO_RANDOMIZE));
  EXPECT_FALSE(Denies(DefaultSeccompProfile({.allow_debug = true}), "personality", ADDR_NO_RANDOMIZE));
}

TEST(KernelNumbers, LandlockRightsMatchTheKernelHeaders) {
  EXPECT_EQ(landlock::kExecute, LANDLOCK_ACCESS_FS_EXECUTE);
  EXPECT_EQ(landlock::kWriteFile, LANDLOCK_ACCESS_FS_WRITE_FILE);
  EXPECT_EQ(landlock::kReadFile, LANDLOCK_ACCESS_FS_READ_FILE);
  EXPECT_EQ(landlock::kReadDir, LANDLOCK_ACCESS_FS_READ_DIR);
  EXPECT_EQ(landlock::kRemoveDir, LANDLOCK_ACCESS_FS_REMOVE_DIR);
  EXPECT_EQ(landlock::kRemoveFile, LANDLOCK_ACCESS_FS_REMOVE_FILE);
  EXPECT_EQ(landlock::kMakeChar, LANDLOCK_ACCESS_FS_MAKE_CHAR);
  EXPECT_EQ(landlock::kMakeDir, LANDLOCK_ACCESS_FS_MAKE_DIR);
  EXPECT_EQ(landlock::kMakeReg, LANDLOCK_ACCESS_FS_MAKE_REG);
  EXPECT_EQ(landlock::kMakeSock, LANDLOCK_ACCESS_FS_MAKE_SOCK);
  EXPECT_EQ(landlock::kMakeFifo, LANDLOCK_ACCESS_FS_MAKE_FIFO);
  EXPECT_EQ(landlock::kMakeBlock, LANDLOCK_ACCESS_FS_MAKE_BLOCK);
  EXPECT_EQ(landlock::kMakeSym, LANDLOCK_ACCESS_FS_MAKE_SYM);
  EXPECT_EQ(landlock::kRefer, LANDLOCK_ACCESS_FS_REFER);
  // Later ABIs, when the build machine's headers know them.
#ifdef LANDLOCK_ACCESS_FS_TRUNCATE
  EXPECT_EQ(landlock::kTruncate, LANDLOCK_ACCESS_FS_TRUNCATE);
#endif
#ifdef LANDLOCK_ACCESS_FS_IOCTL_DEV
  EXPECT_EQ(landlock::kIoctlDev, LANDLOCK_ACCESS_FS_IOCTL_DEV);
#endif
#ifdef LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET
  EXPECT_EQ(landlock::kScopeAbstractUnix, LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET);
  EXPECT_EQ(landlock::kScopeSignal, LANDLOCK_SCOPE_SIGNAL);
#endif
}

}  // namespace
}  // namespace paddock::plan
