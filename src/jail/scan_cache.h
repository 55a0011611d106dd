// What the last walk of a project saw, per directory, so the next walk reads
// only directories that changed. A directory's ctime changes whenever an
// entry is added, removed or renamed in it, and unlike mtime it cannot be set
// back by the jail (utimensat sets it to now), so an unchanged (inode, ctime)
// means unchanged entries. Kept in paddock's state directory, which the jail
// never sees.
//
// The cache is the tree itself: a directory's record holds the range of its
// subdirectories' records, so the walk carries its place in the cache down
// with it instead of looking every directory up by path (a project with a
// node_modules tree has thousands). Loading it allocates nothing per entry.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace paddock::jail {

// What a walk learns about one directory.
struct ScannedDir {
  uint64_t ino = 0;
  int64_t ctime_sec = 0;
  uint32_t ctime_nsec = 0;
  // Its entries may be taken from the cache when (ino, ctime) still match.
  // False when it changed within the clock's granularity of the walk that
  // read it (it may change again without its ctime moving) or was not read.
  bool trusted = false;
  bool has_git = false;        // holds a ".git" entry of any kind
  uint32_t git_dir_names = 0;  // git::GitDirName bits: which of git's own names it holds
  uint64_t agent_configs = 0;  // review::AgentConfigBit bits: agent and editor config it holds
};

// A directory of the loaded tree; its subdirectories (symlinks excluded) are
// records [first_child, first_child + child_count), sorted by name.
struct CachedDir : ScannedDir {
  uint32_t name_offset = 0, name_size = 0;  // into the file; NUL-terminated there
  uint32_t first_child = 0, child_count = 0;
};

class ScanCache {
 public:
  bool empty() const { return dirs_.empty(); }
  size_t size() const { return dirs_.size(); }
  // The project's own record; null when there is no cache.
  const CachedDir* Root() const { return dirs_.empty() ? nullptr : &dirs_[0]; }
  std::span<const CachedDir> Children(const CachedDir& d) const {
    return std::span<const CachedDir>(dirs_).subspan(d.first_child, d.child_count);
  }
  // The subdirectory `name` of `d`, or null.
  const CachedDir* Child(const CachedDir& d, std::string_view name) const;
  // NUL-terminated, for the *at() calls.
  const char* Name(const CachedDir& d) const { return data_.data() + d.name_offset; }
  std::string_view NameView(const CachedDir& d) const { return {Name(d), d.name_size}; }

 private:
  friend ScanCache LoadScanCache(const std::string& path, const std::string& project);
  std::string data_;
  std::vector<CachedDir> dirs_;
};

// Empty when missing or malformed (the walk then reads everything).
ScanCache LoadScanCache(const std::string& path, const std::string& project);

// A directory as a walk saw it, linked to its parent (null for the project);
// `name` must stay valid until the cache is saved.
struct WalkedDir : ScannedDir {
  const WalkedDir* parent = nullptr;
  std::string_view name;
};

// Atomically replaces the file with the tree of `dirs` (every one's parent
// among them, exactly one without a parent); failures only cost speed next
// time.
void SaveScanCache(const std::string& path, const std::string& project, std::span<const WalkedDir* const> dirs);

}  // namespace paddock::jail
