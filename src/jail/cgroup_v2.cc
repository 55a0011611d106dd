// cgroup v2: one leaf per jail under a writable (delegated) subtree. The
// child is cloned straight into it (CLONE_INTO_CGROUP), so it never runs
// without its limits; cgroup.kill ends every process at once.
#include <errno.h>
#include <signal.h>
#include <unistd.h>

#include <cinttypes>
#include <cmath>
#include <cstdio>

#include "jail/cgroup.h"
#include "plan/limits_plan.h"

namespace paddock::jail::cg {
namespace {

class CgroupV2 final : public Cgroup {
 public:
  CgroupV2(CgroupOps ops, std::string leaf, UniqueFd fd)
      : ops_(std::move(ops)), leaf_(std::move(leaf)), fd_(std::move(fd)) {}
  ~CgroupV2() override { (void)Destroy(); }

  int clone_fd() const override { return fd_.get(); }

  Status Attach(pid_t pid) override {
    if (destroyed_) return OpError("attach to cgroup", leaf_, "already removed");
    return WriteFile(leaf_ + "/cgroup.procs", std::to_string(pid));
  }

  void KillAll() override {
    if (!destroyed_) KillV2(leaf_);
  }

  void CollectStats(plan::RunStats& stats) const override {
    if (auto v = ReadNumber(leaf_ + "/memory.peak")) stats.peak_memory_bytes = *v;  // Linux 5.19+
    if (auto v = ReadKeyed(leaf_ + "/cpu.stat", "usage_usec")) stats.cpu_usec = *v;
    if (auto v = ReadKeyed(leaf_ + "/memory.events", "oom_kill")) stats.oom_kills = *v;
    if (auto v = ReadKeyed(leaf_ + "/pids.events", "max")) stats.pids_limit_hits = *v;
  }

  Status Destroy() override {
    if (destroyed_) return Ok();
    destroyed_ = true;
    KillV2(leaf_);
    auto st = RemoveLeaf(leaf_, ops_);
    fd_.reset();
    return st;
  }

  std::vector<std::string> leaf_dirs() const override { return {leaf_}; }
  std::vector<CgroupView> views() const override { return {{"", leaf_}}; }

 private:
  CgroupOps ops_;
  std::string leaf_;
  UniqueFd fd_;
  bool destroyed_ = false;
};

}  // namespace

std::unique_ptr<Cgroup> NewCgroupV2(const plan::LimitsPlan& limits, const CgroupOptions& options, std::string leaf_dir,
                                    UniqueFd leaf_fd) {
  return std::make_unique<CgroupV2>(options.ops, std::move(leaf_dir), std::move(leaf_fd));
}

Status ApplyV2Limits(const std::string& leaf, const plan::LimitsPlan& limits) {
  if (limits.memory_by == plan::LimitMechanism::kCgroupV2 && limits.memory_bytes) {
    if (auto st = WriteFile(leaf + "/memory.max", std::to_string(*limits.memory_bytes)); !st) return st;
    // Without this the jail could push its excess to swap and keep going.
    // The file is missing when swap accounting is off: nothing to limit then.
    if (limits.limit_swap && ::access((leaf + "/memory.swap.max").c_str(), F_OK) == 0)
      if (auto st = WriteFile(leaf + "/memory.swap.max", "0"); !st) return st;
  }
  if (limits.pids_by == plan::LimitMechanism::kCgroupV2 && limits.pids) {
    if (auto st = WriteFile(leaf + "/pids.max", std::to_string(*limits.pids)); !st) return st;
  }
  if (limits.cpus_by == plan::LimitMechanism::kCgroupV2 && limits.cpus) {
    auto quota = static_cast<uint64_t>(std::llround(*limits.cpus * plan::kCpuPeriodUsec));
    char value[64];
    snprintf(value, sizeof value, "%" PRIu64 " %" PRIu64, quota, plan::kCpuPeriodUsec);
    if (auto st = WriteFile(leaf + "/cpu.max", value); !st) return st;
  }
  return Ok();
}

void KillV2(const std::string& leaf) {
  // cgroup.kill (Linux 5.14+) kills every process, including ones forked
  // while it runs. Without it: freeze, SIGKILL what is listed, thaw, repeat.
  bool have_kill = WriteFile(leaf + "/cgroup.kill", "1").ok();
  for (int round = 0; round < 60; ++round) {
    auto pids = ReadPids(leaf + "/cgroup.procs");
    if (pids.empty()) return;
    if (!have_kill) {
      (void)WriteFile(leaf + "/cgroup.freeze", "1");
      for (pid_t pid : pids) ::kill(pid, SIGKILL);
      (void)WriteFile(leaf + "/cgroup.freeze", "0");
    }
    SleepMs(round < 10 ? 1 : 10);
  }
}

}  // namespace paddock::jail::cg
