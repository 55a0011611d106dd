#include "jail/mounts.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "jail/mount_api.h"
#include "jail/mount_ops.h"
#include "jail/mount_point.h"
#include "jail/project_overlay.h"

namespace paddock::jail {

using plan::MountOp;
using plan::MountType;

namespace {

// Clones the host source of `op` from beneath `root`, a directory the jail
// can write, following no symlink on the way (ChildContext::source_roots).
// Returns the tree, or -1 with errno set. Async-signal-safe.
int CloneBeneath(const std::string& root, const MountOp& op, unsigned flags) {
  int root_fd = open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (root_fd < 0) return -1;
  int fd = OpenBelow(root_fd, op.source.c_str() + root.size() + 1, op.source_is_dir, false);
  int e = errno;
  close(root_fd);
  if (fd < 0) {
    errno = e;
    return -1;
  }
  int tree = OpenTree(fd, "", flags | AT_EMPTY_PATH);
  e = errno;
  close(fd);
  errno = e;
  return tree;
}

}  // namespace

bool OpenMountSources(ChildContext& ctx, ChildError& error) {
  if (!ctx.plan->namespaces.mount) return true;  // the host's tree: Landlock is the wall
  const auto& mounts = ctx.plan->mounts;
  if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) return FailWithErrno(error, "make private", "/");
  for (size_t i = 0; i < mounts.size(); ++i) {
    const MountOp& op = mounts[i];
    if (op.type == MountType::kProjectOverlay) {
      if (OpenProjectOverlaySources(ctx, i) != 0)
        return FailWithErrno(error, "open the overlay's layers of", op.source.c_str());
      continue;
    }
    if (op.type == MountType::kCgroupView) {
      // Read-only binds of the leaves; one that cannot be cloned is not shown.
      for (size_t v = 0; v < ctx.cgroup_views.size(); ++v)
        ctx.cgroup_view_trees[v] = OpenTree(AT_FDCWD, ctx.cgroup_views[v].dir, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
      continue;
    }
    const char* source = nullptr;
    unsigned flags = OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC;
    if (op.type == MountType::kBind && !op.source_in_jail && ctx.prepared_trees[i] < 0) {
      source = op.source.c_str();
      if (op.recursive) flags |= AT_RECURSIVE;
    } else if (op.type == MountType::kMaskFile) {
      source = "/dev/null";
    }
    if (!source) continue;
    const std::string& root = ctx.source_roots[i];
    bool beneath = source == op.source.c_str() && !root.empty();
    ctx.trees[i] = beneath ? CloneBeneath(root, op, flags) : OpenTree(AT_FDCWD, source, flags);
    if (ctx.trees[i] < 0 && !(op.optional && errno == ENOENT))
      return FailWithErrno(error, "bind-mount", op.source.c_str());
  }
  return true;
}

bool MountNewRoot(ChildContext& ctx, ChildError& error) {
  if (!ctx.plan->namespaces.mount) return true;  // the host's tree: Landlock is the wall
  int base = FsMount("tmpfs", "size=16777216,mode=0700", MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV);
  if (base < 0) return FailWithErrno(error, "mount", "staging tmpfs");
  ctx.staging_fd = base;
  if (syscall(SYS_move_mount, base, "", AT_FDCWD, "/tmp", MOVE_MOUNT_F_EMPTY_PATH) != 0)
    return FailWithErrno(error, "attach", "staging tmpfs");
  if (mkdirat(base, "root", 0755) != 0 || mkdirat(base, "files", 0755) != 0)
    return FailWithErrno(error, "create", "staging directories");
  int root = FsMount("tmpfs", "size=1048576,mode=0755", MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV);
  if (root < 0) return FailWithErrno(error, "mount", "root tmpfs");
  ctx.root_fd = root;
  int at = openat(base, "root", O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (at < 0 || MoveMount(root, at) != 0) return FailWithErrno(error, "attach", "root tmpfs");
  close(at);
  return true;
}

bool ApplyMounts(ChildContext& ctx, ChildError& error) {
  for (size_t i = 0; i < ctx.plan->mounts.size(); ++i)
    if (!ApplyMountOp(ctx, i, error)) return false;
  return true;
}

bool MakeMountsReadOnly(ChildContext& ctx, ChildError& error) {
  if (!ctx.plan->namespaces.mount) return true;  // the host's tree: Landlock is the wall
  const auto& mounts = ctx.plan->mounts;
  for (size_t i = 0; i < mounts.size(); ++i) {
    if (!mounts[i].read_only || ctx.trees[i] < 0) continue;
    bool recursive = mounts[i].type == MountType::kBind && mounts[i].recursive;
    if (SetMountAttrs(ctx.trees[i], recursive, MOUNT_ATTR_RDONLY) != 0)
      return FailWithErrno(error, "make read-only", mounts[i].target.c_str());
  }
  if (SetMountAttrs(ctx.root_fd, false, MOUNT_ATTR_RDONLY) != 0) return FailWithErrno(error, "make read-only", "/");
  return true;
}

bool PivotToNewRoot(ChildContext& ctx, ChildError& error) {
  if (!ctx.plan->namespaces.mount) return true;  // the host's tree: Landlock is the wall
  if (fchdir(ctx.root_fd) != 0) return FailWithErrno(error, "enter", "new root");
  if (syscall(SYS_pivot_root, ".", ".") != 0) return FailWithErrno(error, "pivot_root to", "new root");
  if (umount2(".", MNT_DETACH) != 0) return FailWithErrno(error, "detach", "old root");
  if (chdir("/") != 0) return FailWithErrno(error, "enter", "/");
  for (int& fd : ctx.trees) {
    if (fd >= 0) close(fd);
    fd = -1;
  }
  close(ctx.root_fd);
  close(ctx.staging_fd);
  ctx.root_fd = ctx.staging_fd = -1;
  return true;
}

}  // namespace paddock::jail
