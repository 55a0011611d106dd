#include "jail/project_scan.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <utility>

#include "git/dir_shape.h"
#include "jail/scan_cache.h"
#include "jail/unique_fd.h"

namespace paddock::jail {
namespace {

struct LinuxDirent64 {
  ino64_t d_ino;
  off64_t d_off;
  unsigned short d_reclen;
  unsigned char d_type;
  char d_name[];
};

// Calls `visit(name, d_type)` for each entry of the directory `fd`.
// getdents64 with a large buffer: the tree walk is on the start-up path.
template <typename Visit>
void ForEachEntry(int fd, Visit visit) {
  alignas(8) char buf[32768];
  for (;;) {
    long n = syscall(SYS_getdents64, fd, buf, sizeof buf);
    if (n <= 0) return;
    for (long off = 0; off < n;) {
      auto* d = reinterpret_cast<LinuxDirent64*>(buf + off);
      off += d->d_reclen;
      const char* name = d->d_name;
      if (name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'))) continue;
      unsigned char type = d->d_type;
      if (type == DT_UNKNOWN) {  // some filesystems do not fill d_type
        struct stat st;
        if (fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
        type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISLNK(st.st_mode) ? DT_LNK : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
      }
      visit(name, type);
    }
  }
}

int OpenDir(int at, const char* name) { return openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC); }

// Opens `rel` below `at` one component at a time, none a symlink: the path
// was checked a moment ago, but a process in another run of the project may
// swap a directory for a link in between.
int OpenBeneath(int at, const std::string& rel) {
  UniqueFd cur;
  size_t start = 0;
  for (;;) {
    size_t slash = rel.find('/', start);
    std::string part = rel.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    UniqueFd next(OpenDir(cur.valid() ? cur.get() : at, part.c_str()));
    if (!next.valid() || slash == std::string::npos) return next.release();
    cur = std::move(next);
    start = slash + 1;
  }
}

// A directory changed within the clock's granularity of this walk may change
// again without its ctime moving: such entries are not trusted next time.
constexpr int64_t kRacySeconds = 2;
// Unchanged directories are looked at with one fstatat by a path relative to
// the nearest open ancestor, not opened: a large tree then costs one call per
// directory. A new anchor is opened before that path grows long.
constexpr size_t kMaxRelativePath = 1024;

class Walker {
 public:
  Walker(ScanCache old, NestedGitScan& out) : old_(std::move(old)), out_(out) {
    struct timespec now {};
    clock_gettime(CLOCK_REALTIME, &now);
    racy_after_ = now.tv_sec - kRacySeconds;
  }

  // `st`: the directory's lstat; `anchor` + `from_anchor`: where it is
  // ("" when `anchor` is the directory itself); `rel`: the cache key.
  void Walk(int anchor, const std::string& from_anchor, const struct stat& st, const std::string& path,
            const std::string& rel, int depth) {
    ScannedDir dir;
    UniqueFd opened;
    auto it = old_.find(rel);
    bool racy = st.st_ctim.tv_sec >= racy_after_;
    if (it != old_.end() && Unchanged(it->second, st)) {
      dir = std::move(it->second);  // each directory is visited once
    } else {
      if (!from_anchor.empty()) {
        opened.reset(OpenBeneath(anchor, from_anchor));
        if (!opened.valid()) return;
      }
      int fd = opened.valid() ? opened.get() : anchor;
      struct stat now;
      if (fstat(fd, &now) != 0) return;
      changed_ = true;
      dir.ino = now.st_ino;
      dir.ctime_sec = now.st_ctim.tv_sec;
      dir.ctime_nsec = static_cast<uint32_t>(now.st_ctim.tv_nsec);
      ForEachEntry(fd, [&](const char* name, unsigned char type) {
        dir.git_dir_names |= git::GitDirNameBit(name);
        if (std::strcmp(name, ".git") == 0) dir.has_git = true;  // a git dir is not walked into
        else if (type == DT_DIR) dir.subdirs.emplace_back(name);
      });
    }
    if (dir.has_git && depth > 0) out_.entries.push_back(path + "/.git");
    // A bare repository's objects/ and refs/ are walked like any directory:
    // the shape is easy to fake, and must not hide what lies below it.
    if (!dir.has_git && git::LooksLikeGitDir(dir.git_dir_names)) out_.bare_git_dirs.emplace(path, dir.git_dir_names);
    if (!dir.subdirs.empty() && depth >= kMaxScanDepth) {
      out_.too_deep.push_back(path);
      return;
    }
    // Children are reached from this directory's descriptor when it is open
    // (or the path got long), else by a longer path from the same anchor.
    // Descriptors open at a time stay bounded by the depth cap.
    if (!opened.valid() && from_anchor.size() > kMaxRelativePath) {
      opened.reset(OpenBeneath(anchor, from_anchor));
      if (!opened.valid()) return;
    }
    int child_anchor = opened.valid() ? opened.get() : anchor;
    std::string prefix = opened.valid() || from_anchor.empty() ? "" : from_anchor + "/";
    for (const auto& name : dir.subdirs) {
      std::string from = prefix + name;
      struct stat sub;
      if (fstatat(child_anchor, from.c_str(), &sub, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISDIR(sub.st_mode)) continue;
      Walk(child_anchor, from, sub, path + "/" + name, rel.empty() ? name : rel + "/" + name, depth + 1);
    }
    if (!racy) fresh_.emplace(rel, std::move(dir));
  }

  // Same inode and ctime as cached, and not changed within the clock's
  // granularity of this walk.
  bool Unchanged(const ScannedDir& cached, const struct stat& st) const {
    return cached.ino == st.st_ino && cached.ctime_sec == st.st_ctim.tv_sec &&
           cached.ctime_nsec == static_cast<uint32_t>(st.st_ctim.tv_nsec) && st.st_ctim.tv_sec < racy_after_;
  }

  // The cache for the next walk, when this one learned something new.
  bool changed() const { return changed_ || fresh_.size() != old_.size(); }
  const ScanCache& fresh() const { return fresh_; }

 private:
  ScanCache old_;  // entries move to fresh_ as the walk confirms them
  NestedGitScan& out_;
  ScanCache fresh_;
  int64_t racy_after_ = 0;
  bool changed_ = false;
};

void WalkModules(int fd, const std::string& path, int depth, std::vector<std::string>& out) {
  std::vector<std::string> subdirs;
  ForEachEntry(fd, [&](const char* name, unsigned char type) {
    if (type == DT_DIR) subdirs.emplace_back(name);
  });
  for (const auto& name : subdirs) {
    UniqueFd sub(OpenDir(fd, name.c_str()));
    if (!sub.valid()) continue;
    struct stat st;
    if (fstatat(sub.get(), "HEAD", &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode)) {
      out.push_back(path + "/" + name);
    } else if (depth < 4) {
      WalkModules(sub.get(), path + "/" + name, depth + 1, out);
    }
  }
}

}  // namespace

NestedGitScan FindNestedGitEntries(const std::string& project, const std::string& cache_path, ScanCacheUse use) {
  NestedGitScan out;
  UniqueFd root(OpenDir(AT_FDCWD, project.c_str()));
  if (!root.valid()) return out;
  ScanCache old = cache_path.empty() ? ScanCache{} : LoadScanCache(cache_path, project);
  struct stat st;
  if (fstat(root.get(), &st) != 0) return out;
  Walker walker(std::move(old), out);
  walker.Walk(root.get(), "", st, project, "", 0);
  if (use == ScanCacheUse::kReadWrite && !cache_path.empty() && walker.changed())
    SaveScanCache(cache_path, project, walker.fresh());
  std::sort(out.entries.begin(), out.entries.end());
  return out;
}

std::vector<std::string> FindModuleGitDirs(const std::string& modules_dir) {
  std::vector<std::string> out;
  UniqueFd dir(OpenDir(AT_FDCWD, modules_dir.c_str()));
  if (dir.valid()) WalkModules(dir.get(), modules_dir, 0, out);
  return out;
}

}  // namespace paddock::jail
