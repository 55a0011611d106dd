#include "jail/project_scan.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "jail/scan_cache.h"
#include "review/agent_configs.h"
#include "temp_dir_test.h"

namespace paddock::jail {
namespace {

class ProjectScan : public TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    project_ = dir_ + "/project";
    cache_ = dir_ + "/state/scan/cache";
    ASSERT_EQ(mkdir(project_.c_str(), 0755), 0);
  }
  void Dir(const std::string& rel) { ASSERT_EQ(mkdir((project_ + "/" + rel).c_str(), 0755), 0) << rel; }
  void File(const std::string& rel) { std::ofstream(project_ + "/" + rel) << "x\n"; }
  struct stat CacheStat() const {
    struct stat st {};
    EXPECT_EQ(stat(cache_.c_str(), &st), 0);
    return st;
  }
  std::string project_, cache_;
};

TEST_F(ProjectScan, FindsNestedRepositoriesAndBareShapesButFollowsNoLink) {
  for (const char* d : {"vendor", "vendor/lib", "vendor/lib/.git", "sub", "fixtures", "fixtures/bare",
                        "fixtures/bare/objects", "fixtures/bare/refs", "elsewhere", "elsewhere/.git"})
    Dir(d);
  File("sub/.git");  // a worktree's or submodule's gitfile
  File("fixtures/bare/HEAD");
  ASSERT_EQ(symlink((project_ + "/elsewhere").c_str(), (project_ + "/link").c_str()), 0);
  auto scan = FindNestedGitEntries(project_, "", ScanCacheUse::kReadOnly);
  EXPECT_EQ(scan.entries, (std::vector<std::string>{project_ + "/elsewhere/.git", project_ + "/sub/.git",
                                                    project_ + "/vendor/lib/.git"}));
  ASSERT_EQ(scan.bare_git_dirs.size(), 1u);
  EXPECT_EQ(scan.bare_git_dirs.begin()->first, project_ + "/fixtures/bare");
  EXPECT_TRUE(scan.too_deep.empty());
}

// Agent and editor config below the root is noted per directory, whatever
// the entry's kind; the root's (protected) and any in a dependency tree are
// not. A walk that takes the directories from the cache reports the same.
TEST_F(ProjectScan, NotesAgentConfigBelowTheRootButNotInDependencyTrees) {
  for (const char* d :
       {".claude", ".vscode", "app", "app/.claude", "app/.vscode", "app/src", "pkg", "pkg/lib", "node_modules",
        "node_modules/.vscode", "node_modules/x", "node_modules/x/.idea", "web", "web/node_modules",
        "web/node_modules/y", "web/node_modules/y/.cargo", "svc", "svc/.opencode", "svc/.kiro"})
    Dir(d);
  for (const char* f :
       {".envrc", "opencode.json", "app/.envrc", "app/src/main.rs", "pkg/lib/.mcp.json", "pkg/lib/rust-toolchain.toml",
        "web/node_modules/y/.envrc", "svc/opencode.json", "svc/.crush.json"})
    File(f);
  ASSERT_EQ(symlink("/elsewhere", (project_ + "/pkg/.envrc").c_str()), 0);
  using review::AgentConfigBit;
  const std::map<std::string, uint64_t> want{
      {project_ + "/app", AgentConfigBit(".claude") | AgentConfigBit(".vscode") | AgentConfigBit(".envrc")},
      {project_ + "/pkg", AgentConfigBit(".envrc")},
      {project_ + "/pkg/lib", AgentConfigBit(".mcp.json") | AgentConfigBit("rust-toolchain.toml")},
      // Other agents' config, some with bits past the 32nd: kept by the cache.
      {project_ + "/svc", AgentConfigBit(".opencode") | AgentConfigBit(".kiro") | AgentConfigBit("opencode.json") |
                              AgentConfigBit(".crush.json")}};
  ASSERT_GE(want.at(project_ + "/svc"), uint64_t{1} << 32);
  sleep(3);  // old enough for the cache to trust
  auto first = FindNestedGitEntries(project_, cache_, ScanCacheUse::kReadWrite);
  EXPECT_EQ(first.agent_configs, want);
  ScanCache cache = LoadScanCache(cache_, project_);
  ASSERT_NE(cache.Root(), nullptr);
  const CachedDir* app = cache.Child(*cache.Root(), "app");
  ASSERT_NE(app, nullptr);
  EXPECT_TRUE(app->trusted) << "the next walk takes it from the cache";
  EXPECT_EQ(app->agent_configs, want.at(project_ + "/app"));
  struct stat written = CacheStat();
  auto second = FindNestedGitEntries(project_, cache_, ScanCacheUse::kReadWrite);
  EXPECT_EQ(second.agent_configs, want);
  EXPECT_EQ(CacheStat().st_ino, written.st_ino) << "nothing changed, yet the cache was rewritten";

  File("app/src/.mcp.json");
  auto third = FindNestedGitEntries(project_, cache_, ScanCacheUse::kReadWrite);
  EXPECT_EQ(third.agent_configs.at(project_ + "/app/src"), AgentConfigBit(".mcp.json"));
}

// A tree large enough that the walk is shared between threads once the
// cache knows its size: the same answer as a walk that reads everything,
// every directory carried over into the cache (it is not rewritten), and a
// repository made later is found.
TEST_F(ProjectScan, AThreadedWalkOfALargeTreeMissesNothing) {
  for (int p = 0; p < 40; ++p) {
    Dir("pkg" + std::to_string(p));
    for (int s = 0; s < 60; ++s) Dir("pkg" + std::to_string(p) + "/s" + std::to_string(s));
  }
  Dir("pkg3/s5/.git");
  Dir("pkg37/s59/.git");
  File("pkg20/s1/HEAD");
  Dir("pkg20/s1/objects");
  Dir("pkg20/s1/refs");
  // Directories changed in the last two seconds are not cached (racy).
  sleep(3);
  auto first = FindNestedGitEntries(project_, cache_, ScanCacheUse::kReadWrite);
  std::vector<std::string> want{project_ + "/pkg3/s5/.git", project_ + "/pkg37/s59/.git"};
  EXPECT_EQ(first.entries, want);
  ASSERT_EQ(first.bare_git_dirs.size(), 1u);
  EXPECT_EQ(first.bare_git_dirs.begin()->first, project_ + "/pkg20/s1");
  struct stat written = CacheStat();

  auto second = FindNestedGitEntries(project_, cache_, ScanCacheUse::kReadWrite);
  EXPECT_EQ(second.entries, first.entries);
  EXPECT_EQ(second.bare_git_dirs, first.bare_git_dirs);
  EXPECT_EQ(second.too_deep, first.too_deep);
  struct stat after = CacheStat();
  EXPECT_EQ(after.st_ino, written.st_ino) << "the cache was rewritten: a walker lost or re-read directories";
  EXPECT_EQ(after.st_mtim.tv_nsec, written.st_mtim.tv_nsec);

  Dir("pkg11/s7/.git");
  auto third = FindNestedGitEntries(project_, cache_, ScanCacheUse::kReadWrite);
  want.insert(want.begin() + 0, project_ + "/pkg11/s7/.git");
  EXPECT_EQ(third.entries, want);
}

// paddock's placeholders come and go in the project root every run: its
// ctime moves but its entries do not. That alone must not rewrite the cache
// (a large tree's cache is hundreds of KB), whether the root changed just now
// (racy, never cached) or long enough ago to be cached again.
TEST_F(ProjectScan, EntriesThatCameAndWentDoNotRewriteTheCache) {
  for (const char* d : {"a", "a/b", "c", "c/.git"}) Dir(d);
  sleep(3);
  auto first = FindNestedGitEntries(project_, cache_, ScanCacheUse::kReadWrite);
  ASSERT_EQ(first.entries, std::vector<std::string>{project_ + "/c/.git"});
  struct stat written = CacheStat();
  auto came_and_went = [&](const std::string& rel) {
    File(rel);
    ASSERT_EQ(unlink((project_ + "/" + rel).c_str()), 0);
  };
  came_and_went(".claude");
  came_and_went("a/placeholder");
  auto unchanged = [&](const char* when) {
    auto scan = FindNestedGitEntries(project_, cache_, ScanCacheUse::kReadWrite);
    EXPECT_EQ(scan.entries, first.entries) << when;
    struct stat after = CacheStat();
    EXPECT_EQ(after.st_ino, written.st_ino) << "the cache was rewritten " << when;
  };
  unchanged("while the root's change is racy");
  sleep(3);
  unchanged("once the root's change is old enough to cache");

  // A real change is still found.
  Dir("a/b/.git");
  auto changed = FindNestedGitEntries(project_, cache_, ScanCacheUse::kReadWrite);
  EXPECT_EQ(changed.entries, (std::vector<std::string>{project_ + "/a/b/.git", project_ + "/c/.git"}));
}

// A tree walked for the first time right after it was made (a fresh
// checkout, then `paddock run`) is saved untrusted: it may still change
// within the clock's granularity. The first walk that finds it old enough
// must save it trusted, or every later run reads every directory again.
TEST_F(ProjectScan, ATreeCachedWhileFreshIsTrustedOnceItIsOld) {
  for (const char* d : {"a", "a/b"}) Dir(d);
  sleep(3);
  for (const char* d : {"c", "c/d", "c/d/e"}) Dir(d);  // the root changes too
  FindNestedGitEntries(project_, cache_, ScanCacheUse::kReadWrite);
  auto all_trusted = [&] {
    ScanCache cache = LoadScanCache(cache_, project_);
    size_t trusted = 0;
    std::vector<const CachedDir*> todo{cache.Root()};
    while (!todo.empty()) {
      const CachedDir* d = todo.back();
      todo.pop_back();
      if (!d) return std::string("no cache");
      trusted += d->trusted;
      for (const CachedDir& kid : cache.Children(*d)) todo.push_back(&kid);
    }
    return std::to_string(trusted) + " of " + std::to_string(cache.size()) + " trusted";
  };
  EXPECT_EQ(all_trusted(), "2 of 6 trusted") << "only a and a/b were old enough to trust";
  sleep(3);
  FindNestedGitEntries(project_, cache_, ScanCacheUse::kReadWrite);
  EXPECT_EQ(all_trusted(), "6 of 6 trusted");
  struct stat written = CacheStat();
  FindNestedGitEntries(project_, cache_, ScanCacheUse::kReadWrite);
  EXPECT_EQ(CacheStat().st_ino, written.st_ino) << "nothing changed, yet the cache was rewritten";
}

// `chmod -R` (or a tool that touches every directory) moves every ctime but
// changes no entries. The cache must learn the new ctimes once, or every
// later run reads the whole tree again (and never saves what it read).
TEST_F(ProjectScan, ATreeWhoseCtimesAllMovedIsCachedAgain) {
  std::vector<std::string> dirs;
  for (int p = 0; p < 8; ++p) {
    dirs.push_back("p" + std::to_string(p));
    for (int s = 0; s < 4; ++s) dirs.push_back(dirs[p * 5] + "/s" + std::to_string(s));
  }
  for (const auto& d : dirs) Dir(d);
  sleep(3);
  FindNestedGitEntries(project_, cache_, ScanCacheUse::kReadWrite);
  struct stat first = CacheStat();
  for (const auto& d : dirs) ASSERT_EQ(chmod((project_ + "/" + d).c_str(), 0775), 0) << d;
  sleep(3);
  FindNestedGitEntries(project_, cache_, ScanCacheUse::kReadWrite);
  struct stat relearned = CacheStat();
  EXPECT_NE(relearned.st_ino, first.st_ino) << "every record went stale, yet the cache was not rewritten";
  // What was saved matches the tree: the next walk has nothing to write.
  ScanCache cache = LoadScanCache(cache_, project_);
  ASSERT_NE(cache.Root(), nullptr);
  for (const CachedDir& kid : cache.Children(*cache.Root())) {
    struct stat st {};
    ASSERT_EQ(stat((project_ + "/" + std::string(cache.NameView(kid))).c_str(), &st), 0);
    EXPECT_EQ(kid.ctime_sec, st.st_ctim.tv_sec) << cache.NameView(kid);
    EXPECT_TRUE(kid.trusted) << cache.NameView(kid);
  }
  FindNestedGitEntries(project_, cache_, ScanCacheUse::kReadWrite);
  EXPECT_EQ(CacheStat().st_ino, relearned.st_ino) << "nothing changed, yet the cache was rewritten";
}

// The walk stops kMaxScanDepth below the project and says where; a walk
// that takes the deep directory from the cache must say so too (the cache
// keeps the names of subdirectories it did not look into).
TEST_F(ProjectScan, TheDepthCapIsReportedFromTheCacheToo) {
  std::string rel = "d";
  Dir(rel);
  for (int depth = 2; depth <= kMaxScanDepth + 2; ++depth) {
    rel += "/d";
    Dir(rel);
  }
  sleep(3);
  std::string capped = project_;
  for (int depth = 1; depth <= kMaxScanDepth; ++depth) capped += "/d";
  auto first = FindNestedGitEntries(project_, cache_, ScanCacheUse::kReadWrite);
  EXPECT_EQ(first.too_deep, std::vector<std::string>{capped});
  struct stat written = CacheStat();
  auto second = FindNestedGitEntries(project_, cache_, ScanCacheUse::kReadWrite);
  EXPECT_EQ(second.too_deep, std::vector<std::string>{capped});
  EXPECT_EQ(CacheStat().st_ino, written.st_ino) << "nothing changed, yet the cache was rewritten";
}

}  // namespace
}  // namespace paddock::jail
