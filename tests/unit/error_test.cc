// The error convention (docs/errors.md): fields, the one formatting function,
// hints and layers.
#include "base/error.h"

#include <gtest/gtest.h>

#include <cerrno>

namespace paddock {
namespace {

TEST(Error, SysErrorKeepsItsTextAndFields) {
  Error e = SysError("bind-mount", "/home/u/proj", ENOENT);
  EXPECT_EQ(e.message, "cannot bind-mount /home/u/proj: No such file or directory");
  EXPECT_EQ(e.operation, "bind-mount");
  EXPECT_EQ(e.object, "/home/u/proj");
  EXPECT_EQ(e.err, ENOENT);
  EXPECT_EQ(e.reason, "No such file or directory");
  EXPECT_TRUE(e.hint.empty());
  EXPECT_TRUE(e.layer.empty());
}

TEST(Error, OpErrorHasNoErrnoAndMayHaveNoObject) {
  Error e = OpError("parse cpus", "", "'x' is not a number");
  EXPECT_EQ(e.message, "cannot parse cpus: 'x' is not a number");
  EXPECT_EQ(e.err, 0);
  EXPECT_EQ(e.reason, "'x' is not a number");
}

TEST(Error, FormatErrorPrefixesEveryLineAndAddsTheHint) {
  Error plain = SysError("open", "/x", EACCES);
  EXPECT_EQ(FormatError(plain), "paddock: cannot open /x: Permission denied\n");
  Error hinted = OpError("apply layer", "landlock", "the kernel has no Landlock")
                     .WithHint("pass --degrade landlock to run without it")
                     .WithLayer("landlock");
  EXPECT_EQ(FormatError(hinted),
            "paddock: cannot apply layer landlock: the kernel has no Landlock\n"
            "paddock: hint: pass --degrade landlock to run without it\n");
  EXPECT_EQ(hinted.layer, "landlock");
  EXPECT_EQ(FormatError(hinted, "x: "),
            "x: cannot apply layer landlock: the kernel has no Landlock\n"
            "x: hint: pass --degrade landlock to run without it\n");
}

TEST(Error, BuildersOnACopyLeaveTheOriginal) {
  const Error base = SysError("read", "/f", EIO);
  Error with = base.WithHint("retry").WithLayer("options");
  EXPECT_TRUE(base.hint.empty());
  EXPECT_EQ(with.hint, "retry");
  EXPECT_EQ(with.layer, "options");
  EXPECT_EQ(with.message, base.message);
}

TEST(Error, FreeTextErrorsStillWork) {
  Error e{"stage mounts: cannot open mount point /p: No such file or directory"};
  EXPECT_EQ(FormatError(e), "paddock: stage mounts: cannot open mount point /p: No such file or directory\n");
}

}  // namespace
}  // namespace paddock
