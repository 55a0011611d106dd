// The memory limit where no cgroup can be had (plan/limits_plan.cc): the
// parent samples the resident memory of the jail's processes and kills the
// jail above the limit. Weaker than a cgroup: it polls, and memory that no
// process maps (an unmapped memfd) is not seen; /tmp and /dev/shm are
// size-capped tmpfs of their own.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>

namespace paddock::jail {

class MemoryWatch {
 public:
  // `proc` is injectable for tests; `cpus` bounds how fast the jail can
  // touch new memory (see NextDelayMs).
  MemoryWatch(uint64_t limit_bytes, unsigned cpus, std::string proc = "/proc");

  // Resident memory of `root` and its descendants: private anonymous pages
  // and shared memory (RssAnon + RssShmem). Pages shared copy-on-write after
  // a fork count in each process, so this is an upper bound.
  uint64_t ResidentBytes(pid_t root) const;
  // The same, proportionally shared (Pss_Anon + Pss_Shmem of smaps_rollup),
  // where readable; the upper bound where not. Asked only near the limit:
  // it walks every page table.
  uint64_t ProportionalBytes(pid_t root) const;

  // One sample: true when the jail is over the limit (confirmed with the
  // proportional figure). `used` gets the figure the decision rests on.
  bool OverLimit(pid_t root, uint64_t& used) const;

  // When to sample next: the time the jail needs to fill the headroom left
  // at the fastest rate it could touch memory (kBytesPerMsPerCpu on each
  // CPU), between kMinDelayMs and kMaxDelayMs.
  uint64_t NextDelayMs(uint64_t used) const;

  static constexpr uint64_t kMinDelayMs = 5;
  static constexpr uint64_t kMaxDelayMs = 250;
  static constexpr uint64_t kBytesPerMsPerCpu = 4ull << 20;  // 4 GiB/s: page faults, not memcpy

 private:
  uint64_t limit_;
  unsigned cpus_;
  std::string proc_;
};

}  // namespace paddock::jail
