#include "overlay/upper_access.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace paddock::overlay {

UpperAccess::UpperAccess(const std::string& upper_dir) : upper_dir_(upper_dir) {
  if (geteuid() == 0) return;
  root_.reset(open(upper_dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (root_.valid()) Grant(root_.get(), "");
}

UpperAccess::~UpperAccess() { Restore(); }

// Opens up each subdirectory of `dir_fd` (`rel` below upper) that needs it,
// then recurses into it.
void UpperAccess::Grant(int dir_fd, const std::string& rel) {
  auto names = ListDirFd(dir_fd, upper_dir_ + "/" + rel);
  if (!names) return;
  for (const auto& name : *names) {
    struct stat st;
    if (fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISDIR(st.st_mode)) continue;
    std::string path = rel.empty() ? name : rel + "/" + name;
    if (st.st_uid == geteuid() && (st.st_mode & S_IRWXU) != S_IRWXU &&
        fchmodat(dir_fd, name.c_str(), (st.st_mode & 07777) | S_IRWXU, 0) == 0)
      changed_.emplace_back(path, st.st_mode & 07777);
    Fd sub = OpenDirAt(dir_fd, name);
    if (sub.valid()) Grant(sub.get(), path);
  }
}

void UpperAccess::Restore() {
  // Children first: a parent closed again would hide them.
  for (auto it = changed_.rbegin(); it != changed_.rend(); ++it) {
    auto parent = OpenParentBelow(root_.get(), it->first, upper_dir_);
    if (!parent) continue;
    struct stat st;
    if (fstatat(parent->first.get(), parent->second.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISDIR(st.st_mode))
      continue;
    int restored = fchmodat(parent->first.get(), parent->second.c_str(), it->second, 0);
    (void)restored;  // best effort: the directory stays open to its owner
  }
  changed_.clear();
}

}  // namespace paddock::overlay
