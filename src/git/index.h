// Git's index file (gitformat-index(5)), read only for the flags that hide
// work from `git status`: assume-unchanged ("assume valid") and
// skip-worktree. A jailed agent could set them so the user reviewing its
// changes on the host never sees a modified file. Pure: bytes in, entries out.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace paddock::git {

struct IndexEntry {
  std::string path;
  bool assume_unchanged = false;
  bool skip_worktree = false;
};

struct ParsedIndex {
  uint32_t version = 0;
  // Only entries carrying one of the flags (an index may hold 100k paths).
  std::vector<IndexEntry> flagged;
  uint32_t entries = 0;
  bool split = false;  // a "link" extension: more entries live in a shared index
  std::string error;   // empty when the whole entry table parsed
};

// `hash_size` is 20 for SHA-1 repositories, 32 for SHA-256.
ParsedIndex ParseIndex(std::string_view data, size_t hash_size = 20);

}  // namespace paddock::git
