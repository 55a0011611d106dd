#include <gtest/gtest.h>

#include "git/index.h"

namespace paddock::git {
namespace {

// Builds index bytes as git writes them (gitformat-index(5)).
class IndexBuilder {
 public:
  explicit IndexBuilder(uint32_t version, size_t hash = 20) : version_(version), hash_(hash) {}
  IndexBuilder& Add(const std::string& path, bool assume = false, bool skip = false) {
    std::string e(40 + hash_, '\x01');
    bool extended = skip;
    uint16_t flags =
        static_cast<uint16_t>((assume ? 0x8000 : 0) | (extended ? 0x4000 : 0) | std::min<size_t>(path.size(), 0xfff));
    U16(e, flags);
    if (extended) U16(e, skip ? 0x4000 : 0);
    if (version_ == 4) {
      size_t common = 0;
      while (common < prev_.size() && common < path.size() && prev_[common] == path[common]) ++common;
      size_t strip = prev_.size() - common;
      Varint(e, strip);
      e += path.substr(common);
      e += '\0';
    } else {
      e += path;
      size_t padded = (e.size() + 8) & ~size_t{7};
      e.resize(padded, '\0');
    }
    prev_ = path;
    body_ += e;
    ++count_;
    return *this;
  }
  std::string Bytes(const std::string& extensions = "") const {
    std::string out = "DIRC";
    U32(out, version_);
    U32(out, count_);
    return out + body_ + extensions + std::string(hash_, '\x02');
  }
  static void U32(std::string& s, uint32_t v) {
    for (int i = 3; i >= 0; --i) s += static_cast<char>((v >> (8 * i)) & 0xff);
  }

 private:
  static void U16(std::string& s, uint16_t v) {
    s += static_cast<char>(v >> 8);
    s += static_cast<char>(v & 0xff);
  }
  // git's offset varint, the inverse of varint.c's decode.
  static void Varint(std::string& s, uint64_t v) {
    unsigned char buf[16];
    int pos = sizeof buf - 1;
    buf[pos] = v & 127;
    while (v >>= 7) buf[--pos] = 128 | (--v & 127);
    s.append(reinterpret_cast<char*>(buf + pos), sizeof buf - pos);
  }
  uint32_t version_;
  size_t hash_;
  std::string body_, prev_;
  uint32_t count_ = 0;
};

TEST(GitIndex, FlaggedEntriesOfEveryVersion) {
  for (uint32_t v : {3u, 4u}) {
    auto bytes = IndexBuilder(v)
                     .Add("a.txt")
                     .Add("src/hidden.c", false, true)
                     .Add("src/hidden2.c", true, false)
                     .Add(std::string(300, 'p') + "/long", true, true)
                     .Bytes();
    ParsedIndex idx = ParseIndex(bytes);
    ASSERT_TRUE(idx.error.empty()) << "v" << v << ": " << idx.error;
    EXPECT_EQ(idx.entries, 4u);
    ASSERT_EQ(idx.flagged.size(), 3u);
    EXPECT_EQ(idx.flagged[0].path, "src/hidden.c");
    EXPECT_TRUE(idx.flagged[0].skip_worktree);
    EXPECT_FALSE(idx.flagged[0].assume_unchanged);
    EXPECT_EQ(idx.flagged[1].path, "src/hidden2.c");
    EXPECT_TRUE(idx.flagged[1].assume_unchanged);
    EXPECT_TRUE(idx.flagged[2].skip_worktree && idx.flagged[2].assume_unchanged);
  }
  ParsedIndex v2 = ParseIndex(IndexBuilder(2).Add("x", true).Add("y").Bytes());
  ASSERT_TRUE(v2.error.empty()) << v2.error;
  ASSERT_EQ(v2.flagged.size(), 1u);
  EXPECT_EQ(v2.flagged[0].path, "x");
}

TEST(GitIndex, Sha256AndSplitIndex) {
  auto bytes = IndexBuilder(3, 32).Add("f", false, true).Bytes();
  EXPECT_TRUE(ParseIndex(bytes, 32).error.empty());
  EXPECT_EQ(ParseIndex(bytes, 32).flagged.size(), 1u);
  std::string link = "link";
  IndexBuilder::U32(link, 20);
  link += std::string(20, '\x03');
  EXPECT_TRUE(ParseIndex(IndexBuilder(2).Add("f").Bytes(link)).split);
}

TEST(GitIndex, MalformedInputIsAnErrorNotACrash) {
  EXPECT_FALSE(ParseIndex("").error.empty());
  EXPECT_FALSE(ParseIndex("DIRC\0\0\0\x09\0\0\0\0").error.empty());
  std::string good = IndexBuilder(4).Add("abc").Add("abd").Bytes();
  for (size_t cut = 12; cut < good.size() - 20; ++cut) {
    // Truncated entry tables parse to an error (or fewer entries), never past the end.
    ParsedIndex idx = ParseIndex(good.substr(0, cut));
    EXPECT_TRUE(!idx.error.empty() || idx.entries <= 2u);
  }
  std::string v3 = IndexBuilder(3).Add("name").Bytes();
  v3[12 + 40 + 20 + 1] = 9;  // a name length that does not match
  EXPECT_FALSE(ParseIndex(v3).error.empty());
}

}  // namespace
}  // namespace paddock::git
