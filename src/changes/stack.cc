#include "changes/stack.h"

namespace paddock::changes {

LowerView ResolveLower(const std::vector<LayerEntry>& layers) {
  LowerView view;
  for (size_t i = 0; i < layers.size(); ++i) {
    const LayerEntry& e = layers[i];
    if (e.type == EntryType::kMissing) continue;
    if (e.type == EntryType::kWhiteout) break;  // hides this name in every layer below
    bool dir = e.type == EntryType::kDirectory;
    if (view.layer < 0) {
      view.layer = static_cast<int>(i);
      if (!dir) break;
    } else if (!dir) {
      break;  // a file below a directory is hidden by it
    }
    view.merged.push_back(static_cast<int>(i));
    if (e.opaque) break;
  }
  return view;
}

std::vector<std::string> Dependents(const std::vector<PendingRun>& runs, const std::string& id) {
  std::vector<std::string> out;
  for (const auto& r : runs)
    if (r.base == id && r.id != id) out.push_back(r.id);
  return out;
}

std::string BaseProblem(const PendingRun& run, RunState state, const std::string& project) {
  switch (state) {
    case RunState::kBroken: return "its run.json cannot be read";
    case RunState::kRunning: return "it is still running (a run can continue only an ended or interrupted one)";
    default: break;
  }
  if (run.project != project) return "it is a run of " + run.project + ", not of " + project;
  return "";
}

std::string PendingBaseProblem(const PendingRun& run) {
  if (run.base.empty()) return "";
  return "run " + run.id + " continues run " + run.base + ", which is still pending: apply or discard " + run.base +
         " first";
}

void Rebase(PendingRun& dependent, const PendingRun& applied, bool removed) {
  if (dependent.base != applied.id) return;
  for (const auto& [path, ctime] : applied.applied_ctime_ns) dependent.applied_ctime_ns[path] = ctime;
  if (removed) dependent.base = applied.base;
}

}  // namespace paddock::changes
