// cgroup v1 (hybrid hosts): one leaf per controller hierarchy. v1 has no
// CLONE_INTO_CGROUP: the child moves itself into every leaf, through files
// paddock opened (OpenJoinFiles), as soon as it is released, and forks and
// runs nothing of the command before paddock confirms it (stage `cgroup`).
// Killing uses the freezer when writable, so nothing can fork between
// reading cgroup.procs and the SIGKILLs.
#include <errno.h>
#include <fcntl.h>
#include <signal.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "jail/cgroup.h"
#include "jail/read_file.h"
#include "plan/limits_plan.h"

namespace paddock::jail::cg {
namespace {

class CgroupV1 final : public Cgroup {
 public:
  CgroupV1(CgroupOps ops, std::map<std::string, std::string> leaves, std::vector<UniqueFd> fds)
      : ops_(std::move(ops)), leaves_(std::move(leaves)), fds_(std::move(fds)) {
    for (const auto& [controller, dir] : leaves_)
      if (std::find(dirs_.begin(), dirs_.end(), dir) == dirs_.end()) dirs_.push_back(dir);
    auto f = leaves_.find("freezer");
    if (f != leaves_.end()) freezer_ = f->second;
  }
  ~CgroupV1() override { (void)Destroy(); }

  Status Attach(pid_t pid) override {
    if (destroyed_) return OpError("attach to cgroup", dirs_.empty() ? "" : dirs_[0], "already removed");
    for (const auto& dir : dirs_)
      if (auto st = WriteFile(dir + "/cgroup.procs", std::to_string(pid)); !st) return st;
    return Ok();
  }

  Result<std::vector<UniqueFd>> OpenJoinFiles() const override {
    std::vector<UniqueFd> files;
    for (const auto& dir : dirs_) {
      std::string tasks = dir + "/tasks";
      UniqueFd fd(open(tasks.c_str(), O_WRONLY | O_CLOEXEC));
      // A hierarchy delegated by chown of cgroup.procs alone: paddock
      // attaches the child by pid, as before.
      if (!fd.valid() && (errno == EACCES || errno == EPERM)) return std::vector<UniqueFd>{};
      if (!fd.valid()) return SysError("open", tasks, errno);
      files.push_back(std::move(fd));
    }
    return files;
  }

  void KillAll() override {
    if (!destroyed_) KillV1(dirs_, freezer_);
  }

  void CollectStats(plan::RunStats& stats) const override {
    if (auto dir = Leaf("memory")) {
      if (auto v = ReadNumber(*dir + "/memory.max_usage_in_bytes")) stats.peak_memory_bytes = *v;
      if (auto v = ReadKeyed(*dir + "/memory.oom_control", "oom_kill")) stats.oom_kills = *v;  // 4.13+
    }
    if (auto dir = Leaf("cpuacct")) {
      if (auto v = ReadNumber(*dir + "/cpuacct.usage")) stats.cpu_usec = *v / 1000;  // ns
    }
    if (auto dir = Leaf("pids")) {
      if (auto v = ReadKeyed(*dir + "/pids.events", "max")) stats.pids_limit_hits = *v;
    }
  }

  Status Destroy() override {
    if (destroyed_) return Ok();
    destroyed_ = true;
    KillV1(dirs_, freezer_);
    Status result = Ok();
    for (const auto& dir : dirs_) {
      auto st = RemoveLeaf(dir, ops_);
      if (!st && result) result = st;
    }
    fds_.clear();
    return result;
  }

  std::vector<std::string> leaf_dirs() const override { return dirs_; }
  // One per hierarchy: controllers that share a leaf are mounted together.
  std::vector<CgroupView> views() const override {
    std::vector<CgroupView> out;
    for (const auto& dir : dirs_) {
      CgroupView v{"", dir};
      for (const auto& [controller, leaf] : leaves_)
        if (leaf == dir) v.name += (v.name.empty() ? "" : ",") + controller;
      out.push_back(std::move(v));
    }
    return out;
  }

 private:
  std::optional<std::string> Leaf(const std::string& controller) const {
    auto it = leaves_.find(controller);
    if (it == leaves_.end()) return std::nullopt;
    return it->second;
  }

  CgroupOps ops_;
  std::map<std::string, std::string> leaves_;  // controller -> leaf
  std::vector<std::string> dirs_;              // distinct leaves
  std::string freezer_;
  std::vector<UniqueFd> fds_;
  bool destroyed_ = false;
};

}  // namespace

std::unique_ptr<Cgroup> NewCgroupV1(const plan::LimitsPlan& limits, const CgroupOptions& options,
                                    std::map<std::string, std::string> dirs, std::vector<UniqueFd> fds) {
  return std::make_unique<CgroupV1>(options.ops, std::move(dirs), std::move(fds));
}

Status ApplyV1Limits(const std::map<std::string, std::string>& leaves, const plan::LimitsPlan& limits) {
  auto leaf = [&](const char* c) -> const std::string* {
    auto it = leaves.find(c);
    return it == leaves.end() ? nullptr : &it->second;
  };
  if (limits.memory_by == plan::LimitMechanism::kCgroupV1 && limits.memory_bytes) {
    const std::string* dir = leaf("memory");
    if (!dir) return OpError("limit memory", "", "no memory cgroup leaf");
    std::string bytes = std::to_string(*limits.memory_bytes);
    // memsw (memory + swap) must never be below the memory limit: memory first.
    if (auto st = WriteFile(*dir + "/memory.limit_in_bytes", bytes); !st) return st;
    if (limits.limit_swap)
      if (auto st = WriteFile(*dir + "/memory.memsw.limit_in_bytes", bytes); !st) return st;
  }
  if (limits.pids_by == plan::LimitMechanism::kCgroupV1 && limits.pids) {
    const std::string* dir = leaf("pids");
    if (!dir) return OpError("limit pids", "", "no pids cgroup leaf");
    if (auto st = WriteFile(*dir + "/pids.max", std::to_string(*limits.pids)); !st) return st;
  }
  if (limits.cpus_by == plan::LimitMechanism::kCgroupV1 && limits.cpus) {
    const std::string* dir = leaf("cpu");
    if (!dir) return OpError("limit cpu", "", "no cpu cgroup leaf");
    auto quota = static_cast<uint64_t>(std::llround(*limits.cpus * plan::kCpuPeriodUsec));
    if (auto st = WriteFile(*dir + "/cpu.cfs_period_us", std::to_string(plan::kCpuPeriodUsec)); !st) return st;
    if (auto st = WriteFile(*dir + "/cpu.cfs_quota_us", std::to_string(quota)); !st) return st;
  }
  return Ok();
}

void KillV1(const std::vector<std::string>& leaves, const std::string& freezer_leaf) {
  auto listed = [&] {
    std::set<pid_t> pids;
    for (const auto& dir : leaves)
      for (pid_t pid : ReadPids(dir + "/cgroup.procs")) pids.insert(pid);
    return pids;
  };
  for (int round = 0; round < 60; ++round) {
    if (listed().empty()) {  // the usual case at exit: nothing to freeze
      if (!freezer_leaf.empty()) (void)WriteFile(freezer_leaf + "/freezer.state", "THAWED");
      return;
    }
    if (!freezer_leaf.empty()) {
      (void)WriteFile(freezer_leaf + "/freezer.state", "FROZEN");
      // Freezing is asynchronous; a task still running may fork once more,
      // which the next round catches.
      for (int i = 0; i < 20; ++i) {
        auto state = ReadSmallFile(freezer_leaf + "/freezer.state", kMaxFileBytes);
        if (!state || state->rfind("FROZEN", 0) == 0) break;
        SleepMs(1);
      }
    }
    std::set<pid_t> pids = listed();
    // SIGKILL reaches frozen tasks; they die as soon as they are thawed.
    for (pid_t pid : pids) ::kill(pid, SIGKILL);
    if (!freezer_leaf.empty()) (void)WriteFile(freezer_leaf + "/freezer.state", "THAWED");
    SleepMs(round < 10 ? 1 : 10);
  }
}

}  // namespace paddock::jail::cg
