// Thin wrappers over the new mount API (open_tree, fsopen/fsconfig/fsmount,
// move_mount, mount_setattr): every mount is made detached and moved onto a
// mount point opened by fd, so no path is resolved twice. Async-signal-safe.
// Each returns what its system call returns, with errno set on failure.
#pragma once

#include <cstddef>
#include <cstdint>

namespace paddock::jail {

int OpenTree(int dirfd, const char* path, unsigned flags);
// Moves the detached mount `from` onto the mount point opened as `to`.
int MoveMount(int from, int to);
// mount_setattr: sets MOUNT_ATTR_* `attrs` on the mount `fd` (and below it).
int SetMountAttrs(int fd, bool recursive, uint64_t attrs);
// A fresh filesystem as a detached mount; `data` is "key=value,flag,..."
// (at most 255 characters) or null. Returns the mount's fd or -1.
int FsMount(const char* fstype, const char* data, uint64_t attrs);
// A writable overlayfs of `count` lower directories (the top one first), its
// upper and work directories given by path; user.* xattrs, as a user
// namespace may set (`userxattr`). Returns the mount's fd or -1.
int FsMountOverlay(const char* const* lowers, size_t count, const char* upper, const char* work, uint64_t attrs);

}  // namespace paddock::jail
