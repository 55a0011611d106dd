#include "plan/writable_roots.h"

#include "base/strings.h"

namespace paddock::plan {

std::vector<std::string> WritableRoots(const LaunchPlan& plan) {
  std::vector<std::string> roots;
  for (const auto& op : plan.mounts)
    // Not "/" (--rw /): nothing is left to keep symlinks out of.
    if (op.type == MountType::kBind && !op.read_only && !op.source_in_jail && op.source_is_dir && op.source.size() > 1)
      roots.push_back(op.source);
  return roots;
}

std::string RootAbove(const std::vector<std::string>& roots, std::string_view path) {
  std::string best;
  for (const auto& r : roots)
    if (r.size() > best.size() && path != r && PathIsWithin(path, r)) best = r;
  return best;
}

}  // namespace paddock::plan
