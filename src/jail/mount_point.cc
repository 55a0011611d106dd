#include "jail/mount_point.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

namespace paddock::jail {
namespace {

int OpenComponent(int dirfd, const char* name, bool dir) {
  return openat(dirfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC | (dir ? O_DIRECTORY : 0));
}

// Opens `name` in `dirfd`; when missing and `create`, makes it (a directory
// or an empty file) and opens what is there then (it may have raced).
int OpenOrCreateComponent(int dirfd, const char* name, bool dir, bool create) {
  int fd = OpenComponent(dirfd, name, dir);
  if (fd >= 0 || errno != ENOENT || !create) return fd;
  if (dir) {
    if (mkdirat(dirfd, name, 0755) != 0 && errno != EEXIST) return -1;
  } else {
    int f = openat(dirfd, name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (f >= 0) close(f);
  }
  return OpenComponent(dirfd, name, dir);
}

// The whole path in one call (Linux 5.6), refusing any symlink and any way
// out of `root`: what the walk below checks, without a system call per
// component. Most mount points that exist already (placeholders, masks in
// /etc and /proc) are five or six components deep.
int OpenExisting(int root, const char* rel, bool dir) {
  open_how how{};
  // No O_NOFOLLOW: with O_PATH it would hand back a trailing symlink itself,
  // where RESOLVE_NO_SYMLINKS alone refuses it (ELOOP).
  how.flags = O_PATH | O_CLOEXEC | (dir ? O_DIRECTORY : 0);
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
  return static_cast<int>(syscall(SYS_openat2, root, rel, &how, sizeof how));
}

}  // namespace

int OpenBelow(int root, const char* rel, bool dir, bool create) {
  // A success is taken from openat2, and so is a missing component when
  // nothing is to be made: every component before it was a real directory,
  // where the walk would stop too. The rest goes the long way: what is to be
  // made, a symlink (whose error the walk words), a kernel without openat2.
  int fd = OpenExisting(root, rel, dir);
  if (fd >= 0 || (errno == ENOENT && !create)) return fd;
  char buf[PATH_MAX];
  if (snprintf(buf, sizeof buf, "%s", rel) >= static_cast<int>(sizeof buf)) {
    errno = ENAMETOOLONG;
    return -1;
  }
  int cur = fcntl(root, F_DUPFD_CLOEXEC, 3);
  if (cur < 0) return -1;
  char* save = nullptr;
  for (char* comp = strtok_r(buf, "/", &save); comp;) {
    char* next = strtok_r(nullptr, "/", &save);
    bool want_dir = next != nullptr || dir;
    int fd = OpenOrCreateComponent(cur, comp, want_dir, create);
    int e = errno;
    close(cur);
    if (fd < 0) {
      errno = e;
      return -1;
    }
    // O_PATH|O_NOFOLLOW opens a symlink itself rather than failing.
    struct stat st;
    if (!want_dir && fstat(fd, &st) == 0 && S_ISLNK(st.st_mode)) {
      close(fd);
      errno = ELOOP;
      return -1;
    }
    cur = fd;
    comp = next;
  }
  return cur;
}

}  // namespace paddock::jail
