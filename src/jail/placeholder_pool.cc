#include "jail/placeholder_pool.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <set>

#include "jail/dir_entries.h"

namespace paddock::jail {
namespace {

// Enough for every default protected path of a project and its git dirs,
// with room for concurrent runs of different projects.
constexpr int kPoolSize = 64;

std::vector<std::string> EntryNames(int dir_fd) {
  std::vector<std::string> names;
  // A descriptor of its own: reading moves the offset of `dir_fd`'s.
  int fd = openat(dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return names;
  ForEachName(fd, [&](const char* name, unsigned char) { names.emplace_back(name); });
  close(fd);
  return names;
}

// Whether the directory at `path` (relative to `dir_fd`) has no entries.
bool IsEmptyDir(int dir_fd, const char* path) {
  int fd = openat(dir_fd, path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return false;
  bool empty = true;
  ForEachName(fd, [&](const char*, unsigned char) { empty = false; });
  close(fd);
  return empty;
}

}  // namespace

PlaceholderPool::PlaceholderPool(const std::string& dir) {
  if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return;
  dir_.reset(open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!dir_.valid()) return;
  struct stat st;
  // Only a pool that is paddock's own: the user's directory, nobody else's to write.
  if (fstat(dir_.get(), &st) != 0 || st.st_uid != geteuid() || (st.st_mode & 022) != 0) {
    dir_.reset();
    return;
  }
  available_ = EntryNames(dir_.get());
}

bool PlaceholderPool::Take(int parent, const char* name_there) {
  while (dir_.valid() && !available_.empty()) {
    std::string name = available_.back();
    available_.pop_back();
    if (renameat2(dir_.get(), name.c_str(), parent, name_there, RENAME_NOREPLACE) != 0) {
      if (errno == EXDEV) {  // another mount: so is every other entry
        available_.push_back(name);
        return false;
      }
      if (errno == EEXIST) return false;  // the caller's mkdir reports it
      continue;                           // taken by a concurrent run, or not a directory we can move
    }
    if (IsEmptyDir(parent, name_there)) return true;
    // Not what a placeholder must be: back where it was, never used.
    renameat2(parent, name_there, dir_.get(), name.c_str(), RENAME_NOREPLACE);
  }
  return false;
}

bool PlaceholderPool::FreshNames() {
  if (listed_) return !free_.empty();
  listed_ = true;
  std::set<std::string> used;
  for (auto& n : EntryNames(dir_.get())) used.insert(n);
  for (int i = kPoolSize - 1; i >= 0; --i) {
    if (!used.count(std::to_string(i))) free_.push_back(i);
  }
  return !free_.empty();
}

bool PlaceholderPool::Give(int parent, const char* name_there) {
  struct stat st;
  if (fstatat(parent, name_there, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISDIR(st.st_mode))
    return true;  // not a placeholder now: left alone
  if (!dir_.valid()) return false;
  while (FreshNames()) {
    std::string name = std::to_string(free_.back());
    free_.pop_back();
    if (renameat2(parent, name_there, dir_.get(), name.c_str(), RENAME_NOREPLACE) != 0) {
      if (errno == EEXIST) continue;  // a concurrent run gave that one
      return false;                   // EXDEV, or gone: the caller decides
    }
    if (IsEmptyDir(dir_.get(), name.c_str())) return true;
    // Not empty (filled on the host during the run): the files stay where
    // their owner put them.
    renameat2(dir_.get(), name.c_str(), parent, name_there, RENAME_NOREPLACE);
    return true;  // not removed either: rmdir would fail on it anyway
  }
  return false;
}

}  // namespace paddock::jail
