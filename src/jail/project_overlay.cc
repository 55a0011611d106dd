#include "jail/project_overlay.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <utility>

#include "jail/mount_api.h"

namespace paddock::jail {
namespace {

// Moves `tree` to <staging>/<name>: overlayfs takes its layers by path, and
// the staging tmpfs is reachable as /tmp until the pivot.
int AttachInStaging(int staging, const char* name, int tree) {
  if (mkdirat(staging, name, 0700) != 0) return -1;
  int at = openat(staging, name, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (at < 0) return -1;
  int rc = MoveMount(tree, at);
  int e = errno;
  close(at);
  errno = e;
  return rc;
}

int CloseBoth(int a, int b) {
  int e = errno;
  if (a >= 0) close(a);
  if (b >= 0) close(b);
  errno = e;
  return -1;
}

}  // namespace

int OpenProjectOverlaySources(ChildContext& ctx, size_t i) {
  const plan::MountOp& op = ctx.plan->mounts[i];
  // Not recursive: overlayfs shows one filesystem per layer.
  const unsigned flags = OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC;
  if (ctx.prepared_trees[i] < 0) {
    ctx.trees[i] = OpenTree(AT_FDCWD, op.source.c_str(), flags);
    if (ctx.trees[i] < 0) return -1;
  }
  if (ctx.prepared_overlay_layers < 0) {
    ctx.overlay_layers = OpenTree(AT_FDCWD, op.overlay_dir.c_str(), flags);
    if (ctx.overlay_layers < 0) return -1;
  }
  return 0;
}

int MountProjectOverlay(ChildContext& ctx, size_t i) {
  int lower = ctx.prepared_trees[i] >= 0 ? std::exchange(ctx.prepared_trees[i], -1) : std::exchange(ctx.trees[i], -1);
  int layers = ctx.prepared_overlay_layers >= 0 ? std::exchange(ctx.prepared_overlay_layers, -1)
                                                : std::exchange(ctx.overlay_layers, -1);
  if (lower < 0 || layers < 0) {
    errno = EBADF;
    return CloseBoth(lower, layers);
  }
  if (AttachInStaging(ctx.staging_fd, "project-lower", lower) != 0 ||
      AttachInStaging(ctx.staging_fd, "project-layers", layers) != 0)
    return CloseBoth(lower, layers);
  CloseBoth(lower, layers);
  uint64_t attrs = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV;
  if (ctx.plan->mounts[i].noexec) attrs |= MOUNT_ATTR_NOEXEC;
  return FsMountOverlay("/tmp/project-lower", "/tmp/project-layers/upper", "/tmp/project-layers/work", attrs);
}

}  // namespace paddock::jail
