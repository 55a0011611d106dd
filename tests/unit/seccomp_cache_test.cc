// The compiled-filter cache must hand a run exactly what libseccomp would
// compile for its profile, or compile; never another profile's filter.
#include "jail/seccomp_cache.h"

#include <dirent.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "plan/seccomp_table.h"
#include "temp_dir_test.h"

namespace paddock::jail {
namespace {

bool SameFilter(const std::vector<sock_filter>& a, const std::vector<sock_filter>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].code != b[i].code || a[i].jt != b[i].jt || a[i].jf != b[i].jf || a[i].k != b[i].k) return false;
  return true;
}

void ExpectSameProgram(const SeccompProgram& got, const SeccompProgram& want) {
  EXPECT_TRUE(SameFilter(got.instructions, want.instructions));
  EXPECT_TRUE(SameFilter(got.guard, want.guard));
  EXPECT_EQ(got.flags, want.flags);
  EXPECT_EQ(got.skipped, want.skipped);
}

class SeccompCacheTest : public TempDirTest {
 protected:
  std::vector<std::string> Files() {
    std::vector<std::string> out;
    if (DIR* d = opendir(dir_.c_str())) {
      while (auto* e = readdir(d))
        if (e->d_name[0] != '.') out.push_back(dir_ + "/" + e->d_name);
      closedir(d);
    }
    return out;
  }
};

TEST_F(SeccompCacheTest, ACachedProgramIsWhatLibseccompCompiles) {
  auto profile = plan::DefaultSeccompProfile({});
  auto direct = CompileSeccomp(profile);
  ASSERT_TRUE(direct);
  auto first = CompileSeccompCached(profile, dir_);
  ASSERT_TRUE(first);
  ASSERT_EQ(Files().size(), 1u);
  auto second = CompileSeccompCached(profile, dir_);  // from the file
  ASSERT_TRUE(second);
  ExpectSameProgram(*first, *direct);
  ExpectSameProgram(*second, *direct);
}

TEST_F(SeccompCacheTest, EachProfileGetsItsOwnProgram) {
  auto plain = plan::DefaultSeccompProfile({});
  auto debug = plan::DefaultSeccompProfile({.allow_debug = true});
  ASSERT_TRUE(CompileSeccompCached(plain, dir_));
  auto got = CompileSeccompCached(debug, dir_);
  ASSERT_TRUE(got);
  ExpectSameProgram(*got, *CompileSeccomp(debug));
  EXPECT_EQ(Files().size(), 2u);
  // A profile that differs only in one rule's errno is another profile.
  auto changed = plain;
  changed.rules.back().errno_value += 1;
  EXPECT_NE(plan::SeccompProfileKey(changed), plan::SeccompProfileKey(plain));
  // The guard stacked under a custom profile is part of what is cached.
  auto guarded = plain;
  guarded.mandatory_guard = true;
  auto with_guard = CompileSeccompCached(guarded, dir_);
  ASSERT_TRUE(with_guard);
  EXPECT_FALSE(with_guard->guard.empty());
  ExpectSameProgram(*CompileSeccompCached(guarded, dir_), *CompileSeccomp(guarded));
}

std::string ReadAll(const std::string& path) {
  std::stringstream buf;
  buf << std::ifstream(path).rdbuf();
  return buf.str();
}

void WriteAll(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::trunc) << text;
  chmod(path.c_str(), 0600);
}

// The file name is a hash of the key; the key inside is compared in full,
// so another profile's file at this name (a collision) is never used.
TEST_F(SeccompCacheTest, AnotherProfilesFileUnderThisNameIsNotUsed) {
  auto plain = plan::DefaultSeccompProfile({});
  auto debug = plan::DefaultSeccompProfile({.allow_debug = true});
  auto plain_program = CompileSeccomp(plain), debug_program = CompileSeccomp(debug);
  ASSERT_FALSE(SameFilter(plain_program->instructions, debug_program->instructions));
  ASSERT_TRUE(CompileSeccompCached(plain, dir_));
  std::string plain_file = Files()[0];
  std::string other = dir_ + "/other";
  ASSERT_EQ(mkdir(other.c_str(), 0700), 0);
  ASSERT_TRUE(CompileSeccompCached(debug, other));
  std::string debug_name;
  DIR* d = opendir(other.c_str());
  ASSERT_TRUE(d);
  while (auto* e = readdir(d))
    if (e->d_name[0] != '.') debug_name = other + "/" + e->d_name;
  closedir(d);
  WriteAll(debug_name, ReadAll(plain_file));
  ExpectSameProgram(*CompileSeccompCached(debug, other), *debug_program);
}

// Damaged files are recompiled, never read as a different filter.
TEST_F(SeccompCacheTest, ADamagedFileIsRecompiled) {
  auto profile = plan::DefaultSeccompProfile({});
  auto want = CompileSeccomp(profile);
  ASSERT_TRUE(CompileSeccompCached(profile, dir_));
  ASSERT_EQ(Files().size(), 1u);
  std::string path = Files()[0];
  const std::string original = ReadAll(path);
  WriteAll(path, original.substr(0, original.size() / 2));  // cut short
  ExpectSameProgram(*CompileSeccompCached(profile, dir_), *want);
  for (size_t at : {original.size() / 2, original.size() - 100}) {
    std::string flipped = original;  // one bit in the instructions
    flipped[at] ^= 0x01;
    WriteAll(path, flipped);
    ExpectSameProgram(*CompileSeccompCached(profile, dir_), *want);
  }
}

TEST_F(SeccompCacheTest, AFileOthersCanWriteIsIgnored) {
  auto profile = plan::DefaultSeccompProfile({});
  ASSERT_TRUE(CompileSeccompCached(profile, dir_));
  std::string path = Files()[0];
  chmod(path.c_str(), 0666);
  auto want = CompileSeccomp(profile);
  ExpectSameProgram(*CompileSeccompCached(profile, dir_), *want);
}

}  // namespace
}  // namespace paddock::jail
