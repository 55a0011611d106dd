#include "overlay/remove_tree.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "overlay/fd.h"

namespace paddock::overlay {
namespace {

// Below this depth a subdirectory is moved up to the top of the tree being
// removed and emptied on a later pass, so at most this many directories are
// open at once.
constexpr int kMaxDepth = 48;

struct Removal {
  int top_fd;  // the root of the tree being removed
  unsigned moved = 0;
};

// Opens directory `name` for emptying: chmods it u+rwx first when it lacks
// one of them (unreadable: cannot list; no write or search: cannot unlink).
Result<Fd> OpenForEmptying(int dir_fd, const std::string& name, const std::string& path) {
  struct stat st;
  if (fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return SysError("remove", path, errno);
  if (!S_ISDIR(st.st_mode)) return OpError("remove", path, "not a directory any more");
  if ((st.st_mode & S_IRWXU) != S_IRWXU) {
    mode_t mode = (st.st_mode & 07777) | S_IRWXU;
    // AT_SYMLINK_NOFOLLOW goes through /proc; without it, the lstat above
    // said this is a directory.
    int rc = fchmodat(dir_fd, name.c_str(), mode, AT_SYMLINK_NOFOLLOW);
    if (rc != 0 && (errno == ENOTSUP || errno == ENOSYS)) rc = fchmodat(dir_fd, name.c_str(), mode, 0);
    if (rc != 0) return SysError("make writable", path, errno);
  }
  Fd fd = OpenDirAt(dir_fd, name);
  if (!fd.valid()) return SysError("remove", path, errno);
  return fd;
}

// Moves the directory `name` below `dir_fd` to the top of the tree under a
// fresh name; returns false when it could not (then it is emptied in place).
bool MoveToTop(int dir_fd, const std::string& name, Removal& removal) {
  for (int attempt = 0; attempt < 1000; ++attempt) {
    std::string fresh = ".paddock-deep-" + std::to_string(getpid()) + "-" + std::to_string(removal.moved++);
    if (renameat2(dir_fd, name.c_str(), removal.top_fd, fresh.c_str(), RENAME_NOREPLACE) == 0) return true;
    if (errno != EEXIST) return false;
  }
  return false;
}

Status EmptyDir(int fd, const std::string& path, int depth, Removal& removal);

Status RemoveEntry(int dir_fd, const std::string& name, const std::string& path, int depth, Removal& removal) {
  struct stat st;
  if (fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
    return errno == ENOENT ? Ok() : SysError("remove", path, errno);
  if (!S_ISDIR(st.st_mode)) {
    if (unlinkat(dir_fd, name.c_str(), 0) != 0 && errno != ENOENT) return SysError("remove", path, errno);
    return Ok();
  }
  if (depth >= kMaxDepth && MoveToTop(dir_fd, name, removal)) return Ok();
  auto fd = OpenForEmptying(dir_fd, name, path);
  if (!fd) return fd.error();
  if (auto st2 = EmptyDir(fd->get(), path, depth + 1, removal); !st2) return st2;
  if (unlinkat(dir_fd, name.c_str(), AT_REMOVEDIR) != 0 && errno != ENOENT) return SysError("remove", path, errno);
  return Ok();
}

Status EmptyDir(int fd, const std::string& path, int depth, Removal& removal) {
  auto names = ListDirFd(fd, path);
  if (!names) return names.error();
  for (const auto& name : *names)
    if (auto st = RemoveEntry(fd, name, path + "/" + name, depth, removal); !st) return st;
  return Ok();
}

}  // namespace

Status RemoveTreeAt(int dir_fd, const std::string& name, const std::string& path_for_errors) {
  struct stat st;
  if (fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
    return errno == ENOENT ? Ok() : SysError("remove", path_for_errors, errno);
  if (!S_ISDIR(st.st_mode)) {
    if (unlinkat(dir_fd, name.c_str(), 0) != 0 && errno != ENOENT) return SysError("remove", path_for_errors, errno);
    return Ok();
  }
  auto top = OpenForEmptying(dir_fd, name, path_for_errors);
  if (!top) return top.error();
  Removal removal{top->get()};
  // Each pass removes all but the subtrees moved up from too deep; those
  // are removed by the next pass, from the top.
  for (;;) {
    auto names = ListDirFd(top->get(), path_for_errors);
    if (!names) return names.error();
    if (names->empty()) break;
    if (auto st2 = EmptyDir(top->get(), path_for_errors, 1, removal); !st2) return st2;
  }
  top->reset();
  if (unlinkat(dir_fd, name.c_str(), AT_REMOVEDIR) != 0 && errno != ENOENT)
    return SysError("remove", path_for_errors, errno);
  return Ok();
}

}  // namespace paddock::overlay
