// Landlock: the ABI is probed once, with the host (jail/host_probe.cc); the
// planner masks the rights to it (plan::landlock::MaskToAbi). The ruleset is
// prepared in the parent from exactly the plan's rights and applied in the
// child after no_new_privs, right before seccomp. Applying allocates
// nothing: safe in the forked child.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "plan/launch_plan.h"

namespace paddock::jail {

struct LandlockProgram {
  uint64_t handled_fs = 0;  // rights the ruleset restricts
  uint64_t scoped = 0;      // LANDLOCK_SCOPE_* (ABI 6)
  std::vector<std::string> paths;
  std::vector<uint64_t> access;  // per path, before the file/dir split
  int init_fd = -1;              // paddock-init (ChildContext::init_fd): pid 1 may read and execute it
};

// The kernel's Landlock ABI version; 0 when Landlock is absent or disabled.
// For the host probe only: everything after it reads the plan.
int LandlockAbi();

// The plan's ruleset, as planned (rules that allow nothing are left out).
LandlockProgram PrepareLandlock(const plan::LandlockPlan& plan);

// Applies the ruleset to the calling process (and its future children).
// Returns 0, or an errno with *failed_path set to the rule's path (or null).
int ApplyLandlock(const LandlockProgram& program, const char** failed_path);

// A second Landlock layer for the command alone, after pid 1 forked it: one
// that changes nothing it may do (it handles creating block devices, which
// the jail cannot do anyway, and allows moving files anywhere under / as far
// as the first layer does) but nests its domain inside pid 1's, and Landlock
// lets no process trace one outside its own domain. `abi`: the kernel's
// Landlock ABI (the plan's). Returns 0 or an errno.
int NestBelowPid1(int abi);

}  // namespace paddock::jail
