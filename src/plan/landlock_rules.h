// Landlock rules derived from the mount plan: a second filesystem wall that
// holds even if a mount is wrong. Read (and execute unless noexec) on every
// visible tree, write only where the mount plan is writable: the project,
// the jail home, /tmp, /dev/shm, granted read-write paths.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "plan/launch_plan.h"

namespace paddock::plan {

// Rules for the mounts of `plan` (inside-jail paths), merged per path.
LandlockPlan DeriveLandlock(const LaunchPlan& plan);

// Landlock filesystem access bits (uapi values) and what each ABI handles.
namespace landlock {
inline constexpr uint64_t kExecute = 1ull << 0, kWriteFile = 1ull << 1, kReadFile = 1ull << 2, kReadDir = 1ull << 3,
                          kRemoveDir = 1ull << 4, kRemoveFile = 1ull << 5, kMakeChar = 1ull << 6, kMakeDir = 1ull << 7,
                          kMakeReg = 1ull << 8, kMakeSock = 1ull << 9, kMakeFifo = 1ull << 10, kMakeBlock = 1ull << 11,
                          kMakeSym = 1ull << 12, kRefer = 1ull << 13, kTruncate = 1ull << 14, kIoctlDev = 1ull << 15;
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
// Decides what is enforced at the probed `kernel_abi` (0: no Landlock):
// plan.abi, handled_fs, scoped, each rule's `allowed`, and what this ABI
// drops (rights and scopes paddock restricts at kKnownAbi but not here).
void MaskToAbi(LandlockPlan& plan, int kernel_abi);
// Names of the bits of `fs` ("execute", "write_file", ...) and `scopes`
// ("abstract_unix_socket", "signal"), in bit order.
std::vector<std::string> FsRightNames(uint64_t fs);
std::vector<std::string> ScopeNames(uint64_t scopes);
}  // namespace landlock

}  // namespace paddock::plan
