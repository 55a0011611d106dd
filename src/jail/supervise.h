// The parent's side of the jail's lifetime: the wall-clock timeout (SIGTERM
// to every process of the jail, a grace period, then SIGKILL to the jail's
// pid 1, which ends its whole pid namespace, and to its cgroup), the memory
// limit where no cgroup enforces it (jail/memory_watch.h), and the exit
// record (peak memory, CPU time, which limit was hit).
//
// Fits a sigtimedwait loop: wait at most NextWait(), then call Tick().
#pragma once

#include <sys/types.h>
#include <time.h>

#include <cstdint>
#include <optional>
#include <set>

#include "jail/cgroup.h"
#include "jail/memory_watch.h"
#include "plan/launch_plan.h"
#include "plan/limits_types.h"

namespace paddock::jail {

class Supervisor {
 public:
  // `cgroup` may be null (no cgroup); it must outlive the Supervisor.
  Supervisor(const plan::LimitsPlan& limits, Cgroup* cgroup);

  // The jail's pid 1 exists: the clocks start.
  void Started(pid_t init);
  // How long the wait loop may sleep before the next step is due; nullptr
  // when no step is pending (no timeout, or everything has been sent).
  const struct timespec* NextWait(struct timespec* storage) const;
  // Takes the steps that are due: SIGTERM (+SIGCONT) to the jail's
  // processes at the timeout, SIGKILL after the grace period; a memory
  // sample, and SIGKILL to the jail above the limit.
  void Tick();

  // The usage record. Call after pid 1 was reaped and before the cgroup is
  // destroyed: from the cgroup where it has the figure, else from rusage.
  plan::RunStats Finish() const;

 private:
  enum Phase { kRunning, kTerminated, kKilled };
  uint64_t NowMs() const;
  void KillJail();
  void SampleMemory(uint64_t now);

  const plan::LimitsPlan& limits_;
  Cgroup* cgroup_;
  pid_t init_ = -1;
  uint64_t start_ms_ = 0;
  uint64_t next_ms_ = 0;  // when the next step is due (0: none)
  Phase phase_ = kRunning;
  std::optional<MemoryWatch> memory_;
  uint64_t memory_next_ms_ = 0;  // next sample (0: none)
  std::optional<uint64_t> memory_kill_bytes_;
  uint64_t memory_peak_ = 0;  // the largest sample
};

// Sends `sig` to `root` and every process descending from it (the jail's
// pid 1 and so the whole jail). Returns how many were signalled.
int SignalTree(pid_t root, int sig, const char* proc = "/proc");
// The same, with or without `root` itself, sparing the trees below `spare`.
int SignalBelow(pid_t root, int sig, const char* proc, bool include_root, const std::set<pid_t>& spare);

// Whether `pid` is `root` or descends from it (parent links in /proc).
bool DescendsFrom(pid_t pid, pid_t root, const char* proc = "/proc");

// Without a pid namespace nothing ends the jail's processes when its first
// process ends: the caller, a subreaper, kills every descendant of its own
// but the trees of `spare` (its children from before the jail) and reaps
// them until none is left. Orphans come back to a subreaper, so a double
// fork cannot leave.
void EndOwnDescendants(const std::set<pid_t>& spare);

}  // namespace paddock::jail
