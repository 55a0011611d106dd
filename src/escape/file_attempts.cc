#include "escape/file_attempts.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "base/strings.h"
#include "escape/scratch_file.h"

namespace paddock::escape {
namespace {

std::string Octal(mode_t mode) {
  char buf[16];
  snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
}

// A fresh name in the jail home, which outlives the run on the host.
std::string HomeScratch(const char* what) {
  const char* home = getenv("HOME");
  if (!home || home[0] != '/') return "";
  return std::string(home) + "/.paddock-check-" + what + "-" + std::to_string(getpid());
}

bool IsDirectory(const std::string& path) {
  struct stat st {};
  return lstat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// A protected path changed: a file created inside a directory, a file opened
// for writing (O_APPEND: nothing is written), or either renamed away (and
// put back). Returns what worked, "" when nothing did.
std::string ChangeProtected(const std::string& path, std::string& denial) {
  if (IsDirectory(path)) {
    if (CreateAndRemove(ScratchName(path))) return "created a file in " + path;
    if (denial.empty()) denial = "create in " + path + ": " + ErrnoText(errno);
  } else {
    if (OpenToAppend(path, false)) return "opened " + path + " for writing";
    if (errno == ENOENT) return "";  // protected only while present, and absent
    if (denial.empty()) denial = "open " + path + " for writing: " + ErrnoText(errno);
  }
  std::string aside = path + ".paddock-check-" + std::to_string(getpid());
  if (rename(path.c_str(), aside.c_str()) == 0) {
    rename(aside.c_str(), path.c_str());
    return "renamed " + path + " away (and back)";
  }
  return "";
}

// Mount points under /proc and /sys (the masks over /proc/kcore and the
// like), deepest first, from /proc/self/mountinfo's fifth field.
std::vector<std::string> KernelFsMounts() {
  std::vector<std::string> out;
  std::ifstream info("/proc/self/mountinfo");
  for (std::string line; std::getline(info, line);) {
    std::istringstream fields(line);
    std::string id, parent, dev, root, point;
    if (!(fields >> id >> parent >> dev >> root >> point) || point.find('\\') != std::string::npos) continue;
    if (point.rfind("/proc/", 0) == 0 || point.rfind("/sys/", 0) == 0) out.push_back(point);
  }
  std::sort(out.begin(), out.end(), [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  return out;
}

}  // namespace

Found SetidFile() {
  std::string path = HomeScratch("setid");
  if (path.empty()) return Contained("no HOME to leave a file in");
  // Created with the bits, and given them by fchmod: two of the ways
  // tests/jail/test_setid.sh tries (it tries them all).
  std::vector<std::string> denials;
  for (bool by_chmod : {false, true}) {
    int fd = open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, by_chmod ? 0600 : 06755);
    std::string way = by_chmod ? "fchmod(06755)" : "create with mode 06755";
    if (fd < 0) {
      denials.push_back(way + ": " + ErrnoText(errno));
      continue;
    }
    int rc = by_chmod ? fchmod(fd, 06755) : 0;
    int err = errno;
    struct stat st {};
    int stat_rc = fstat(fd, &st);
    close(fd);
    unlink(path.c_str());
    if (stat_rc == 0 && (st.st_mode & (S_ISUID | S_ISGID)))
      return Escaped(way + ": " + path + " got mode " + Octal(st.st_mode));
    denials.push_back(way + ": " +
                      (rc == 0 ? "the bits were dropped (mode " + Octal(st.st_mode) + ")" : ErrnoText(err)));
  }
  return Contained(Join(denials, "; "));
}

Found FileCapability() {
  std::string path = HomeScratch("fcaps");
  if (path.empty()) return Contained("no HOME to leave a file in");
  int fd = open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0755);
  if (fd < 0) return Contained("create " + path + ": " + ErrnoText(errno));
  close(fd);
  // VFS_CAP_REVISION_2 with CAP_NET_RAW (13) permitted, little-endian.
  const uint32_t caps[5] = {0x02000001u, 1u << 13, 0, 0, 0};
  int rc = setxattr(path.c_str(), "security.capability", caps, sizeof caps, 0);
  int err = errno;
  unlink(path.c_str());
  if (rc == 0) return Escaped("set security.capability (cap_net_raw) on " + path);
  return Contained("setxattr security.capability: " + ErrnoText(err));
}

Found ProtectedPaths(const check::ProbeInputs& in) {
  if (in.protected_paths.empty()) return Contained("this jail protects no path");
  std::string denial;
  for (const auto& path : in.protected_paths)
    if (auto changed = ChangeProtected(path, denial); !changed.empty()) return Escaped(changed);
  return Contained(std::to_string(in.protected_paths.size()) + " protected paths unchanged" +
                   (denial.empty() ? "" : " (" + denial + ")"));
}

Found Umount(const check::ProbeInputs& in) {
  std::vector<std::string> targets = in.protected_paths;
  for (auto& m : KernelFsMounts()) targets.push_back(std::move(m));
  if (targets.empty()) return Contained("no protected path or mask to unmount");
  std::string first_error;
  for (const auto& t : targets) {
    if (umount2(t.c_str(), MNT_DETACH | UMOUNT_NOFOLLOW) == 0) return Escaped("unmounted " + t);
    if (first_error.empty()) first_error = ErrnoText(errno);
  }
  return Contained("umount2 of " + std::to_string(targets.size()) + " mount points: " + first_error);
}

Found InheritedDescriptors(const check::ProbeInputs& in) {
  DIR* d = opendir("/proc/self/fd");
  if (!d) return Contained("cannot list /proc/self/fd: " + ErrnoText(errno));
  std::vector<std::string> open_fds;
  while (dirent* e = readdir(d)) {
    char* end = nullptr;
    long fd = std::strtol(e->d_name, &end, 10);
    if (*end || end == e->d_name || fd <= 2 || fd == in.report_fd || fd == dirfd(d)) continue;
    char target[512] = {};
    std::string link = std::string("/proc/self/fd/") + e->d_name;
    ssize_t n = readlink(link.c_str(), target, sizeof target - 1);
    open_fds.push_back("fd " + std::to_string(fd) + " -> " + (n > 0 ? std::string(target, n) : "?"));
  }
  closedir(d);
  if (!open_fds.empty()) return Escaped("inherited " + Join(open_fds, ", "));
  return Contained("nothing open but stdin, stdout, stderr and the report pipe");
}

}  // namespace paddock::escape
