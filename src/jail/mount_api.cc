#include "jail/mount_api.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "base/strings.h"

namespace paddock::jail {
namespace {

// Closes `fd` without losing the errno of the failure being reported.
int CloseKeepingErrno(int fd) {
  int e = errno;
  close(fd);
  errno = e;
  return -1;
}

// Applies each "key=value" (a string) or "flag" of `data` to the filesystem
// context `fs`. Returns 0 or -1 with errno set.
int Configure(int fs, const char* data) {
  char buf[256];
  snprintf(buf, sizeof buf, "%s", data ? data : "");
  for (char *save = nullptr, *item = strtok_r(buf, ",", &save); item; item = strtok_r(nullptr, ",", &save)) {
    char* eq = strchr(item, '=');
    long rc;
    if (eq) {
      *eq = '\0';
      rc = syscall(SYS_fsconfig, fs, FSCONFIG_SET_STRING, item, eq + 1, 0);
    } else {
      rc = syscall(SYS_fsconfig, fs, FSCONFIG_SET_FLAG, item, nullptr, 0);
    }
    if (rc < 0) return -1;
  }
  return 0;
}

}  // namespace

int OpenTree(int dirfd, const char* path, unsigned flags) {
  return static_cast<int>(syscall(SYS_open_tree, dirfd, path, flags));
}

int MoveMount(int from, int to) {
  return static_cast<int>(syscall(SYS_move_mount, from, "", to, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH));
}

int SetMountAttrs(int fd, bool recursive, uint64_t attrs) {
  struct mount_attr attr {};
  attr.attr_set = attrs;
  return static_cast<int>(
      syscall(SYS_mount_setattr, fd, "", AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0), &attr, sizeof attr));
}

int FsMount(const char* fstype, const char* data, uint64_t attrs) {
  int fs = static_cast<int>(syscall(SYS_fsopen, fstype, FSOPEN_CLOEXEC));
  if (fs < 0) return -1;
  if (Configure(fs, data) != 0) return CloseKeepingErrno(fs);
  if (syscall(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, nullptr, nullptr, 0) < 0) return CloseKeepingErrno(fs);
  int mnt = static_cast<int>(syscall(SYS_fsmount, fs, FSMOUNT_CLOEXEC, attrs));
  int e = errno;
  close(fs);
  errno = e;
  return mnt;
}

namespace {

// overlayfs splits layer lists at ':' (and, before Linux 6.5, options at
// ','), and reads '\\' as an escape: each of them escaped.
bool EscapeLayer(const char* path, char* out, size_t size) {
  size_t n = 0;
  for (const char* p = path; *p; ++p) {
    if (OneOf(":,\\", *p)) {
      if (n + 1 >= size) return false;
      out[n++] = '\\';
    }
    if (n + 1 >= size) return false;
    out[n++] = *p;
  }
  out[n] = '\0';
  return true;
}

int SetLayer(int fs, const char* key, const char* path) {
  char escaped[PATH_MAX * 2];
  if (!EscapeLayer(path, escaped, sizeof escaped)) {
    errno = ENAMETOOLONG;
    return -1;
  }
  return static_cast<int>(syscall(SYS_fsconfig, fs, FSCONFIG_SET_STRING, key, escaped, 0));
}

// lowerdir=a:b:c, each path escaped (the colon form: "lowerdir+" needs
// Linux 6.8).
int SetLowers(int fs, const char* const* lowers, size_t count) {
  char list[PATH_MAX * 2];
  size_t n = 0;
  for (size_t i = 0; i < count; ++i) {
    if (i > 0) {
      if (n + 2 >= sizeof list) break;
      list[n++] = ':';
    }
    if (!EscapeLayer(lowers[i], list + n, sizeof list - n)) {
      errno = ENAMETOOLONG;
      return -1;
    }
    n += strlen(list + n);
  }
  if (count == 0 || n + 2 >= sizeof list) {
    errno = count == 0 ? EINVAL : ENAMETOOLONG;
    return -1;
  }
  return static_cast<int>(syscall(SYS_fsconfig, fs, FSCONFIG_SET_STRING, "lowerdir", list, 0));
}

}  // namespace

int FsMountOverlay(const char* const* lowers, size_t count, const char* upper, const char* work, uint64_t attrs) {
  int fs = static_cast<int>(syscall(SYS_fsopen, "overlay", FSOPEN_CLOEXEC));
  if (fs < 0) return -1;
  if (SetLowers(fs, lowers, count) < 0 || SetLayer(fs, "upperdir", upper) < 0 || SetLayer(fs, "workdir", work) < 0 ||
      syscall(SYS_fsconfig, fs, FSCONFIG_SET_FLAG, "userxattr", nullptr, 0) < 0 ||
      syscall(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, nullptr, nullptr, 0) < 0)
    return CloseKeepingErrno(fs);
  int mnt = static_cast<int>(syscall(SYS_fsmount, fs, FSMOUNT_CLOEXEC, attrs));
  int e = errno;
  close(fs);
  errno = e;
  return mnt;
}

}  // namespace paddock::jail
