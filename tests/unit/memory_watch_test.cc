// The memory sampler that stands in for a cgroup: it must count every
// process of the jail's tree (children of every thread), count each the way
// the kernel reports it, and never kill on copy-on-write double counting.
#include "jail/memory_watch.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

namespace paddock::jail {
namespace {

namespace fs = std::filesystem;

class FakeProc : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/paddock-memwatch-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    root_ = tmpl;
  }
  void TearDown() override { fs::remove_all(root_); }

  // A process `pid` with threads {tid: children}, RssAnon/RssShmem in kB,
  // and optionally an smaps_rollup with Pss_Anon.
  void Process(int pid, std::map<int, std::string> threads, int rss_anon_kb, int rss_shmem_kb = 0,
               int pss_anon_kb = -1) {
    std::string dir = root_ + "/" + std::to_string(pid);
    for (const auto& [tid, children] : threads) {
      fs::create_directories(dir + "/task/" + std::to_string(tid));
      std::ofstream(dir + "/task/" + std::to_string(tid) + "/children") << children;
    }
    std::ofstream(dir + "/status") << "Name:\tx\nVmRSS:\t" << rss_anon_kb + 1000 << " kB\nRssAnon:\t" << rss_anon_kb
                                   << " kB\nRssFile:\t1000 kB\nRssShmem:\t" << rss_shmem_kb << " kB\n";
    if (pss_anon_kb >= 0)
      std::ofstream(dir + "/smaps_rollup") << "00400000-7ffff [rollup]\nRss:\t1 kB\nPss:\t1 kB\nPss_Anon:\t"
                                           << pss_anon_kb << " kB\nPss_File:\t5 kB\nPss_Shmem:\t0 kB\n";
  }
  std::string root_;
};

TEST_F(FakeProc, CountsTheWholeTreeThroughEveryThreadsChildren) {
  Process(10, {{10, "11 "}, {12, "13"}}, 100);  // pid 1 of the jail; thread 12 forked 13
  Process(11, {{11, "14"}}, 200, 50);
  Process(13, {{13, ""}}, 300);
  Process(14, {{14, ""}}, 400);
  Process(99, {{99, ""}}, 100000);  // not in the tree: a host process
  MemoryWatch w(1ull << 30, 2, root_);
  EXPECT_EQ(w.ResidentBytes(10), (100 + 200 + 50 + 300 + 400) * 1024ull);
  EXPECT_EQ(w.ResidentBytes(11), (200 + 50 + 400) * 1024ull);
}

TEST_F(FakeProc, AGoneProcessCountsNothing) {
  Process(10, {{10, "11 12"}}, 100);
  Process(12, {{12, ""}}, 300);  // 11 exited between the reads
  MemoryWatch w(1ull << 30, 2, root_);
  EXPECT_EQ(w.ResidentBytes(10), 400 * 1024ull);
}

TEST_F(FakeProc, CopyOnWriteDoubleCountingDoesNotKill) {
  // A parent and two forked workers sharing 600 MB copy-on-write: each
  // reports it as RssAnon; proportionally it is counted once.
  Process(10, {{10, "11 12"}}, 600 << 10, 0, 200 << 10);
  Process(11, {{11, ""}}, 600 << 10, 0, 200 << 10);
  Process(12, {{12, ""}}, 600 << 10, 0, 200 << 10);
  MemoryWatch w(1ull << 30, 2, root_);
  uint64_t used = 0;
  EXPECT_FALSE(w.OverLimit(10, used));
  EXPECT_EQ(used, 600ull << 20);
  MemoryWatch tight(500ull << 20, 2, root_);
  EXPECT_TRUE(tight.OverLimit(10, used));
}

TEST_F(FakeProc, WithoutSmapsRollupTheUpperBoundDecides) {
  Process(10, {{10, "11"}}, 600 << 10);  // pid 1 is not dumpable: no rollup
  Process(11, {{11, ""}}, 600 << 10);
  MemoryWatch w(1ull << 30, 2, root_);
  uint64_t used = 0;
  EXPECT_TRUE(w.OverLimit(10, used));
  EXPECT_EQ(used, 1200ull << 20);
}

TEST(MemoryWatchDelay, SamplesSoonerAsTheLimitNears) {
  MemoryWatch w(1ull << 30, 2);  // 8 MiB per ms on 2 CPUs
  EXPECT_EQ(w.NextDelayMs(0), 128u);
  EXPECT_EQ(w.NextDelayMs(512ull << 20), 64u);
  EXPECT_EQ(w.NextDelayMs(1ull << 30), MemoryWatch::kMinDelayMs);
  EXPECT_EQ(w.NextDelayMs(2ull << 30), MemoryWatch::kMinDelayMs);
  MemoryWatch big(64ull << 30, 2);
  EXPECT_EQ(big.NextDelayMs(0), MemoryWatch::kMaxDelayMs);
}

}  // namespace
}  // namespace paddock::jail
