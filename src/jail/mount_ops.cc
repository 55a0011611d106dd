#include "jail/mount_ops.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <utility>

#include "jail/mount_api.h"
#include "jail/mount_point.h"
#include "jail/project_overlay.h"

namespace paddock::jail {
namespace {

using plan::MountOp;
using plan::MountType;

uint64_t AttrsOf(const MountOp& op) {
  uint64_t a = 0;
  if (op.nosuid) a |= MOUNT_ATTR_NOSUID;
  if (op.nodev) a |= MOUNT_ATTR_NODEV;
  if (op.noexec) a |= MOUNT_ATTR_NOEXEC;
  return a;
}

// How a detached mount is placed, and the verb its errors use.
struct Placement {
  const char* what;
  bool target_is_dir;
  bool create_target;  // masks cover what exists and make nothing
};

// Moves the detached `tree` of op `i` onto its target. A missing target of
// an optional op is skipped.
bool Attach(ChildContext& ctx, size_t i, int tree, const Placement& at, ChildError& error) {
  const MountOp& op = ctx.plan->mounts[i];
  if (tree < 0) return FailWithErrno(error, at.what, op.target.c_str());
  ctx.trees[i] = tree;
  int target = OpenBelow(ctx.root_fd, BelowRoot(op.target), at.target_is_dir, at.create_target);
  if (target < 0) {
    if (op.optional && errno == ENOENT) return true;
    return FailWithErrno(error, "open mount point", op.target.c_str());
  }
  int rc = MoveMount(tree, target);
  int e = errno;
  close(target);
  errno = e;
  if (rc != 0) return FailWithErrno(error, at.what, op.target.c_str());
  return true;
}

// The tree comes from the parent (idmapped), from stage mount-sources (a
// host path), or, for a source inside the jail being built (/proc/sys),
// is cloned now without following a symlink.
bool ApplyBind(ChildContext& ctx, size_t i, ChildError& error) {
  const MountOp& op = ctx.plan->mounts[i];
  int tree = -1;
  if (ctx.prepared_trees[i] >= 0) {
    tree = std::exchange(ctx.prepared_trees[i], -1);
  } else if (ctx.trees[i] >= 0) {
    tree = ctx.trees[i];
  } else if (op.source_in_jail) {
    // No symlink anywhere on the way: the project is the agent's to change,
    // and one in a directory above a protected path would clone from
    // wherever it points (from the host's root, before the pivot).
    int source = OpenBelow(ctx.root_fd, BelowRoot(op.source), op.source_is_dir, false);
    if (source < 0 && op.optional && errno == ENOENT) return true;
    if (source >= 0) {
      tree =
          OpenTree(source, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH | (op.recursive ? AT_RECURSIVE : 0));
      int e = errno;
      close(source);
      errno = e;
    }
  } else if (op.optional) {
    return true;  // its host source was missing
  }
  if (tree < 0) return FailWithErrno(error, "bind-mount", op.source.c_str());
  if (SetMountAttrs(tree, op.recursive, AttrsOf(op)) != 0 && errno != EPERM)
    return FailWithErrno(error, "set flags of", op.target.c_str());
  return Attach(ctx, i, tree, {"bind-mount", op.source_is_dir, true}, error);
}

// Filesystems of the jail's own namespaces, never taken from the host:
// procfs shows the jail's pid namespace because this process is in it.
bool ApplyFreshFs(ChildContext& ctx, size_t i, ChildError& error) {
  const MountOp& op = ctx.plan->mounts[i];
  const char* what = "mount";
  int tree = -1;
  errno = EINVAL;
  switch (op.type) {
    case MountType::kTmpfs: tree = FsMount("tmpfs", op.data.c_str(), AttrsOf(op)); break;
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
      if (tree < 0 && op.optional) return true;  // a kernel without POSIX message queues
      break;
    default: break;
  }
  return Attach(ctx, i, tree, {what, true, true}, error);
}

// A mask hides what exists: /dev/null (opened in stage mount-sources) over a
// file, an empty read-only tmpfs over a directory.
bool ApplyMask(ChildContext& ctx, size_t i, ChildError& error) {
  if (ctx.plan->mounts[i].type == MountType::kMaskFile)
    return Attach(ctx, i, ctx.trees[i], {"mask", false, false}, error);
  int tree = FsMount("tmpfs", "size=4096,mode=0555", MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC);
  return Attach(ctx, i, tree, {"mask", true, false}, error);
}

// All of `content` to `fd`; false with errno.
bool WriteAll(int fd, const std::string& content) {
  for (size_t done = 0; done < content.size();) {
    ssize_t n = write(fd, content.data() + done, content.size() - done);
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

// Writes `content` to <staging>/files/<index> and returns a detached clone
// of it, or -1 with errno set.
int PrepareFile(int staging, size_t index, const std::string& content) {
  char name[32];
  snprintf(name, sizeof name, "files/%zu", index);
  int fd = openat(staging, name, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0) return -1;
  bool written = WriteAll(fd, content);
  close(fd);
  if (!written) return -1;
  return OpenTree(staging, name, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
}

// Generated content (e.g. a passwd entry for the jail's user), bound over
// its target.
bool ApplyFile(ChildContext& ctx, size_t i, ChildError& error) {
  int tree = PrepareFile(ctx.staging_fd, i, ctx.plan->mounts[i].data);
  return Attach(ctx, i, tree, {"bind file over", false, true}, error);
}

// Writes `content` to `path` below `dir`, making its directories; false with errno.
bool WriteBelow(int dir, const std::string& path, const std::string& content) {
  char buf[PATH_MAX];
  snprintf(buf, sizeof buf, "%s", path.c_str());
  for (char* slash = strchr(buf, '/'); slash; slash = strchr(slash + 1, '/')) {
    *slash = '\0';
    if (mkdirat(dir, buf, 0755) != 0 && errno != EEXIST) return false;
    *slash = '/';
  }
  int fd = openat(dir, buf, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0) return false;
  bool written = WriteAll(fd, content);
  return close(fd) == 0 && written;
}

// The host directory with generated files above it: a lower-only overlay, so
// read-only by construction. The files sit in the staging tmpfs, which is
// attached at /tmp of this (not yet pivoted) mount namespace.
bool ApplyOverlay(ChildContext& ctx, size_t i, ChildError& error) {
  const MountOp& op = ctx.plan->mounts[i];
  char layer[64];
  snprintf(layer, sizeof layer, "overlay-%zu", i);
  if (mkdirat(ctx.staging_fd, layer, 0755) != 0)
    return FailWithErrno(error, "create overlay layer for", op.target.c_str());
  int dir = openat(ctx.staging_fd, layer, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) return FailWithErrno(error, "open overlay layer for", op.target.c_str());
  for (const auto& file : op.files) {
    if (!WriteBelow(dir, file.path, file.content)) {
      int e = errno;
      close(dir);
      errno = e;
      return FailWithErrno(error, "write overlay file", file.path.c_str());
    }
  }
  close(dir);
  char options[256];
  int n = snprintf(options, sizeof options, "lowerdir=/tmp/%s:%s", layer, op.source.c_str());
  if (n < 0 || static_cast<size_t>(n) >= sizeof options || strpbrk(op.source.c_str(), ",:\\")) {
    errno = ENAMETOOLONG;
    return FailWithErrno(error, "overlay", op.source.c_str());
  }
  int tree = FsMount("overlay", options, AttrsOf(op));
  return Attach(ctx, i, tree, {"mount overlay on", true, true}, error);
}

// A link `target` -> `source` (merged-/usr links, /dev/fd...); one that is
// already there is kept.
bool ApplySymlink(ChildContext& ctx, size_t i, ChildError& error) {
  const MountOp& op = ctx.plan->mounts[i];
  const char* target = op.target.c_str();
  char parent[PATH_MAX];
  snprintf(parent, sizeof parent, "%s", BelowRoot(op.target));
  char* slash = strrchr(parent, '/');
  const char* name = parent;
  int dirfd = ctx.root_fd;
  if (slash) {
    *slash = '\0';
    name = slash + 1;
    dirfd = OpenBelow(ctx.root_fd, parent, true, true);
    if (dirfd < 0) return FailWithErrno(error, "create directory for symlink", target);
  }
  int rc = symlinkat(op.source.c_str(), dirfd, name);
  int e = errno;
  if (dirfd != ctx.root_fd) close(dirfd);
  errno = e;
  if (rc != 0 && errno != EEXIST) return FailWithErrno(error, "create symlink", target);
  return true;
}

// Every part of sysfs the jail sees, and the sysfs they come from.
constexpr uint64_t kSysfsAttrs = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC;

// A fresh sysfs, attached in the staging area so that its parts can be
// cloned (open_tree refuses to clone from a detached mount before 6.15).
// The kernel gives one to the owner of the current network namespace only,
// and only while another sysfs is fully visible (not in most containers).
// Returns a directory fd of its root, or -1.
int StageFreshSysfs(int staging) {
  int sysfs = FsMount("sysfs", nullptr, kSysfsAttrs);
  if (sysfs < 0) return -1;
  int at = -1;
  if (mkdirat(staging, "sys", 0755) == 0) at = openat(staging, "sys", O_PATH | O_DIRECTORY | O_CLOEXEC);
  int rc = at >= 0 ? MoveMount(sysfs, at) : -1;
  close(sysfs);
  if (at >= 0) close(at);
  return rc == 0 ? openat(staging, "sys", O_PATH | O_DIRECTORY | O_CLOEXEC) : -1;
}

// Clones `part` of the sysfs at `from`, read-only, onto the same path below
// the jail's /sys. A part this kernel lacks (no NUMA) is skipped.
bool ExposeSysfsPart(ChildContext& ctx, int from, const char* part, ChildError& error) {
  int tree = OpenTree(from, part, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE | AT_SYMLINK_NOFOLLOW);
  if (tree < 0) return errno == ENOENT ? true : FailWithErrno(error, "bind-mount sysfs part", part);
  char below[PATH_MAX];
  snprintf(below, sizeof below, "sys/%s", part);
  int target = -1;
  if (SetMountAttrs(tree, true, kSysfsAttrs) == 0) target = OpenBelow(ctx.root_fd, below, true, true);
  int rc = target >= 0 ? MoveMount(tree, target) : -1;
  int e = errno;
  close(tree);
  if (target >= 0) close(target);
  errno = e;
  return rc == 0 || FailWithErrno(error, "bind-mount sysfs part", part);
}

// /sys as an allow-list: a tmpfs (made read-only with the other mounts)
// with the planned parts of a sysfs bound in. A fresh sysfs of the jail's
// network namespace shows the jail's interfaces only; where the kernel
// refuses one, the host's shows the parts that do not depend on it.
bool ApplySysfs(ChildContext& ctx, size_t i, ChildError& error) {
  const MountOp& op = ctx.plan->mounts[i];
  int tree = FsMount("tmpfs", "size=65536,mode=0555", MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC);
  if (!Attach(ctx, i, tree, {"mount", true, true}, error)) return false;
  int from = op.source.empty() ? StageFreshSysfs(ctx.staging_fd) : -1;
  bool own_net = from >= 0;
  if (!own_net) from = open("/sys", O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (from < 0) return op.optional || FailWithErrno(error, "open", "/sys");
  bool ok = true;
  for (const auto& part : op.sysfs_parts)
    if (ok && (own_net || !part.own_net_only)) ok = ExposeSysfsPart(ctx, from, part.path.c_str(), error);
  close(from);
  return ok;
}

// The jail's cgroup leaves (opened in stage mount-sources), each made
// read-only before it is attached: the command never holds a writable
// memory.max or cgroup.procs, not even while the jail is being built.
// A leaf that cannot be shown is left out (MountOp::optional).
bool ApplyCgroupView(ChildContext& ctx, size_t i) {
  const MountOp& op = ctx.plan->mounts[i];
  for (size_t v = 0; v < ctx.cgroup_views.size(); ++v) {
    int tree = std::exchange(ctx.cgroup_view_trees[v], -1);
    if (tree < 0) continue;
    const char* name = ctx.cgroup_views[v].name;
    char below[PATH_MAX];
    snprintf(below, sizeof below, "%s%s%s", BelowRoot(op.target), *name ? "/" : "", name);
    int target = -1;
    if (SetMountAttrs(tree, false, kSysfsAttrs) == 0) target = OpenBelow(ctx.root_fd, below, true, true);
    if (target >= 0) {
      (void)MoveMount(tree, target);
      close(target);
    }
    close(tree);
  }
  return true;
}

// --overlay: the project's writes land in the run's layer.
bool ApplyProjectOverlay(ChildContext& ctx, size_t i, ChildError& error) {
  int tree = MountProjectOverlay(ctx, i);
  return Attach(ctx, i, tree, {"mount the project's overlay on", true, true}, error);
}

bool ApplyDir(ChildContext& ctx, size_t i, ChildError& error) {
  const MountOp& op = ctx.plan->mounts[i];
  int fd = OpenBelow(ctx.root_fd, BelowRoot(op.target), true, true);
  if (fd < 0) return FailWithErrno(error, "create directory", op.target.c_str());
  close(fd);
  return true;
}

}  // namespace

bool ApplyMountOp(ChildContext& ctx, size_t index, ChildError& error) {
  switch (ctx.plan->mounts[index].type) {
    case MountType::kBind: return ApplyBind(ctx, index, error);
    case MountType::kTmpfs:
    case MountType::kProc:
    case MountType::kDevpts:
    case MountType::kMqueue: return ApplyFreshFs(ctx, index, error);
    case MountType::kMaskFile:
    case MountType::kMaskDir: return ApplyMask(ctx, index, error);
    case MountType::kFile: return ApplyFile(ctx, index, error);
    case MountType::kOverlay: return ApplyOverlay(ctx, index, error);
    case MountType::kSymlink: return ApplySymlink(ctx, index, error);
    case MountType::kDir: return ApplyDir(ctx, index, error);
    case MountType::kSysfs: return ApplySysfs(ctx, index, error);
    case MountType::kProjectOverlay: return ApplyProjectOverlay(ctx, index, error);
    case MountType::kCgroupView: return ApplyCgroupView(ctx, index);
  }
  errno = EINVAL;
  return FailWithErrno(error, "mount", ctx.plan->mounts[index].target.c_str());
}

}  // namespace paddock::jail
