#include "jail/memory_watch.h"

#include <algorithm>
#include <cstdlib>
#include <set>
#include <utility>
#include <vector>

#include "base/strings.h"
#include "jail/proc_children.h"
#include "jail/read_file.h"

namespace paddock::jail {
namespace {

constexpr size_t kMaxProcFile = 64 << 10;
constexpr size_t kMaxProcesses = 1 << 16;  // far above any pids limit

// The value in kB of `key:` in a /proc status-style file, in bytes.
uint64_t KbField(const std::string& text, const char* key) {
  std::string needle = std::string("\n") + key + ":";
  size_t at = ("\n" + text).find(needle);
  if (at == std::string::npos) return 0;
  return std::strtoull(text.c_str() + at + needle.size() - 1, nullptr, 10) * 1024;
}

// `root` and its descendants: every thread's children list, breadth first.
// An orphan is re-parented to the jail's pid 1 (or a subreaper in the jail),
// so the tree of pid 1 is the jail. A process born between two reads is
// seen at the next sample.
std::vector<pid_t> Tree(const std::string& proc, pid_t root) {
  std::vector<pid_t> out{root};
  std::set<pid_t> seen{root};
  for (size_t i = 0; i < out.size() && out.size() < kMaxProcesses; ++i) {
    for (pid_t child : ChildrenOf(out[i], proc))
      if (seen.insert(child).second) out.push_back(child);
  }
  return out;
}

// RssAnon + RssShmem of the process at `dir`; 0 once it is gone.
uint64_t ResidentOf(const std::string& dir) {
  auto status = ReadSmallFile(dir + "/status", kMaxProcFile);
  return status ? KbField(*status, "RssAnon") + KbField(*status, "RssShmem") : 0;
}

}  // namespace

MemoryWatch::MemoryWatch(uint64_t limit_bytes, unsigned cpus, std::string proc)
    : limit_(limit_bytes), cpus_(std::max(cpus, 1u)), proc_(std::move(proc)) {}

uint64_t MemoryWatch::ResidentBytes(pid_t root) const {
  uint64_t total = 0;
  for (pid_t pid : Tree(proc_, root)) total += ResidentOf(proc_ + "/" + std::to_string(pid));
  return total;
}

uint64_t MemoryWatch::ProportionalBytes(pid_t root) const {
  uint64_t total = 0;
  for (pid_t pid : Tree(proc_, root)) {
    std::string dir = proc_ + "/" + std::to_string(pid);
    // Pss_Anon (Linux 5.9+) needs ptrace access; the jail's pid 1 is not
    // dumpable. Where it cannot be had, the upper bound counts.
    auto rollup = ReadSmallFile(dir + "/smaps_rollup", kMaxProcFile);
    bool proportional = rollup && rollup->find("\nPss_Anon:") != std::string::npos;
    total += proportional ? KbField(*rollup, "Pss_Anon") + KbField(*rollup, "Pss_Shmem") : ResidentOf(dir);
  }
  return total;
}

bool MemoryWatch::OverLimit(pid_t root, uint64_t& used) const {
  used = ResidentBytes(root);
  if (used <= limit_) return false;
  // Copy-on-write pages of forked workers count once per process in the
  // upper bound: confirm before killing.
  used = ProportionalBytes(root);
  return used > limit_;
}

uint64_t MemoryWatch::NextDelayMs(uint64_t used) const {
  uint64_t headroom = used < limit_ ? limit_ - used : 0;
  uint64_t ms = headroom / (kBytesPerMsPerCpu * cpus_);
  return std::clamp(ms, kMinDelayMs, kMaxDelayMs);
}

}  // namespace paddock::jail
