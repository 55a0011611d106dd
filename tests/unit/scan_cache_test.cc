#include "jail/scan_cache.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <fstream>
#include <iterator>

#include "jail/cache_file.h"
#include "temp_dir_test.h"

namespace paddock::jail {
namespace {

using ScanCacheTest = TempDirTest;

WalkedDir Dir(const WalkedDir* parent, std::string_view name, uint64_t ino) {
  WalkedDir d;
  d.parent = parent;
  d.name = name;
  d.ino = ino;
  return d;
}

TEST_F(ScanCacheTest, RoundTripsTheTreeWithEveryFieldAndOddNames) {
  WalkedDir root = Dir(nullptr, "", 1);
  root.ctime_sec = 100;
  root.ctime_nsec = 5;
  root.trusted = true;
  WalkedDir src = Dir(&root, "src", 2);
  src.ctime_sec = -1;
  src.ctime_nsec = 999999999;
  src.has_git = true;
  src.git_dir_names = 19;
  src.agent_configs = 0x8000000400000005;  // bits past the 32nd too
  WalkedDir weird = Dir(&root, "we\nird", 3);
  WalkedDir empty = Dir(&root, "", 4);
  WalkedDir deep = Dir(&src, "lib", 5);
  deep.trusted = true;
  // Saved in any order; the children of a directory come back by name.
  std::vector<const WalkedDir*> dirs{&deep, &weird, &src, &root, &empty};
  std::string path = dir_ + "/scan/x";  // the directory is created
  SaveScanCache(path, "/p", dirs);

  ScanCache back = LoadScanCache(path, "/p");
  ASSERT_EQ(back.size(), 5u);
  const CachedDir* r = back.Root();
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->ino, 1u);
  EXPECT_EQ(r->ctime_sec, 100);
  EXPECT_EQ(r->ctime_nsec, 5u);
  EXPECT_TRUE(r->trusted);
  EXPECT_FALSE(r->has_git);
  std::vector<std::string> names;
  for (const auto& k : back.Children(*r)) names.emplace_back(back.NameView(k));
  EXPECT_EQ(names, (std::vector<std::string>{"", "src", "we\nird"}));
  const CachedDir* s = back.Child(*r, "src");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->ino, 2u);
  EXPECT_EQ(s->ctime_sec, -1);
  EXPECT_EQ(s->ctime_nsec, 999999999u);
  EXPECT_FALSE(s->trusted);
  EXPECT_TRUE(s->has_git);
  EXPECT_EQ(s->git_dir_names, 19u);
  EXPECT_EQ(s->agent_configs, 0x8000000400000005u);
  EXPECT_EQ(r->agent_configs, 0u);
  EXPECT_STREQ(back.Name(*s), "src");  // NUL-terminated for the *at() calls
  const CachedDir* l = back.Child(*s, "lib");
  ASSERT_NE(l, nullptr);
  EXPECT_EQ(l->ino, 5u);
  EXPECT_TRUE(l->trusted);
  EXPECT_TRUE(back.Children(*l).empty());
  EXPECT_EQ(back.Child(*r, "lib"), nullptr) << "a grandchild is not a child";
  EXPECT_EQ(back.Child(*r, "sr"), nullptr);
  ASSERT_NE(back.Child(*r, "we\nird"), nullptr);
  EXPECT_EQ(back.Child(*r, "we\nird")->ino, 3u);
  ASSERT_NE(back.Child(*r, ""), nullptr);
  EXPECT_EQ(back.Child(*r, "")->ino, 4u);
}

// The cache of a project and its one subdirectory "a", saved at `path`;
// returns the file's bytes.
std::string SaveSmallTree(const std::string& path) {
  WalkedDir root = Dir(nullptr, "", 1);
  WalkedDir a = Dir(&root, "a", 2);
  std::vector<const WalkedDir*> dirs{&root, &a};
  SaveScanCache(path, "/p", dirs);
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

TEST_F(ScanCacheTest, AnotherProjectOrADamagedFileGivesNothing) {
  std::string path = dir_ + "/c";
  std::string data = SaveSmallTree(path);
  ASSERT_EQ(LoadScanCache(path, "/p").size(), 2u);
  EXPECT_TRUE(LoadScanCache(path, "/other").empty());
  for (size_t cut = 0; cut < data.size(); ++cut) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << data.substr(0, cut);
    EXPECT_TRUE(LoadScanCache(path, "/p").empty()) << "cut at " << cut;
  }
  EXPECT_TRUE(LoadScanCache(dir_ + "/missing", "/p").empty());
}

// A cache of the format before 64 agent config bits (v4: 32), well formed
// in its own layout, claiming a trusted directory that holds no config:
// discarded (the walk then reads everything), not read as the new layout.
TEST_F(ScanCacheTest, ACacheOfTheFormatBefore64ConfigBitsIsDiscarded) {
  std::string path = dir_ + "/c";
  std::string now = SaveSmallTree(path);
  ASSERT_EQ(now.compare(0, 16, "paddock-scan-v5\n"), 0);
  CacheWriter w;
  w.Raw("paddock-scan-v4\n", 16);
  w.Str("/p");
  w.U32(2);
  auto record = [&](std::string_view name, uint64_t ino, uint32_t first, uint32_t count) {
    w.U32(static_cast<uint32_t>(name.size()));
    w.Raw(name.data(), name.size());
    w.Raw("", 1);
    w.U64(ino);
    w.U64(100);  // ctime
    w.U32(0);
    w.U32(1);  // trusted
    w.U32(0);  // git dir names
    w.U32(0);  // agent configs: 32 bits in v4
    w.U32(first);
    w.U32(count);
  };
  record("", 1, 1, 1);
  record("a", 2, 0, 0);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << w.out;
  EXPECT_TRUE(LoadScanCache(path, "/p").empty());
  // The same records under the current magic are refused too: 4 bytes
  // short each.
  std::string relabeled = w.out;
  relabeled.replace(0, 16, "paddock-scan-v5\n");
  std::ofstream(path, std::ios::binary | std::ios::trunc) << relabeled;
  EXPECT_TRUE(LoadScanCache(path, "/p").empty());
}

// The last two fields of a record are its children's range; a range that
// points back at the record or an earlier one (a loop) or past the end is
// refused, as is a name without its NUL.
TEST_F(ScanCacheTest, ALoopOrARangeOutsideTheFileIsRefused) {
  std::string path = dir_ + "/c";
  const std::string good = SaveSmallTree(path);
  auto with = [&](size_t at, uint32_t value) {
    std::string bad = good;
    bad.replace(at, 4, reinterpret_cast<const char*>(&value), 4);
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bad;
    return LoadScanCache(path, "/p").size();
  };
  // The last record is "a": name size 4 + "a\0" 2 + ino 8 + sec 8 + nsec,
  // flags, git names 4 each + agent configs 8 + first, count 4 each = 50
  // bytes; the root's precedes it.
  const size_t a_record = good.size() - 50, a_first = good.size() - 8, root_first = a_record - 8;
  EXPECT_EQ(with(root_first, 1), 2u) << "the good file, rewritten in place";
  EXPECT_EQ(with(a_first + 4, 1), 0u) << "a child of itself";
  EXPECT_EQ(with(root_first, 0), 0u) << "the root its own child";
  EXPECT_EQ(with(root_first + 4, 2), 0u) << "past the end";
  EXPECT_EQ(with(root_first + 4, 0xffffffff), 0u) << "a count that overflows";
  std::string no_nul = good;
  no_nul[a_record + 4 + 1] = 'x';
  std::ofstream(path, std::ios::binary | std::ios::trunc) << no_nul;
  EXPECT_TRUE(LoadScanCache(path, "/p").empty()) << "no NUL after a name";
}

}  // namespace
}  // namespace paddock::jail
