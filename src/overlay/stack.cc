#include "overlay/stack.h"

#include <algorithm>

#include "base/strings.h"
#include "changes/stack.h"

namespace paddock::overlay {

std::string RunsDirOf(const std::string& run_dir) {
  size_t slash = run_dir.find_last_of('/');
  return slash == std::string::npos || slash == 0 ? "/" : run_dir.substr(0, slash);
}

Result<std::vector<StoredRun>> BaseChain(const std::string& runs_dir, const changes::PendingRun& run) {
  std::vector<StoredRun> chain;
  std::vector<std::string> seen{run.id};
  for (std::string base = run.base; !base.empty();) {
    const std::string& above = seen.back();
    if (std::find(seen.begin(), seen.end(), base) != seen.end())
      return OpError("stack on", "run " + base, "the runs' bases make a loop");
    if (chain.size() >= kMaxStackDepth)
      return OpError("stack on", "run " + base, "more than " + std::to_string(kMaxStackDepth) + " runs deep");
    if (!changes::IsRunId(base)) return OpError("stack on", "run " + base, "not a run id");
    StoredRun stored = LoadRun(runs_dir + "/" + base);
    if (stored.state == RunState::kBroken)
      return OpError("stack on", "run " + base,
                     "run " + above + " continues it, but it is gone or broken (" + stored.problem + ")");
    if (auto why = changes::BaseProblem(stored.run, stored.state, run.project); !why.empty())
      return OpError("stack on", "run " + base, why);
    seen.push_back(base);
    base = stored.run.base;
    chain.push_back(std::move(stored));
  }
  return chain;
}

Result<std::vector<StoredRun>> ResolveOverlayOn(const std::string& runs_dir, const std::string& id_or_prefix,
                                                const std::string& project) {
  if (id_or_prefix.empty()) return OpError("continue", "a run", "--overlay-on needs a run id (or a prefix of one)");
  auto found = FindRun(runs_dir, id_or_prefix);
  if (!found) return found.error().WithHint("'paddock changes' lists the pending runs");
  if (auto why = changes::BaseProblem(found->run, found->state, project); !why.empty())
    return OpError("continue", "run " + (found->run.id.empty() ? id_or_prefix : found->run.id), why);
  auto chain = BaseChain(runs_dir, found->run);
  if (!chain) return chain.error();
  chain->insert(chain->begin(), std::move(*found));
  return chain;
}

Result<std::vector<std::string>> DependentsOf(const std::string& runs_dir, const std::string& id) {
  auto runs = ListRuns(runs_dir);
  if (!runs) return runs.error();
  std::vector<changes::PendingRun> records;
  for (const auto& r : *runs)
    if (r.state != RunState::kBroken) records.push_back(r.run);
  return changes::Dependents(records, id);
}

Status RebaseDependents(const std::string& runs_dir, const changes::PendingRun& applied, bool removed) {
  auto ids = DependentsOf(runs_dir, applied.id);
  if (!ids) return ids.error();
  for (const auto& id : *ids) {
    StoredRun stored = LoadRun(runs_dir + "/" + id);
    if (stored.state == RunState::kBroken) continue;
    changes::Rebase(stored.run, applied, removed);
    if (auto st = SaveRun(stored.dir, stored.run); !st) return st;
  }
  return Ok();
}

}  // namespace paddock::overlay
