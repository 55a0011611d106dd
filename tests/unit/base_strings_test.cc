#include <gtest/gtest.h>

#include "base/strings.h"

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
  // Already-normal paths take a fast path; names that only start with dots are names.
  EXPECT_EQ(NormalizePath("/a/.hidden/..x/...b/c"), "/a/.hidden/..x/...b/c");
  EXPECT_EQ(NormalizePath("/a/b/"), "/a/b");
  EXPECT_EQ(NormalizePath("/a/."), "/a");
  EXPECT_EQ(NormalizePath("/a/b/.."), "/a");
  EXPECT_EQ(NormalizePath("/a/./b"), "/a/b");
  EXPECT_EQ(NormalizePath("/a/../b"), "/b");
  EXPECT_EQ(NormalizePath("relative/x"), "/relative/x");
}

TEST(Strings, SplitKeepsEmptyFields) { EXPECT_EQ(Split("a::b", ':'), (std::vector<std::string>{"a", "", "b"})); }

}  // namespace paddock

namespace paddock {
namespace {

TEST(HexEncode, EveryByteAsTwoLowerCaseDigits) {
  EXPECT_EQ(HexEncode(""), "");
  EXPECT_EQ(HexEncode(std::string("\x00\x0f\xa0\xff", 4)), "000fa0ff");
  EXPECT_EQ(HexEncode("Az"), "417a");
}

TEST(Strings, QuotedSpans) {
  using V = std::vector<std::string>;
  EXPECT_EQ(QuotedSpans(R"(call writefile(["x"], 'F'))", "\"'"), (V{"x", "F"}));
  // A quote of another kind inside one is text; an unclosed one ends the list.
  EXPECT_EQ(QuotedSpans(R"(a "it's" `b` 'c)", "\"'`"), (V{"it's", "b"}));
  EXPECT_EQ(QuotedSpans(R"(a "b")", "'"), V{});
  EXPECT_EQ(QuotedSpans(R"("" 'x)", "\"'"), V{""});
}

}  // namespace
}  // namespace paddock
