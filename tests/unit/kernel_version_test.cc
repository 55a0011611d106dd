#include "base/kernel_version.h"

#include <gtest/gtest.h>

namespace paddock {
namespace {

TEST(KernelVersion, ParsesMajorMinorOfARelease) {
  auto v = ParseKernelRelease("6.8.0-45-generic");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->major, 6);
  EXPECT_EQ(v->minor, 8);
  v = ParseKernelRelease("5.14\n");  // /proc/sys/kernel/osrelease ends in a newline
  ASSERT_TRUE(v);
  EXPECT_EQ(v->minor, 14);
  EXPECT_TRUE(ParseKernelRelease("5.8"));
}

TEST(KernelVersion, RefusesWhatIsNotMajorDotMinor) {
  for (const char* bad : {"", "6", "6.", ".8", "x.y", "6-8", "6.x"}) EXPECT_FALSE(ParseKernelRelease(bad)) << bad;
}

TEST(KernelVersion, AtLeastComparesMajorThenMinor) {
  KernelVersion v{5, 14};
  EXPECT_TRUE(v.AtLeast(5, 14));
  EXPECT_TRUE(v.AtLeast(5, 8));
  EXPECT_TRUE(v.AtLeast(4, 20));
  EXPECT_FALSE(v.AtLeast(5, 15));
  EXPECT_FALSE(v.AtLeast(6, 0));
}

}  // namespace
}  // namespace paddock
