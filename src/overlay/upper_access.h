// An agent may leave directories in upper that their owner cannot enter,
// list or write (chmod 000, 0555): their modes are part of what the run
// changed, so they are kept, but paddock must read the files below them
// (diff, apply) and remove what was applied. UpperAccess grants the owner
// rwx on each such directory of a run's upper dir for a while and restores
// the recorded modes after. Root needs none of it.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "base/error.h"
#include "overlay/fd.h"

namespace paddock::overlay {

class UpperAccess {
 public:
  // Walks `upper_dir` (no link followed) and opens up each directory of
  // ours that lacks u+rwx.
  explicit UpperAccess(const std::string& upper_dir);
  ~UpperAccess();
  UpperAccess(const UpperAccess&) = delete;
  UpperAccess& operator=(const UpperAccess&) = delete;

  // Puts the recorded modes back (directories gone meanwhile are skipped).
  // Idempotent; the destructor calls it.
  void Restore();

 private:
  void Grant(int dir_fd, const std::string& rel);

  std::string upper_dir_;
  Fd root_;
  std::vector<std::pair<std::string, mode_t>> changed_;  // parents before children
};

}  // namespace paddock::overlay
