// Builds the jail's root filesystem in the child, after the mount namespace
// is private, and pivots into it. Every mount uses the new mount API so that
// targets are opened without following symlinks: the jail home and the
// project are writable by the agent, which could otherwise plant a symlink
// that redirects a later run's mount.
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "jail/child_context.h"

namespace paddock::jail {
namespace {

using plan::MountOp;
using plan::MountType;

int OpenTree(int dirfd, const char* path, unsigned flags) {
  return static_cast<int>(syscall(SYS_open_tree, dirfd, path, flags));
}
int MoveMount(int from, int to) {
  return static_cast<int>(
      syscall(SYS_move_mount, from, "", to, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH));
}
int SetAttr(int fd, bool recursive, uint64_t set) {
  struct mount_attr attr {};
  attr.attr_set = set;
  return static_cast<int>(
      syscall(SYS_mount_setattr, fd, "", AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0), &attr, sizeof attr));
}

uint64_t AttrsOf(const MountOp& op) {
  uint64_t a = 0;
  if (op.nosuid) a |= MOUNT_ATTR_NOSUID;
  if (op.nodev) a |= MOUNT_ATTR_NODEV;
  if (op.noexec) a |= MOUNT_ATTR_NOEXEC;
  return a;
}

// A fresh filesystem as a detached mount. `data` is "key=value,flag,...".
int FsMount(const char* fstype, const char* data, uint64_t attrs) {
  int fs = static_cast<int>(syscall(SYS_fsopen, fstype, FSOPEN_CLOEXEC));
  if (fs < 0) return -1;
  char buf[256];
  snprintf(buf, sizeof buf, "%s", data ? data : "");
  for (char* save = nullptr, *item = strtok_r(buf, ",", &save); item; item = strtok_r(nullptr, ",", &save)) {
    char* eq = strchr(item, '=');
    int rc;
    if (eq) {
      *eq = '\0';
      rc = static_cast<int>(syscall(SYS_fsconfig, fs, FSCONFIG_SET_STRING, item, eq + 1, 0));
    } else {
      rc = static_cast<int>(syscall(SYS_fsconfig, fs, FSCONFIG_SET_FLAG, item, nullptr, 0));
    }
    if (rc < 0) {
      int e = errno;
      close(fs);
      errno = e;
      return -1;
    }
  }
  if (syscall(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, nullptr, nullptr, 0) < 0) {
    int e = errno;
    close(fs);
    errno = e;
    return -1;
  }
  int mnt = static_cast<int>(syscall(SYS_fsmount, fs, FSMOUNT_CLOEXEC, attrs));
  int e = errno;
  close(fs);
  errno = e;
  return mnt;
}

// Opens `rel` below `root` without following any symlink; with `create`,
// missing components are made (directories, and a file as the last one when
// !dir). Returns an O_PATH fd or -1 with errno set.
int OpenBelow(int root, const char* rel, bool dir, bool create) {
  char buf[PATH_MAX];
  if (snprintf(buf, sizeof buf, "%s", rel) >= static_cast<int>(sizeof buf)) {
    errno = ENAMETOOLONG;
    return -1;
  }
  int cur = fcntl(root, F_DUPFD_CLOEXEC, 3);
  if (cur < 0) return -1;
  char* save = nullptr;
  char* comp = strtok_r(buf, "/", &save);
  while (comp) {
    char* next = strtok_r(nullptr, "/", &save);
    bool last = next == nullptr;
    bool want_dir = !last || dir;
    int fd = openat(cur, comp, O_PATH | O_NOFOLLOW | O_CLOEXEC | (want_dir ? O_DIRECTORY : 0));
    if (fd < 0 && errno == ENOENT && create) {
      if (want_dir) {
        if (mkdirat(cur, comp, 0755) != 0 && errno != EEXIST) fd = -1;
      } else {
        int f = openat(cur, comp, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (f >= 0) close(f);
      }
      fd = openat(cur, comp, O_PATH | O_NOFOLLOW | O_CLOEXEC | (want_dir ? O_DIRECTORY : 0));
    }
    int e = errno;
    close(cur);
    if (fd < 0) {
      errno = e;
      return -1;
    }
    if (!want_dir) {
      struct stat st;
      if (fstat(fd, &st) == 0 && S_ISLNK(st.st_mode)) {
        close(fd);
        errno = ELOOP;
        return -1;
      }
    }
    cur = fd;
    comp = next;
  }
  return cur;
}

const char* Rel(const std::string& path) { return path.c_str() + 1; }  // "/usr" -> "usr"

bool Fail(ChildError& error, const char* op, const std::string& object) {
  SetChildError(error, errno, op, object.c_str());
  return false;
}

// Writes `content` to base/files/<index> and returns a detached clone of it.
int PrepareFile(int base, size_t index, const std::string& content) {
  char name[32];
  snprintf(name, sizeof name, "files/%zu", index);
  int fd = openat(base, name, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0) return -1;
  size_t done = 0;
  while (done < content.size()) {
    ssize_t n = write(fd, content.data() + done, content.size() - done);
    if (n <= 0) {
      close(fd);
      return -1;
    }
    done += static_cast<size_t>(n);
  }
  close(fd);
  return OpenTree(base, name, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
}

// One mount op; on success trees[i] holds the mount to make read-only later.
bool ApplyOp(ChildContext& ctx, size_t i, int base, int root, std::vector<int>& trees, ChildError& error) {
  const MountOp& op = ctx.plan->mounts[i];
  const std::string& t = op.target;
  if (op.type == MountType::kSymlink) {
    char parent[PATH_MAX];
    snprintf(parent, sizeof parent, "%s", Rel(t));
    char* slash = strrchr(parent, '/');
    const char* name = parent;
    int dirfd = fcntl(root, F_DUPFD_CLOEXEC, 3);
    if (slash) {
      *slash = '\0';
      name = slash + 1;
      close(dirfd);
      dirfd = OpenBelow(root, parent, true, true);
      if (dirfd < 0) return Fail(error, "create directory for symlink", t);
    }
    int rc = symlinkat(op.source.c_str(), dirfd, name);
    int e = errno;
    close(dirfd);
    errno = e;
    if (rc != 0 && errno != EEXIST) return Fail(error, "create symlink", t);
    return true;
  }
  if (op.type == MountType::kDir) {
    int fd = OpenBelow(root, Rel(t), true, true);
    if (fd < 0) return Fail(error, "create directory", t);
    close(fd);
    return true;
  }

  // The new mount, detached.
  int tree = -1;
  const char* what = "mount";
  bool target_is_dir = true;
  bool create_target = true;
  switch (op.type) {
    case MountType::kBind:
      what = "bind-mount";
      target_is_dir = op.source_is_dir;
      if (ctx.prepared_trees[i] >= 0) {
        tree = ctx.prepared_trees[i];
        ctx.prepared_trees[i] = -1;
      } else if (trees[i] >= 0) {
        tree = trees[i];  // host source opened before /tmp was covered
      } else if (op.source_in_jail) {
        tree = OpenTree(root, Rel(op.source),
                        OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_SYMLINK_NOFOLLOW | (op.recursive ? AT_RECURSIVE : 0));
        if (tree < 0 && op.optional && errno == ENOENT) return true;
      } else if (op.optional) {
        return true;  // its host source was missing
      }
      if (tree < 0) return Fail(error, what, op.source);
      if (SetAttr(tree, op.recursive, AttrsOf(op)) != 0 && errno != EPERM) return Fail(error, "set flags of", t);
      break;
    case MountType::kMaskFile:
      what = "mask";
      target_is_dir = false;
      create_target = false;
      tree = trees[i];
      if (tree < 0) return Fail(error, what, t);
      break;
    case MountType::kMaskDir:
      what = "mask";
      create_target = false;
      tree = FsMount("tmpfs", "size=4096,mode=0555", MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC);
      break;
    case MountType::kTmpfs:
      tree = FsMount("tmpfs", op.data.c_str(), AttrsOf(op));
      break;
    case MountType::kProc:
      what = "mount procfs on";
      tree = FsMount("proc", nullptr, AttrsOf(op));
      break;
    case MountType::kDevpts:
      what = "mount devpts on";
      tree = FsMount("devpts", op.data.c_str(), AttrsOf(op));
      break;
    case MountType::kMqueue:
      what = "mount mqueue on";
      tree = FsMount("mqueue", nullptr, AttrsOf(op));
      if (tree < 0 && op.optional) return true;
      break;
    case MountType::kFile:
      what = "bind file over";
      target_is_dir = false;
      tree = PrepareFile(base, i, op.data);
      break;
    default:
      break;
  }
  if (tree < 0) return Fail(error, what, t);
  trees[i] = tree;
  int target = OpenBelow(root, Rel(t), target_is_dir, create_target);
  if (target < 0) {
    if (op.optional && errno == ENOENT) return true;
    return Fail(error, "open mount point", t);
  }
  int rc = MoveMount(tree, target);
  int e = errno;
  close(target);
  errno = e;
  if (rc != 0) return Fail(error, what, t);
  return true;
}

}  // namespace

bool OpenMountSources(ChildContext& ctx, ChildError& error) {
  const auto& mounts = ctx.plan->mounts;
  // Nothing we do may propagate back to the host.
  if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) return Fail(error, "make private", "/");

  // Open host sources first, while the host view is intact.
  std::vector<int>& trees = ctx.trees;
  for (size_t i = 0; i < mounts.size(); ++i) {
    const MountOp& op = mounts[i];
    const char* source = nullptr;
    unsigned flags = OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC;
    if (op.type == MountType::kBind && !op.source_in_jail && ctx.prepared_trees[i] < 0) {
      source = op.source.c_str();
      if (op.recursive) flags |= AT_RECURSIVE;
    } else if (op.type == MountType::kMaskFile) {
      source = "/dev/null";
    }
    if (!source) continue;
    trees[i] = OpenTree(AT_FDCWD, source, flags);
    if (trees[i] < 0 && !(op.optional && errno == ENOENT)) return Fail(error, "bind-mount", op.source);
  }
  return true;
}

bool BuildRoot(ChildContext& ctx, ChildError& error) {
  const auto& mounts = ctx.plan->mounts;
  std::vector<int>& trees = ctx.trees;

  // Staging area: a private tmpfs holding the new root and generated files.
  int base = FsMount("tmpfs", "size=16777216,mode=0700", MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV);
  if (base < 0) return Fail(error, "mount", "staging tmpfs");
  if (syscall(SYS_move_mount, base, "", AT_FDCWD, "/tmp", MOVE_MOUNT_F_EMPTY_PATH) != 0)
    return Fail(error, "attach", "staging tmpfs");
  if (mkdirat(base, "root", 0755) != 0 || mkdirat(base, "files", 0755) != 0)
    return Fail(error, "create", "staging directories");
  int root = FsMount("tmpfs", "size=1048576,mode=0755", MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV);
  if (root < 0) return Fail(error, "mount", "root tmpfs");
  {
    int at = openat(base, "root", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (at < 0 || MoveMount(root, at) != 0) return Fail(error, "attach", "root tmpfs");
    close(at);
  }

  for (size_t i = 0; i < mounts.size(); ++i)
    if (!ApplyOp(ctx, i, base, root, trees, error)) return false;

  // Read-only last: earlier mounts needed their mount points created.
  for (size_t i = 0; i < mounts.size(); ++i) {
    if (!mounts[i].read_only || trees[i] < 0) continue;
    bool recursive = mounts[i].type == MountType::kBind && mounts[i].recursive;
    if (SetAttr(trees[i], recursive, MOUNT_ATTR_RDONLY) != 0) return Fail(error, "make read-only", mounts[i].target);
  }
  if (SetAttr(root, false, MOUNT_ATTR_RDONLY) != 0) return Fail(error, "make read-only", "/");

  // pivot_root, never chroot; then detach the host's tree entirely.
  if (fchdir(root) != 0) return Fail(error, "enter", "new root");
  if (syscall(SYS_pivot_root, ".", ".") != 0) return Fail(error, "pivot_root to", "new root");
  if (umount2(".", MNT_DETACH) != 0) return Fail(error, "detach", "old root");
  if (chdir("/") != 0) return Fail(error, "enter", "/");
  for (int& fd : trees) {
    if (fd >= 0) close(fd);
    fd = -1;
  }
  close(root);
  close(base);
  return true;
}

}  // namespace paddock::jail
