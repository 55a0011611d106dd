// Landlock rules derived from the mount plan: a second filesystem wall that
// holds even if a mount is wrong. Read (and execute unless noexec) on every
// visible tree, write only where the mount plan is writable: the project,
// the jail home, /tmp, /dev/shm, granted read-write paths.
#pragma once

#include <cstdint>
#include <vector>

#include "plan/launch_plan.h"

namespace paddock::plan {

// Rules for the mounts of `plan` (inside-jail paths), merged per path.
LandlockPlan DeriveLandlock(const LaunchPlan& plan);

// Landlock filesystem access bits (uapi values) and what each ABI handles.
namespace landlock {
inline constexpr uint64_t kExecute = 1ull << 0, kWriteFile = 1ull << 1, kReadFile = 1ull << 2,
                          kReadDir = 1ull << 3, kRemoveDir = 1ull << 4, kRemoveFile = 1ull << 5,
                          kMakeChar = 1ull << 6, kMakeDir = 1ull << 7, kMakeReg = 1ull << 8,
                          kMakeSock = 1ull << 9, kMakeFifo = 1ull << 10, kMakeBlock = 1ull << 11,
                          kMakeSym = 1ull << 12, kRefer = 1ull << 13, kTruncate = 1ull << 14,
                          kIoctlDev = 1ull << 15;
inline constexpr uint64_t kScopeAbstractUnix = 1ull << 0, kScopeSignal = 1ull << 1;
// The newest ABI this code knows; later kernels are used at this level.
inline constexpr int kKnownAbi = 7;
// Filesystem rights a ruleset handles at `abi` (0 for none).
uint64_t HandledFs(int abi);
uint64_t HandledScopes(int abi);
// Rights for one rule, before masking to the ABI.
uint64_t RightsOf(const LandlockRule& rule);
// Rights that make sense on a non-directory (rules on files take only these).
inline constexpr uint64_t kFileRights = kExecute | kWriteFile | kReadFile | kTruncate | kIoctlDev;
}  // namespace landlock

}  // namespace paddock::plan
