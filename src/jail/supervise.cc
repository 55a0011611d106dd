#include "jail/supervise.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#include "base/strings.h"
#include "jail/read_file.h"

namespace paddock::jail {

Supervisor::Supervisor(const plan::LimitsPlan& limits, Cgroup* cgroup) : limits_(limits), cgroup_(cgroup) {
  if (limits.memory_by == plan::LimitMechanism::kPaddock && limits.memory_bytes) {
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    memory_.emplace(*limits.memory_bytes, cpus > 0 ? static_cast<unsigned>(cpus) : 1u);
  }
}

uint64_t Supervisor::NowMs() const {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000 + static_cast<uint64_t>(ts.tv_nsec) / 1000000;
}

void Supervisor::Started(pid_t init) {
  init_ = init;
  start_ms_ = NowMs();
  if (limits_.timeout_ms) next_ms_ = start_ms_ + *limits_.timeout_ms;
  if (memory_) memory_next_ms_ = start_ms_ + MemoryWatch::kMinDelayMs;
}

const struct timespec* Supervisor::NextWait(struct timespec* storage) const {
  uint64_t due = next_ms_;
  if (memory_next_ms_ && (due == 0 || memory_next_ms_ < due)) due = memory_next_ms_;
  if (due == 0) return nullptr;
  uint64_t now = NowMs();
  uint64_t left = due > now ? due - now : 0;
  storage->tv_sec = static_cast<time_t>(left / 1000);
  storage->tv_nsec = static_cast<long>(left % 1000) * 1000000L;
  return storage;
}

// The tree first (its membership is read before anyone dies, so nothing is
// re-parented out of it), then pid 1 again: killing it makes the kernel kill
// the rest of its pid namespace. The cgroup catches stragglers.
void Supervisor::KillJail() {
  SignalTree(init_, SIGKILL);
  ::kill(init_, SIGKILL);
  if (cgroup_) cgroup_->KillAll();
}

void Supervisor::SampleMemory(uint64_t now) {
  uint64_t used = 0;
  bool over = memory_->OverLimit(init_, used);
  memory_peak_ = std::max(memory_peak_, used);
  if (!over) {
    memory_next_ms_ = now + memory_->NextDelayMs(used);
    return;
  }
  KillJail();
  memory_kill_bytes_ = used;
  memory_next_ms_ = 0;
  next_ms_ = 0;  // nothing left to time out
}

void Supervisor::Tick() {
  if (init_ <= 0) return;
  if (memory_next_ms_ && NowMs() >= memory_next_ms_) SampleMemory(NowMs());
  if (next_ms_ == 0 || NowMs() < next_ms_) return;
  if (phase_ == kRunning) {
    // Every process, not only pid 1: a tree whose init does not forward
    // SIGTERM must still be asked first. SIGCONT wakes stopped processes so
    // they can act on it.
    SignalTree(init_, SIGTERM);
    SignalTree(init_, SIGCONT);
    phase_ = kTerminated;
    next_ms_ = NowMs() + limits_.kill_grace_ms;
    return;
  }
  if (phase_ == kTerminated) {
    KillJail();
    phase_ = kKilled;
    next_ms_ = 0;
  }
}

plan::RunStats Supervisor::Finish() const {
  plan::RunStats stats;
  stats.wall_ms = start_ms_ ? NowMs() - start_ms_ : 0;
  stats.timed_out = phase_ >= kTerminated;
  stats.killed_after_grace = phase_ == kKilled;
  stats.memory_kill_bytes = memory_kill_bytes_;
  // rusage of reaped descendants: pid 1 reaps the jail's processes (and the
  // kernel reaps the rest into it when it dies), so this covers the tree.
  // ru_maxrss is the largest single process, not the jail's total.
  struct rusage ru;
  if (getrusage(RUSAGE_CHILDREN, &ru) == 0) {
    stats.cpu_usec = static_cast<uint64_t>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000 +
                     static_cast<uint64_t>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
    stats.peak_memory_bytes = static_cast<uint64_t>(ru.ru_maxrss) * 1024;
    stats.peak_memory_is_largest_process = true;
  }
  // Without a cgroup, paddock's samples see the jail's total; rusage sees
  // only the largest process that pid 1 reaped.
  if (memory_peak_ > stats.peak_memory_bytes.value_or(0)) {
    stats.peak_memory_bytes = memory_peak_;
    stats.peak_memory_is_largest_process = false;
    stats.peak_memory_is_sampled = true;
  }
  if (cgroup_) {
    plan::RunStats from_cgroup;
    cgroup_->CollectStats(from_cgroup);
    if (from_cgroup.peak_memory_bytes) {
      stats.peak_memory_bytes = from_cgroup.peak_memory_bytes;
      stats.peak_memory_is_largest_process = false;
      stats.peak_memory_is_sampled = false;
    }
    if (from_cgroup.cpu_usec) stats.cpu_usec = from_cgroup.cpu_usec;
    stats.oom_kills = from_cgroup.oom_kills;
    stats.pids_limit_hits = from_cgroup.pids_limit_hits;
  }
  return stats;
}

namespace {

// The parent of `pid` from /proc/<pid>/stat, or -1 (gone, unreadable).
pid_t ParentOf(const std::string& proc, const char* pid) {
  auto text = ReadSmallFile(proc + "/" + pid + "/stat", cg::kMaxFileBytes);
  if (!text) return -1;
  size_t paren = text->rfind(')');
  if (paren == std::string::npos) return -1;
  char state = 0;
  long ppid = 0;
  if (sscanf(text->c_str() + paren + 1, " %c %ld", &state, &ppid) != 2) return -1;
  return static_cast<pid_t>(ppid);
}

}  // namespace

int SignalTree(pid_t root, int sig, const char* proc) { return SignalBelow(root, sig, proc, true, {}); }

int SignalBelow(pid_t root, int sig, const char* proc, bool include_root, const std::set<pid_t>& spare) {
  // Parent links from /proc/<pid>/stat, readable for every process. (The
  // jail's pid 1 is not dumpable, so its /proc/<pid>/ns/pid is closed to an
  // unprivileged paddock; ancestry needs no such access.) An orphan in the
  // jail is re-parented to the jail's pid 1 or a subreaper below it, so the
  // tree of `root` is the jail; never anything of the host.
  std::map<pid_t, pid_t> parent;
  DIR* d = opendir(proc);
  if (!d) return 0;
  std::string base = proc;
  while (struct dirent* e = readdir(d)) {
    char* end = nullptr;
    long pid = strtol(e->d_name, &end, 10);
    if (pid <= 0 || *end) continue;
    pid_t ppid = ParentOf(base, e->d_name);
    if (ppid >= 0) parent[static_cast<pid_t>(pid)] = ppid;
  }
  closedir(d);
  int count = 0;
  for (const auto& [pid, ppid] : parent) {
    pid_t p = pid;
    for (int depth = 0; p > 1 && p != root && !spare.count(p) && depth < 4096; ++depth) {
      auto it = parent.find(p);
      p = it == parent.end() ? 0 : it->second;
    }
    if (p == root && (include_root || pid != root) && ::kill(pid, sig) == 0) ++count;
  }
  return count;
}

void EndOwnDescendants(const std::set<pid_t>& spare) {
  const pid_t self = getpid();
  for (;;) {
    int signalled = SignalBelow(self, SIGKILL, "/proc", false, spare);
    while (waitpid(-1, nullptr, WNOHANG) > 0) {}
    if (signalled == 0) return;
    // Killed but not yet reaped, or forked while the tree was read: again.
    usleep(1000);
  }
}

bool DescendsFrom(pid_t pid, pid_t root, const char* proc) {
  std::string base = proc;
  for (int depth = 0; pid > 0 && depth < 4096; ++depth) {
    if (pid == root) return true;
    if (pid == 1) return false;
    pid = ParentOf(base, std::to_string(pid).c_str());
  }
  return false;
}

}  // namespace paddock::jail
