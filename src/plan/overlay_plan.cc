#include "plan/overlay_plan.h"

#include <algorithm>

#include "base/strings.h"
#include "plan/build_plan.h"

namespace paddock::plan {
namespace {

std::string RelativeTo(const std::string& path, const std::string& project) {
  return path == project ? "." : path.substr(project.size() + 1);
}

// A protected path that did not exist: its mount point is made in the jail,
// through the overlay (so in the run's layer), not on the host: a directory
// made before its read-only bind, a file written with its content.
void MakeMountPointsInLayer(const std::string& project, LaunchPlan& plan) {
  std::vector<Placeholder> host_side;
  for (const auto& placeholder : plan.placeholders) {
    if (!PathIsWithin(placeholder.path, project) || placeholder.path == project) {
      host_side.push_back(placeholder);
      continue;
    }
    auto bind = std::find_if(plan.mounts.begin(), plan.mounts.end(), [&](const MountOp& op) {
      return op.type == MountType::kBind && op.source_in_jail && op.target == placeholder.path;
    });
    if (bind == plan.mounts.end()) {
      host_side.push_back(placeholder);
      continue;
    }
    plan.overlay.placeholders.push_back(RelativeTo(placeholder.path, project));
    if (placeholder.directory) {
      MountOp dir;
      dir.type = MountType::kDir;
      dir.target = placeholder.path;
      dir.why = "mount point of a protected path, in the run's layer";
      plan.mounts.insert(bind, dir);
    } else {
      bind->type = MountType::kFile;
      bind->source.clear();
      bind->source_in_jail = false;
      bind->data = placeholder.content;
      bind->read_only = true;
    }
  }
  plan.placeholders = std::move(host_side);
}

// What stays outside the overlay: sources below the project are read from
// the overlay's view; a writable mount elsewhere writes to the host.
void KeepWritesInLayer(const policy::Policy& policy, LaunchPlan& plan) {
  const std::string& project = policy.project_dir;
  for (auto& op : plan.mounts) {
    if (op.type != MountType::kBind || op.source_in_jail) continue;
    if (PathIsWithin(op.source, project)) {
      op.source_in_jail = true;  // the overlay already shows the idmapped project
      op.idmapped = false;
      continue;
    }
    if (op.read_only || op.target == plan.jail_home_target || PathIsWithin(project, op.source) ||
        PathIsWithin(op.source, "/dev"))
      continue;
    bool granted = std::any_of(policy.extra_paths.begin(), policy.extra_paths.end(),
                               [&](const policy::PathGrant& g) { return g.path == op.source; }) ||
                   std::any_of(policy.home_shares.begin(), policy.home_shares.end(),
                               [&](const policy::PathGrant& g) { return g.path == op.source; });
    if (granted) {
      plan.hardening_warnings.push_back("--overlay keeps only the project's changes for review: " + op.source +
                                        " (granted read-write) is written directly");
      continue;
    }
    // A git dir outside the project (a worktree's): its writes would not wait.
    op.read_only = true;
    op.why += "; read-only: --overlay keeps only the project's changes for review";
    plan.hardening_warnings.push_back("--overlay: " + op.source +
                                      " is outside the project, so read-only in this run (git cannot commit here)");
  }
}

}  // namespace

Status PlanOverlay(const policy::Policy& policy, const HostFacts& host, LaunchPlan& plan) {
  if (!policy.overlay) return Ok();
  const std::string& project = policy.project_dir;
  if (!plan.namespaces.mount || !host.user_namespaces)
    return OpError("keep changes in an overlay for", project, "--overlay needs user and mount namespaces");
  if (host.state_dir.empty() || host.overlay_run_id.empty())
    return OpError("keep changes in an overlay for", project, "there is no state directory for the run's layer");
  auto it = std::find_if(plan.mounts.begin(), plan.mounts.end(), [&](const MountOp& op) {
    return op.type == MountType::kBind && op.source == project && op.target == project;
  });
  if (it == plan.mounts.end()) return OpError("keep changes in an overlay for", project, "the project is not mounted");
  plan.overlay.enabled = true;
  plan.overlay.run_id = host.overlay_run_id;
  plan.overlay.run_dir = OverlayRunsFor(host.state_dir, project) + "/" + host.overlay_run_id;
  plan.overlay.protected_branches = policy.protect_branches;
  it->type = MountType::kProjectOverlay;
  it->overlay_dir = plan.overlay.run_dir;
  it->why = "project, its changes kept in the run's layer (--overlay, run " + host.overlay_run_id + ")";
  // --overlay-on: the pending runs' layers over the project, newest on top.
  plan.overlay.bases = host.overlay_bases;
  for (const auto& base : host.overlay_bases)
    it->overlay_lowers.push_back(OverlayRunsFor(host.state_dir, project) + "/" + base + "/upper");
  if (!host.overlay_bases.empty()) it->why += " on run " + Join(host.overlay_bases, " on run ") + " (--overlay-on)";
  MakeMountPointsInLayer(project, plan);
  KeepWritesInLayer(policy, plan);
  for (const auto& path : plan.protected_paths)
    if (PathIsWithin(path, project) && path != project)
      plan.overlay.protected_paths.push_back(RelativeTo(path, project));
  // What the user let the agent write still waits to be named on apply.
  for (const auto& path : policy.unprotect) {
    std::string full = NormalizePath(path[0] == '/' ? path : project + "/" + path);
    if (PathIsWithin(full, project) && full != project)
      plan.overlay.protected_paths.push_back(RelativeTo(full, project));
  }
  return Ok();
}

}  // namespace paddock::plan
