// What the review read from each git index last time (review::Snapshot's
// hidden entries and unreadable reasons), keyed by the index's identity
// (inode, size, mtime, ctime): an index git has not rewritten since is not
// read again. A large repository's index is megabytes (1.5 MB for 20k
// files), read at the start of every run. Kept beside the project walk's
// cache in paddock's state directory, which the jail never sees; the jail
// cannot set an index's ctime back to match.
#pragma once

#include <map>
#include <set>
#include <string>

namespace paddock::jail {

struct CachedIndex {
  std::string identity;  // never empty in the cache
  std::set<std::string> hidden;
  std::string unreadable;  // why it could not be checked, "" when it was
};

// Index file path -> what was read. Empty when missing or malformed.
using IndexCache = std::map<std::string, CachedIndex>;
IndexCache LoadIndexCache(const std::string& path);
// Atomically replaces the file; failures only cost time next run.
void SaveIndexCache(const std::string& path, const IndexCache& cache);

}  // namespace paddock::jail
