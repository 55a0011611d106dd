// What the last walk of a project saw, per directory, so the next walk reads
// only directories that changed. A directory's ctime changes whenever an
// entry is added, removed or renamed in it, and unlike mtime it cannot be set
// back by the jail (utimensat sets it to now), so an unchanged (inode, ctime)
// means unchanged entries. Kept in paddock's state directory, which the jail
// never sees.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace paddock::jail {

struct ScannedDir {
  uint64_t ino = 0;
  int64_t ctime_sec = 0;
  uint32_t ctime_nsec = 0;
  bool has_git = false;              // holds a ".git" entry of any kind
  uint32_t git_dir_names = 0;        // git::GitDirName bits: which of git's own names it holds
  std::vector<std::string> subdirs;  // names of its subdirectories (not symlinks)
};

// Key: path relative to the project ("" for the project itself).
using ScanCache = std::unordered_map<std::string, ScannedDir>;

// Empty when missing or malformed (the walk then reads everything).
ScanCache LoadScanCache(const std::string& path, const std::string& project);
// Atomically replaces the file; failures only cost speed next time.
void SaveScanCache(const std::string& path, const std::string& project, const ScanCache& cache);

}  // namespace paddock::jail
