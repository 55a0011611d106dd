// Opening mount points inside the new root without following symlinks: the
// jail home and the project are writable by the agent, which could otherwise
// plant a symlink that redirects a later run's mount out of the jail.
#pragma once

#include <string>

namespace paddock::jail {

// Opens `rel` below the directory `root` without following a symlink: one
// openat2 when the path exists, else component by component with
// O_NOFOLLOW; a symlink anywhere on the way fails (ELOOP or ENOTDIR). With
// `create`, missing components are made: directories, and an empty file as
// the last one when !dir. Returns an O_PATH fd or -1 with errno set.
// Async-signal-safe.
int OpenBelow(int root, const char* rel, bool dir, bool create);

// A plan path relative to the new root: "/usr" -> "usr".
inline const char* BelowRoot(const std::string& path) { return path.c_str() + 1; }

}  // namespace paddock::jail
