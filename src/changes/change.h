// What an --overlay run changed (docs/overlay.md). The walker of the upper
// dir (overlay/upper_walk.h) collects facts about each upper entry and about
// the real project at the same path; this decides what they mean: added,
// modified, deleted, renamed, type or mode changed. Pure: facts in, changes
// out, so every case is unit-tested without overlayfs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace paddock::changes {

enum class EntryType {
  kMissing,    // nothing there
  kFile,       // a regular file
  kDirectory,  //
  kSymlink,    //
  kWhiteout,   // overlayfs' mark of a deleted lower entry (a 0:0 character device in upper)
  kSpecial,    // a fifo, socket or device: never applied
};

// The real project's entry at a path, now.
struct HostState {
  EntryType type = EntryType::kMissing;
  uint32_t mode = 0;  // permission bits (07777)
  int64_t size = 0;
  // The inode change time; for a directory that a change would remove (a
  // deletion, a type change), the newest one in its whole tree.
  int64_t ctime_ns = 0;
  std::string link_target;  // kSymlink
};

// One entry of the upper dir, or one lower entry an opaque directory hides.
struct UpperFact {
  std::string path;  // relative to the project ("src/main.c"), never empty
  EntryType type = EntryType::kMissing;
  uint32_t mode = 0;  // permission bits (07777)
  int64_t size = 0;
  std::string link_target;  // kSymlink
  bool opaque = false;      // a directory with user.overlay.opaque "y"
  // user.overlay.origin set: copied up from a lower entry (at this path,
  // or elsewhere and renamed: redirect_dir is off).
  bool origin = false;
  // A lower entry hidden by its opaque parent directory (no upper entry):
  // deleted, like a whiteout.
  bool hidden_by_opaque = false;
  HostState host;
  // The host's parent directory's change time (0: unchanged since the
  // start, or no such directory): a copied-up entry missing on the host
  // whose directory changed may have been deleted there (FindConflicts).
  int64_t host_parent_ctime_ns = 0;
  // For a regular file over a regular host file: are the bytes identical?
  // (The walker compares them only when the sizes match.)
  bool same_content = false;
  // Rename candidates only (RenameCandidates): a hash of the content
  // (upper's for an added file, the host's for a deleted one).
  std::string content_hash;
};

enum class ChangeKind { kAdded, kModified, kDeleted, kRenamed, kTypeChanged, kModeChanged };

struct Change {
  ChangeKind kind = ChangeKind::kAdded;
  std::string path;                          // project-relative; for a rename, the new path
  std::string from;                          // kRenamed: the old path
  EntryType old_type = EntryType::kMissing;  // the host's entry (kRenamed: at `from`)
  EntryType new_type = EntryType::kMissing;  // upper's (kMissing for a deletion)
  bool directory = false;                    // the entry is a directory (a deletion: the deleted one)
  uint32_t old_mode = 0;                     // 0 where there is none
  uint32_t new_mode = 0;
  // Why applying it would lose someone's work (the conflict rule,
  // FindConflicts); "" when it would not.
  std::string conflict;
  // The facts it was made from (a rename: the added side), for apply.
  bool hidden_by_opaque = false;
  bool origin = false;
  int64_t host_ctime_ns = 0;           // the host entry's
  int64_t host_parent_ctime_ns = 0;    // its host directory's (UpperFact)
  int64_t from_host_ctime_ns = 0;      // kRenamed: the old path's
  bool from_hidden_by_opaque = false;  // kRenamed: the old path was hidden by an opaque directory

  // A mode change shown beside the kind: both sides exist with different
  // permission bits (symbolic links have none).
  bool ModeChanged() const;
};

// The change `fact` is, or none (a directory that only holds changes, a
// file copied up but left as it was, a whiteout of something the host has
// deleted meanwhile).
std::optional<Change> Classify(const UpperFact& fact);

// The facts whose content hash rename detection needs: added regular files
// and deleted regular files (whiteouts over a host file) of a size that
// occurs on both sides. Indices into `facts`.
std::vector<size_t> RenameCandidates(const std::vector<UpperFact>& facts);

// Every change of `facts` (Classify), with each deleted file and added file
// of the same size and content hash made one kRenamed change, sorted by
// path. Pairs are made in path order, so the result is deterministic.
std::vector<Change> ClassifyAll(const std::vector<UpperFact>& facts);

// Is `path` equal to `dir` or below it? Both project-relative; "" is the
// project itself, above everything.
bool AtOrBelow(const std::string& path, const std::string& dir);

const char* KindName(ChangeKind kind);  // "added", "modified", ...
const char* TypeName(EntryType type);   // "file", "directory", ...

}  // namespace paddock::changes
