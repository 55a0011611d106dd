#include "jail/idmap.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "jail/userns.h"
#include "plan/host_facts.h"

namespace paddock::jail {
namespace {

// Creates the namespace; CreateIdmapUserns caches it for the process, since
// probing the host and running the jail both need the same one.
Result<UniqueFd> NewIdmapUserns(uint32_t disk, uint32_t host) {
  // A throwaway process holds the namespace while we map it and take an fd.
  int pipefd[2];
  if (pipe2(pipefd, O_CLOEXEC) != 0) return SysError("create", "pipe", errno);
  UniqueFd rd(pipefd[0]), wr(pipefd[1]);
  pid_t pid = static_cast<pid_t>(syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, nullptr, nullptr, nullptr, nullptr));
  if (pid < 0) return SysError("create", "user namespace for idmapped mounts", errno);
  if (pid == 0) {
    char c;
    wr.reset();
    (void)!read(rd.get(), &c, 1);  // returns at EOF: the parent is done
    _exit(0);
  }
  rd.reset();
  auto reap = [&] {
    wr.reset();
    while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {}
  };
  std::string proc = "/proc/" + std::to_string(pid);
  std::string line = std::to_string(disk) + " " + std::to_string(host) + " 1\n";
  Status st = WriteProcFile(pid, "uid_map", line);
  if (st) st = WriteProcFile(pid, "gid_map", line);
  if (!st) {
    reap();
    return st.error();
  }
  UniqueFd ns(open((proc + "/ns/user").c_str(), O_RDONLY | O_CLOEXEC));
  int err = errno;
  reap();
  if (!ns.valid()) return SysError("open", proc + "/ns/user", err);
  return ns;
}

}  // namespace

Result<UniqueFd> CreateIdmapUserns(uint32_t disk, uint32_t host) {
  static uint32_t cached_disk, cached_host;
  static UniqueFd cached;
  if (!cached.valid() || cached_disk != disk || cached_host != host) {
    auto ns = NewIdmapUserns(disk, host);
    if (!ns) return ns.error();
    cached = std::move(*ns);
    cached_disk = disk;
    cached_host = host;
  }
  UniqueFd copy(fcntl(cached.get(), F_DUPFD_CLOEXEC, 3));
  if (!copy.valid()) return SysError("duplicate", "idmap user namespace fd", errno);
  return copy;
}

Result<UniqueFd> OpenIdmappedTree(const std::string& path, int userns_fd, bool recursive, int anchor) {
  unsigned flags = OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | (recursive ? AT_RECURSIVE : 0);
  UniqueFd tree(anchor >= 0 ? static_cast<int>(syscall(SYS_open_tree, anchor, "", flags | AT_EMPTY_PATH))
                            : static_cast<int>(syscall(SYS_open_tree, AT_FDCWD, path.c_str(), flags)));
  if (!tree.valid()) return SysError("clone mount of", path, errno);
  struct mount_attr attr {};
  attr.attr_set = MOUNT_ATTR_IDMAP;
  attr.userns_fd = static_cast<uint64_t>(userns_fd);
  // A clone of a shared mount (systemd makes / shared) joins its peer group:
  // every mount the jail later made below it (the protected paths' binds)
  // would propagate back into the host's namespace and stay there.
  attr.propagation = MS_PRIVATE;
  if (syscall(SYS_mount_setattr, tree.get(), "", AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0), &attr, sizeof attr) !=
      0)
    return SysError("create idmapped mount of", path, errno);
  return tree;
}

bool ProbeIdmappedMount(const std::string& path) {
  auto ns = CreateIdmapUserns(0, plan::kRootJailHostId);
  if (!ns) return false;
  return OpenIdmappedTree(path, ns->get(), false).ok();
}

}  // namespace paddock::jail
