// Walks the project's tree for ".git" entries below its root (nested
// repositories, submodule and worktree checkouts) and for directories shaped
// like a git dir (bare repositories). Host git runs their hooks
// and config when the user works there (a git-aware shell prompt does so on
// `cd`), so the planner protects those present at the start and the review
// reports those a run created. Symbolic links are not followed. The same
// walk notes agent and editor config below the root (review/agent_configs.h).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace paddock::jail {

struct NestedGitScan {
  // Absolute paths of every ".git" entry below the project (directory, file
  // or symlink), excluding the project's own; git dirs are not entered.
  std::vector<std::string> entries;
  // Directories git would take for a git dir (git/dir_shape.h) that have no
  // ".git" of their own, the project included: git there uses them as bare
  // repositories. Path -> the GitDirName bits of their entries, so that a
  // commondir or config appearing in one is seen too. Walked into.
  std::map<std::string, uint32_t> bare_git_dirs;
  // Directories deeper than kMaxScanDepth below the project, not looked into.
  std::vector<std::string> too_deep;
  // Directories below the project (not the project itself, whose config is
  // protected, nor any in or below a dependency tree) holding agent or editor
  // config: path -> review::AgentConfigBit bits of those entries.
  std::map<std::string, uint64_t> agent_configs;
};
inline constexpr int kMaxScanDepth = 256;

// `cache_path` ("" for none, see plan::ScanCacheFor): what the last walk saw
// (jail/scan_cache.h), so only directories that changed since are read again.
// kReadWrite saves what this walk learned there (the run's review walks);
// kReadOnly leaves the disk as it was (the host probe: `paddock plan`).
enum class ScanCacheUse { kReadOnly, kReadWrite };
NestedGitScan FindNestedGitEntries(const std::string& project, const std::string& cache_path, ScanCacheUse use);

// Git dirs (directories holding a HEAD file) below `modules_dir`, the
// submodule store of a repository; submodule names may contain '/'.
std::vector<std::string> FindModuleGitDirs(const std::string& modules_dir);

}  // namespace paddock::jail
