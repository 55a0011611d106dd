// Placeholders for protected paths that do not exist yet: created on the
// host right before the jail starts (so a read-only bind can cover the name
// and the jailed command cannot create it), removed when the run ends.
//
// Crash safety: every placeholder is first recorded in
// <state_dir>/placeholders/<project-hash>.list; a run that ends without
// removing them (paddock was SIGKILLed) leaves the record for the next run.
// Concurrent runs of one project share the placeholders: each run holds a
// shared flock on <hash>.lock, and only a run that can take it exclusively
// at its end removes them (another run may still have them mounted; removing
// a mount point on the host would detach it in that run's namespace).
// A placeholder is removed only while it is still what paddock made: an
// empty directory, or a file with exactly the placeholder content.
#pragma once

#include <string>
#include <vector>

#include "base/error.h"
#include "jail/unique_fd.h"
#include "plan/launch_plan.h"

namespace paddock::jail {

class Placeholders {
 public:
  Placeholders() = default;
  Placeholders(Placeholders&&) = default;
  Placeholders& operator=(Placeholders&&) = default;
  ~Placeholders();

  // Creates this plan's placeholders (recorded first) and holds a shared lock.
  static Result<Placeholders> Create(const plan::LaunchPlan& plan);

  // Placeholders a crashed run left for `project` that are still exactly
  // what paddock made, unless another run holds them. Reads only: the host
  // probe reports them as missing (a leftover must not be taken for a real
  // file by the planner) and the run removes them (RemoveStale).
  static std::vector<std::string> FindStale(const std::string& placeholder_dir, const std::string& project);
  // Removes them: the run's first step, before the jail is set up. Below
  // `roots` (plan/writable_roots.h) nothing is followed through a symlink.
  static void RemoveStale(const std::string& placeholder_dir, const std::string& project,
                          const std::vector<std::string>& roots);

 private:
  void CleanUp();
  UniqueFd lock_;
  std::string list_path_;
  std::vector<std::string> roots_;  // plan/writable_roots.h
};

}  // namespace paddock::jail
