#include "plan/landlock_rules.h"

#include <algorithm>
#include <iterator>
#include <map>

#include "base/strings.h"

namespace paddock::plan {
namespace landlock {

uint64_t HandledFs(int abi) {
  if (abi <= 0) return 0;
  uint64_t fs = (1ull << 13) - 1;  // ABI 1: execute .. make_sym
  if (abi >= 2) fs |= kRefer;
  if (abi >= 3) fs |= kTruncate;
  if (abi >= 5) fs |= kIoctlDev;
  return fs;
}

uint64_t HandledScopes(int abi) { return abi >= 6 ? (kScopeAbstractUnix | kScopeSignal) : 0; }

uint64_t RightsOf(const LandlockRule& rule) {
  if (rule.list_only) return kReadDir;
  uint64_t r = kReadFile | kReadDir;
  if (rule.execute) r |= kExecute;
  if (rule.write) {
    // Never MAKE_CHAR / MAKE_BLOCK: device nodes come only from the mount plan.
    r |= kWriteFile | kRemoveDir | kRemoveFile | kMakeDir | kMakeReg | kMakeSock | kMakeFifo | kMakeSym | kTruncate |
         kRefer;  // REFER: renames across directories (else EXDEV)
  }
  if (rule.devices) r |= kIoctlDev;
  return r;
}

void MaskToAbi(LandlockPlan& plan, int kernel_abi) {
  plan.abi = std::clamp(kernel_abi, 0, kKnownAbi);
  plan.handled_fs = HandledFs(plan.abi);
  uint64_t requested_scopes =
      (plan.scope_abstract_unix ? kScopeAbstractUnix : 0) | (plan.scope_signals ? kScopeSignal : 0);
  plan.scoped = requested_scopes & HandledScopes(plan.abi);
  plan.dropped_fs = HandledFs(kKnownAbi) & ~plan.handled_fs;
  plan.dropped_scopes = requested_scopes & ~plan.scoped;
  for (auto& rule : plan.rules) rule.allowed = RightsOf(rule) & plan.handled_fs;
}

std::vector<std::string> FsRightNames(uint64_t fs) {
  static const char* const kNames[] = {"execute",   "write_file", "read_file", "read_dir",  "remove_dir", "remove_file",
                                       "make_char", "make_dir",   "make_reg",  "make_sock", "make_fifo",  "make_block",
                                       "make_sym",  "refer",      "truncate",  "ioctl_dev"};
  std::vector<std::string> out;
  for (size_t bit = 0; bit < std::size(kNames); ++bit)
    if (fs & (1ull << bit)) out.push_back(kNames[bit]);
  return out;
}

std::vector<std::string> ScopeNames(uint64_t scopes) {
  std::vector<std::string> out;
  if (scopes & kScopeAbstractUnix) out.push_back("abstract_unix_socket");
  if (scopes & kScopeSignal) out.push_back("signal");
  return out;
}

}  // namespace landlock

LandlockPlan DeriveLandlock(const LaunchPlan& plan) {
  LandlockPlan ll;
  ll.enabled = true;
  std::map<std::string, LandlockRule> by_path;
  auto add = [&](const LandlockRule& r) {
    auto [it, fresh] = by_path.emplace(r.path, r);
    if (fresh) return;
    LandlockRule& m = it->second;
    // A path named twice (a read-only system dir and a grant below it share
    // nothing; the same target twice means the later mount wins in the
    // kernel, so the union is never more than some mount allows).
    m.write = m.write || r.write;
    m.execute = m.execute || r.execute;
    m.devices = m.devices || r.devices;
    m.list_only = m.list_only && r.list_only;
  };
  // The jail's root is a read-only tmpfs of mount points: listing it is
  // harmless, reading beneath it is granted per mount below.
  add(LandlockRule{"/", false, false, true, false});
  for (const auto& op : plan.mounts) {
    LandlockRule r;
    r.path = op.target;
    r.execute = !op.noexec;
    switch (op.type) {
      case MountType::kBind:
      case MountType::kOverlay:
      case MountType::kProjectOverlay:
        r.write = !op.read_only;
        r.devices = !op.nodev && PathIsWithin(op.target, "/dev");
        break;
      case MountType::kTmpfs: r.write = !op.read_only; break;
      case MountType::kSysfs:
      case MountType::kCgroupView: r.write = false; break;
      case MountType::kProc:
        r.write = true;  // the jail's own /proc/self/*; sysctls are read-only mounts
        break;
      case MountType::kDevpts:
      case MountType::kMqueue:
        r.write = true;
        r.devices = op.type == MountType::kDevpts;
        break;
      default: continue;  // masks, links, generated files: covered by their parent's rule
    }
    add(r);
  }
  // Landlock grants the union of the rules on a path and its parents: a rule
  // below another that already grants all it would (the protected paths'
  // read-only binds inside the project) adds nothing. Read-only there is the
  // mount layer's job; Landlock cannot take rights away below a grant.
  for (auto& [path, rule] : by_path) {
    bool redundant = false;
    for (const auto& [other, orule] : by_path) {
      if (other == path || !PathIsWithin(path, other)) continue;
      uint64_t mine = landlock::RightsOf(rule), theirs = landlock::RightsOf(orule);
      if (!orule.list_only && (mine & ~theirs) == 0) redundant = true;
    }
    if (!redundant) ll.rules.push_back(rule);
  }
  return ll;
}

}  // namespace paddock::plan
