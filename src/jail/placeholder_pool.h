// Empty directories kept between runs in <state>/placeholders/pool, so a
// run renames its placeholder directories into place and back instead of
// making and removing them. On ext4 that is most of what placeholders cost:
// making a directory allocates an inode (the allocator scans past inodes
// freed recently, which is what a run's churn leaves behind) and a block,
// and removing it frees the block (with the `discard` mount option, waiting
// for the device). A rename does neither. It works only within one mount:
// across mounts (EXDEV) the caller makes and removes the directory as before.
#pragma once

#include <string>
#include <vector>

#include "jail/unique_fd.h"

namespace paddock::jail {

class PlaceholderPool {
 public:
  // Opens (making it if needed) the pool directory; an unusable pool is
  // empty and takes nothing back.
  explicit PlaceholderPool(const std::string& dir);

  // Moves an empty pool directory to `name` in the directory `parent`
  // (which must not have it). False when the pool has none that can move
  // there: the caller makes one.
  bool Take(int parent, const char* name);

  // Moves the directory `name` of `parent` into the pool if it is still an
  // empty directory; one that is not is left where it is (put back if it
  // was filled while it moved). False when an empty directory could not
  // move (pool full, another mount): the caller removes it.
  bool Give(int parent, const char* name);

 private:
  bool FreshNames();
  UniqueFd dir_;
  std::vector<std::string> available_;  // pool entries this run may take
  bool listed_ = false;
  std::vector<int> free_;  // entry numbers not in use, for Give
};

}  // namespace paddock::jail
