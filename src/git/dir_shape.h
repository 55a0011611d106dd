// What makes a directory a git dir to git, wherever it is: git run inside a
// directory without a ".git" of its own checks whether the directory itself
// is one (setup.c is_git_directory) and, if so, uses it as a bare repository
// with its config and hooks (safe.bareRepository defaults to "all"). Anyone
// who can write files can make one.
#pragma once

#include <cstdint>
#include <string_view>

namespace paddock::git {

// The entry names git looks for, and those that decide what it runs there.
enum GitDirName : uint32_t {
  kHead = 1,
  kObjects = 2,
  kRefs = 4,
  kCommondir = 8,  // redirects objects, refs, config and hooks elsewhere
  kConfig = 16,
};

// The GitDirName of an entry name, 0 for any other name.
uint32_t GitDirNameBit(std::string_view name);

// Does a directory holding the entries `names` (GitDirName bits) look like a
// git dir: a HEAD, and objects + refs or a commondir? (The contents are not
// checked: git's own checks are cheap to satisfy.)
inline bool LooksLikeGitDir(uint32_t names) {
  return (names & kHead) && ((names & kCommondir) || ((names & kObjects) && (names & kRefs)));
}

}  // namespace paddock::git
