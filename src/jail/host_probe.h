// Gathers HostFacts (ids, home, paths, kernel features) and resolves the
// policy's paths on this host. Reads the filesystem, never changes it:
// `paddock plan` leaves the disk as it was (writes are the run's, jail/run.h).
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/error.h"
#include "jail/user_dirs.h"  // RealHome, StateDir: most callers of the probe need them too
#include "plan/host_facts.h"
#include "policy/policy.h"

namespace paddock::jail {

// What is at `path` (a symlink is not followed).
plan::PathInfo LstatPath(const std::string& path);

// The probe's view of paths: stale placeholders (HostFacts::stale_placeholders)
// are missing, as they will be when the run has removed them.
class StalePaths {
 public:
  explicit StalePaths(const std::vector<std::string>& paths);
  plan::PathInfo Lstat(const std::string& path) const;
  bool Contains(const std::string& path) const { return paths_.count(path) > 0; }
  // Entry names of `dir`, sorted, without stale placeholders.
  std::vector<std::string> List(const std::string& dir) const;

 private:
  std::set<std::string> paths_;
};

// Makes the policy's paths canonical (symlinks resolved), so that what is
// planned is what gets mounted. Returns every path that is missing or leads
// out of the project through a symlink (empty: all resolved).
Problems ResolvePolicyPaths(policy::Policy& policy);

Result<plan::HostFacts> GatherHostFacts(const policy::Policy& policy);

// Each --pass-fd must be open when paddock starts, before it opens any of its
// own: a free number would be filled by one of paddock's descriptors (the
// idmap namespace, a lock file, the pipe of pid 1's reports) and handed to
// the command.
Status CheckPassedFds(const std::vector<int>& fds);

}  // namespace paddock::jail
