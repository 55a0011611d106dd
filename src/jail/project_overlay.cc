#include "jail/project_overlay.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
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

// Writes `prefix` and the decimal `k` into `out` (at least 48 bytes).
void Numbered(const char* prefix, size_t k, char* out) {
  size_t n = 0;
  for (const char* p = prefix; *p; ++p) out[n++] = *p;
  char digits[20];
  size_t d = 0;
  do {
    digits[d++] = static_cast<char>('0' + k % 10);
    k /= 10;
  } while (k > 0);
  while (d > 0) out[n++] = digits[--d];
  out[n] = '\0';
}

constexpr size_t kMaxLowers = 65;  // overlay/stack.h's kMaxStackDepth bases and the project
using LowerPath = char[48];

// --overlay-on: each base's upper attached in staging as project-base-<k>,
// its path into `paths` (the direct base first), then the project's.
// Returns how many, or -1 with errno.
int AttachLowers(ChildContext& ctx, LowerPath* paths) {
  size_t count = ctx.overlay_lowers.size();
  if (count + 1 > kMaxLowers) {
    errno = E2BIG;
    return -1;
  }
  for (size_t k = 0; k < count; ++k) {
    int tree = ctx.prepared_overlay_lowers[k] >= 0 ? std::exchange(ctx.prepared_overlay_lowers[k], -1)
                                                   : std::exchange(ctx.overlay_lowers[k], -1);
    if (tree < 0) {
      errno = EBADF;
      return -1;
    }
    char name[48];
    Numbered("project-base-", k, name);
    int rc = AttachInStaging(ctx.staging_fd, name, tree);
    CloseBoth(tree, -1);
    if (rc != 0) return -1;
    Numbered("/tmp/project-base-", k, paths[k]);
  }
  const char kProject[] = "/tmp/project-lower";
  memcpy(paths[count], kProject, sizeof kProject);
  return static_cast<int>(count + 1);
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
  for (size_t k = 0; k < ctx.overlay_lowers.size() && k < op.overlay_lowers.size(); ++k) {
    if (ctx.prepared_overlay_lowers[k] >= 0) continue;
    ctx.overlay_lowers[k] = OpenTree(AT_FDCWD, op.overlay_lowers[k].c_str(), flags);
    if (ctx.overlay_lowers[k] < 0) return -1;
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
  LowerPath paths[kMaxLowers];
  int count = AttachLowers(ctx, paths);
  if (count < 0) return -1;
  const char* lowers[kMaxLowers];
  for (int k = 0; k < count; ++k) lowers[k] = paths[k];
  uint64_t attrs = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV;
  if (ctx.plan->mounts[i].noexec) attrs |= MOUNT_ATTR_NOEXEC;
  return FsMountOverlay(lowers, static_cast<size_t>(count), "/tmp/project-layers/upper", "/tmp/project-layers/work",
                        attrs);
}

}  // namespace paddock::jail
