#include "base/strings.h"

#include <gtest/gtest.h>

namespace paddock {

TEST(Strings, PathIsWithinRespectsComponentBoundaries) {
  EXPECT_TRUE(PathIsWithin("/home/u/proj", "/home/u"));
  EXPECT_TRUE(PathIsWithin("/home/u", "/home/u"));
  EXPECT_FALSE(PathIsWithin("/home/user2", "/home/u"));
  EXPECT_TRUE(PathIsWithin("/x", "/"));
}

TEST(Strings, NormalizePathCollapsesDotsAndSlashes) {
  EXPECT_EQ(NormalizePath("/a//b/./c/../d"), "/a/b/d");
  EXPECT_EQ(NormalizePath("/../.."), "/");
  EXPECT_EQ(NormalizePath("/"), "/");
}

TEST(Strings, SplitKeepsEmptyFields) {
  EXPECT_EQ(Split("a::b", ':'), (std::vector<std::string>{"a", "", "b"}));
}

}  // namespace paddock
