#include "overlay/upper_walk.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <set>

#include "changes/apply_rules.h"
#include "overlay/fd.h"

namespace paddock::overlay {
namespace {

using changes::EntryType;
using changes::HostState;
using changes::UpperFact;

struct Walk {
  const changes::PendingRun& run;
  std::string upper_root;
  std::set<std::string> placeholders;
  std::vector<UpperFact> facts;
};

std::string Join(const std::string& dir, const std::string& name) { return dir.empty() ? name : dir + "/" + name; }

EntryType TypeOf(mode_t mode, dev_t rdev) {
  if (S_ISREG(mode)) return EntryType::kFile;
  if (S_ISDIR(mode)) return EntryType::kDirectory;
  if (S_ISLNK(mode)) return EntryType::kSymlink;
  if (S_ISCHR(mode) && major(rdev) == 0 && minor(rdev) == 0) return EntryType::kWhiteout;
  return EntryType::kSpecial;
}

Result<std::string> LinkTarget(int dir_fd, const std::string& name, const std::string& path) {
  std::string buf(4096, '\0');
  ssize_t n = readlinkat(dir_fd, name.c_str(), buf.data(), buf.size());
  if (n < 0) return SysError("read link", path, errno);
  buf.resize(static_cast<size_t>(n));
  return buf;
}

// The value of xattr `name` on `fd` ("" when it has none or cannot say).
std::string Xattr(int fd, const char* name) {
  char buf[256];
  ssize_t n = fgetxattr(fd, name, buf, sizeof buf);
  return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
}

bool HasXattr(int fd, const char* name) { return fgetxattr(fd, name, nullptr, 0) >= 0; }

// The newest change time below the open directory `fd` (unreadable
// subdirectories count with their own time only).
int64_t NewestBelow(int fd, const std::string& path, const changes::PendingRun& run) {
  auto names = ListDirFd(fd, path);
  if (!names) return 0;
  int64_t newest = 0;
  for (const auto& name : *names) {
    auto entry = HostEntry(fd, name, Join(path, name), run, true);
    if (entry) newest = std::max(newest, entry->ctime_ns);
  }
  return newest;
}

bool IsEmptyPlaceholder(int dir_fd, const std::string& name, const struct stat& st) {
  if (S_ISREG(st.st_mode)) return st.st_size == 0;
  if (!S_ISDIR(st.st_mode)) return false;
  Fd fd = OpenDirAt(dir_fd, name);
  if (!fd.valid()) return false;
  auto names = ListDirFd(fd.get(), name);
  return names && names->empty();
}

// For a regular file over a regular host file of the same size: identical?
// Copied-up files without an origin xattr: does upper say it came from below?
Status FileDetails(Walk& w, int upper_fd, int host_fd, const std::string& name, UpperFact& f) {
  Fd upper = OpenForReading(upper_fd, name, true);
  if (!upper.valid()) return SysError("read", w.upper_root + "/" + f.path, errno);
  if (f.host.type == EntryType::kMissing) f.origin = HasXattr(upper.get(), "user.overlay.origin");
  if (f.host.type != EntryType::kFile || f.host.size != f.size) return Ok();
  Fd host = OpenForReading(host_fd, name, false);
  if (!host.valid()) return SysError("read", w.run.project + "/" + f.path, errno);
  auto same = SameBytes(upper.get(), host.get(), f.path);
  if (!same) return same.error();
  f.same_content = *same;
  return Ok();
}

Status VisitDir(Walk& w, int upper_fd, int host_fd, const std::string& rel);

bool PlaceholderBelow(const Walk& w, const std::string& dir) {
  for (const auto& p : w.placeholders)
    if (p.size() > dir.size() + 1 && p.compare(0, dir.size(), dir) == 0 && p[dir.size()] == '/') return true;
  return false;
}

// The project entries an opaque directory hides: deleted.
Status AddHidden(Walk& w, int upper_fd, int host_fd, const std::string& rel) {
  auto upper_names = ListDirFd(upper_fd, w.upper_root + "/" + rel);
  if (!upper_names) return upper_names.error();
  auto host_names = ListDirFd(host_fd, w.run.project + "/" + rel);
  if (!host_names) return host_names.error();
  for (const auto& name : *host_names) {
    if (std::binary_search(upper_names->begin(), upper_names->end(), name)) continue;
    UpperFact f;
    f.path = Join(rel, name);
    f.hidden_by_opaque = true;
    auto host = HostEntry(host_fd, name, f.path, w.run, true);
    if (!host) return host.error();
    f.host = *host;
    w.facts.push_back(std::move(f));
  }
  return Ok();
}

Status VisitSubdir(Walk& w, int upper_fd, int host_fd, const std::string& name, UpperFact f) {
  TemporaryAccess access(upper_fd, name, S_IRUSR | S_IXUSR);
  Fd sub = OpenDirAt(upper_fd, name);
  if (!sub.valid()) return SysError("open", w.upper_root + "/" + f.path, errno);
  f.opaque = Xattr(sub.get(), "user.overlay.opaque") == "y";
  if (f.host.type == EntryType::kMissing) f.origin = HasXattr(sub.get(), "user.overlay.origin");
  Fd host_sub;
  if (f.host.type == EntryType::kDirectory) {
    host_sub = OpenDirAt(host_fd, name);
    if (!host_sub.valid()) return SysError("open", w.run.project + "/" + f.path, errno);
  }
  std::string path = f.path;
  bool opaque = f.opaque, added = f.host.type == EntryType::kMissing;
  size_t index = w.facts.size();
  w.facts.push_back(std::move(f));
  if (opaque && host_sub.valid())
    if (auto st = AddHidden(w, sub.get(), host_sub.get(), path); !st) return st;
  if (auto st = VisitDir(w, sub.get(), host_sub.valid() ? host_sub.get() : -1, path); !st) return st;
  // A directory paddock made only to hold placeholders (their parents) is
  // no change either while nothing else is in it.
  if (added && w.facts.size() == index + 1 && PlaceholderBelow(w, path)) w.facts.pop_back();
  return Ok();
}

Status VisitEntry(Walk& w, int upper_fd, int host_fd, const std::string& name, const std::string& path,
                  int64_t parent_ctime) {
  struct stat st;
  if (fstatat(upper_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
    return SysError("stat", w.upper_root + "/" + path, errno);
  if (w.placeholders.count(path) && IsEmptyPlaceholder(upper_fd, name, st)) return Ok();
  UpperFact f;
  f.path = path;
  f.type = TypeOf(st.st_mode, st.st_rdev);
  f.mode = st.st_mode & 07777;
  f.size = st.st_size;
  f.host_parent_ctime_ns = parent_ctime;
  if (f.type == EntryType::kSymlink) {
    auto target = LinkTarget(upper_fd, name, w.upper_root + "/" + path);
    if (!target) return target.error();
    f.link_target = *target;
  }
  if (host_fd >= 0) {
    auto host = HostEntry(host_fd, name, path, w.run, f.type != EntryType::kDirectory);
    if (!host) return host.error();
    f.host = *host;
  }
  if (f.type == EntryType::kDirectory) return VisitSubdir(w, upper_fd, host_fd, name, std::move(f));
  if (f.type == EntryType::kFile)
    if (auto st2 = FileDetails(w, upper_fd, host_fd, name, f); !st2) return st2;
  w.facts.push_back(std::move(f));
  return Ok();
}

Status VisitDir(Walk& w, int upper_fd, int host_fd, const std::string& rel) {
  auto names = ListDirFd(upper_fd, w.upper_root + (rel.empty() ? "" : "/" + rel));
  if (!names) return names.error();
  int64_t ctime = 0;
  struct statx stx;
  if (host_fd >= 0 && statx(host_fd, "", AT_EMPTY_PATH, STATX_CTIME, &stx) == 0) {
    ctime = static_cast<int64_t>(stx.stx_ctime.tv_sec) * 1000000000 + stx.stx_ctime.tv_nsec;
    if (!changes::ChangedSinceStart(w.run, rel, ctime)) ctime = 0;
  }
  for (const auto& name : *names)
    if (auto st = VisitEntry(w, upper_fd, host_fd, name, Join(rel, name), ctime); !st) return st;
  return Ok();
}

// Hashes the rename candidates: an added file's upper content, a deleted
// file's host content.
Status HashCandidates(Walk& w, int upper_root, int host_root) {
  for (size_t i : changes::RenameCandidates(w.facts)) {
    UpperFact& f = w.facts[i];
    bool added = f.host.type == EntryType::kMissing;
    const std::string& root_path = added ? w.upper_root : w.run.project;
    Fd fd;
    if (added) {
      auto upper = OpenUpperFile(upper_root, f.path, root_path);
      if (!upper) return upper.error();
      fd = std::move(*upper);
    } else {
      auto parent = OpenParentBelow(host_root, f.path, root_path);
      if (!parent) return parent.error();
      fd = OpenForReading(parent->first.get(), parent->second, false);
      if (!fd.valid()) return SysError("read", root_path + "/" + f.path, errno);
    }
    auto hash = HashFd(fd.get(), root_path + "/" + f.path);
    if (!hash) return hash.error();
    f.content_hash = *hash;
  }
  return Ok();
}

}  // namespace

Result<HostState> HostEntry(int dir_fd, const std::string& name, const std::string& path,
                            const changes::PendingRun& run, bool whole_tree) {
  HostState h;
  struct statx stx;
  if (statx(dir_fd, name.c_str(), AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &stx) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return h;
    return SysError("stat", run.project + "/" + path, errno);
  }
  h.type = TypeOf(stx.stx_mode, makedev(stx.stx_rdev_major, stx.stx_rdev_minor));
  if (h.type == EntryType::kWhiteout) h.type = EntryType::kSpecial;  // a device on the host is no whiteout
  h.mode = stx.stx_mode & 07777;
  h.size = static_cast<int64_t>(stx.stx_size);
  int64_t ctime = static_cast<int64_t>(stx.stx_ctime.tv_sec) * 1000000000 + stx.stx_ctime.tv_nsec;
  h.ctime_ns = changes::ChangedSinceStart(run, path, ctime) ? ctime : 0;
  if (h.type == EntryType::kSymlink) {
    auto target = LinkTarget(dir_fd, name, run.project + "/" + path);
    if (!target) return target.error();
    h.link_target = *target;
  }
  if (h.type == EntryType::kDirectory && whole_tree) {
    Fd sub = OpenDirAt(dir_fd, name);
    if (sub.valid()) h.ctime_ns = std::max(h.ctime_ns, NewestBelow(sub.get(), path, run));
  }
  return h;
}

Result<std::vector<UpperFact>> WalkUpper(const std::string& upper_dir, const changes::PendingRun& run) {
  Walk w{run, upper_dir, {run.placeholders.begin(), run.placeholders.end()}, {}};
  // The store's own path may hold links (a linked $XDG_STATE_HOME): only
  // its last component is not followed. The project is canonical.
  Fd upper(open(upper_dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!upper.valid()) return SysError("open", upper_dir, errno);
  auto host = OpenDirNoFollow(run.project);
  if (!host) return host.error();
  if (auto st = VisitDir(w, upper.get(), host->get(), ""); !st) return st.error();
  if (auto st = HashCandidates(w, upper.get(), host->get()); !st) return st.error();
  return std::move(w.facts);
}

Result<std::vector<changes::Change>> ReadChanges(const std::string& run_dir, const changes::PendingRun& run) {
  auto facts = WalkUpper(run_dir + "/upper", run);
  if (!facts) return facts.error();
  auto all = changes::ClassifyAll(*facts);
  changes::FindConflicts(all, run.started_ns);
  return all;
}

}  // namespace paddock::overlay
