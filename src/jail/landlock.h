// Landlock: the ruleset is prepared in the parent (paths, rights masked to
// the host's ABI) and applied in the child after no_new_privs, right before
// seccomp. Applying allocates nothing: safe in the forked child.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "plan/launch_plan.h"

namespace paddock::jail {

struct LandlockProgram {
  int abi = 0;               // the ABI enforced: min(kernel, what paddock knows)
  uint64_t handled_fs = 0;   // rights the ruleset restricts
  uint64_t scoped = 0;       // LANDLOCK_SCOPE_* (ABI 6)
  std::vector<std::string> paths;
  std::vector<uint64_t> access;  // per path, before the file/dir split
};

// The kernel's Landlock ABI version; 0 when Landlock is absent or disabled.
int LandlockAbi();

// Masks `plan` to `kernel_abi`.
LandlockProgram PrepareLandlock(const plan::LandlockPlan& plan, int kernel_abi);

// Applies the ruleset to the calling process (and its future children).
// Returns 0, or an errno with *failed_path set to the rule's path (or null).
int ApplyLandlock(const LandlockProgram& program, const char** failed_path);

// One line for diagnostics: "ABI 7: fs rights 0xffff, scopes abstract-unix,signal".
std::string DescribeLandlock(const LandlockProgram& program);

}  // namespace paddock::jail
