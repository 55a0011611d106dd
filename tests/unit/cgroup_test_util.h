// Fake cgroup trees in temporary directories: what a kernel would show, made
// of plain files, so cgroup code can be tested without privileges.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "jail/cgroup.h"

namespace paddock::jail::testing {

namespace fs = std::filesystem;

inline void Put(const fs::path& file, const std::string& content) {
  fs::create_directories(file.parent_path());
  std::ofstream(file) << content;
}

inline std::string Get(const fs::path& file) {
  std::ifstream in(file);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

class TempTree {
 public:
  TempTree() {
    char tmpl[] = "/tmp/paddock-cgtest.XXXXXX";
    root_ = mkdtemp(tmpl);
  }
  ~TempTree() { fs::remove_all(root_); }
  const fs::path& root() const { return root_; }

 private:
  fs::path root_;
};

// Files a v1 leaf of each controller gets from the kernel.
inline void PopulateV1Leaf(const fs::path& dir, const std::string& controller) {
  Put(dir / "cgroup.procs", "");
  Put(dir / "tasks", "");
  if (controller == "memory") {
    for (const char* f : {"memory.limit_in_bytes", "memory.memsw.limit_in_bytes", "memory.max_usage_in_bytes"})
      Put(dir / f, "9223372036854771712\n");
    Put(dir / "memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 0\n");
  } else if (controller == "pids") {
    Put(dir / "pids.max", "max\n");
    Put(dir / "pids.events", "max 0\n");
  } else if (controller == "cpu") {
    Put(dir / "cpu.cfs_period_us", "100000\n");
    Put(dir / "cpu.cfs_quota_us", "-1\n");
  } else if (controller == "cpuacct") {
    Put(dir / "cpuacct.usage", "0\n");
  } else if (controller == "freezer") {
    Put(dir / "freezer.state", "THAWED\n");
  }
}

inline void PopulateV2Leaf(const fs::path& dir) {
  for (const char* f : {"cgroup.procs", "cgroup.kill", "cgroup.freeze", "cgroup.subtree_control"}) Put(dir / f, "");
  Put(dir / "cgroup.controllers", "cpu memory pids\n");
  Put(dir / "memory.max", "max\n");
  Put(dir / "memory.swap.max", "max\n");
  Put(dir / "memory.peak", "0\n");
  Put(dir / "memory.events", "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\n");
  Put(dir / "pids.max", "max\n");
  Put(dir / "pids.events", "max 0\n");
  Put(dir / "cpu.max", "max 100000\n");
  Put(dir / "cpu.stat", "usage_usec 0\nuser_usec 0\nsystem_usec 0\n");
}

// Ops for fake trees: fill new leaves like the kernel, remove them whole.
inline CgroupOps FakeOps(std::function<void(const std::string&)> populate) {
  CgroupOps ops;
  ops.after_mkdir = std::move(populate);
  ops.rmdir = [](const std::string& dir) {
    std::error_code ec;
    if (!fs::exists(dir)) {
      errno = ENOENT;
      return -1;
    }
    fs::remove_all(dir, ec);
    return ec ? -1 : 0;
  };
  return ops;
}

// "<start time>" of this process, as a leaf name carries it.
inline std::string OwnStartTime() {
  std::string name = cg::LeafName(CgroupRoots{});
  return name.substr(name.rfind('-') + 1);
}

}  // namespace paddock::jail::testing
