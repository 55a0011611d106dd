#include "overlay/upper_walk.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <functional>
#include <map>
#include <set>

#include "changes/apply_rules.h"
#include "changes/stack.h"
#include "overlay/fd.h"
#include "overlay/stack.h"

namespace paddock::overlay {
namespace {

using changes::EntryType;
using changes::HostState;
using changes::UpperFact;

// The lower layers at one directory of the walk: the uppers of the run's
// base chain, top first, then the project (changes::ResolveLower); an
// invalid Fd where a layer has no directory there. A run on the project
// has the project alone.
struct Lower {
  std::vector<Fd> dirs;
  int project() const { return dirs.back().get(); }
  bool any() const {
    return std::any_of(dirs.begin(), dirs.end(), [](const Fd& fd) { return fd.valid(); });
  }
};

struct Walk {
  const changes::PendingRun& run;
  std::string upper_root;
  std::vector<std::string> layer_roots;  // the lower layers' paths, top first, the project last
  std::set<std::string> placeholders;
  std::vector<UpperFact> facts;
  std::map<std::string, size_t> host_layer;  // a host entry from a base's upper: its layer
};

// What the lower layers show at one name: the host entry and where it is.
struct LowerFound {
  HostState host;
  int layer = -1;           // -1: nothing shows
  std::vector<int> merged;  // a directory: the layers it merges
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
Status FileDetails(Walk& w, int upper_fd, const Lower& lower, int layer, const std::string& name, UpperFact& f) {
  Fd upper = OpenForReading(upper_fd, name, true);
  if (!upper.valid()) return SysError("read", w.upper_root + "/" + f.path, errno);
  if (f.host.type == EntryType::kMissing) f.origin = HasXattr(upper.get(), "user.overlay.origin");
  if (f.host.type != EntryType::kFile || f.host.size != f.size) return Ok();
  Fd host = OpenForReading(lower.dirs[layer].get(), name, false);
  if (!host.valid()) return SysError("read", w.layer_roots[layer] + "/" + f.path, errno);
  auto same = SameBytes(upper.get(), host.get(), f.path);
  if (!same) return same.error();
  f.same_content = *same;
  return Ok();
}

Status VisitDir(Walk& w, int upper_fd, const Lower& lower, const std::string& rel);

bool IsProject(const Walk& w, size_t layer) { return layer + 1 == w.layer_roots.size(); }

// One base layer's entry: its type, and whether a directory is opaque.
Result<changes::LayerEntry> BaseLayerEntry(const Walk& w, int dir_fd, size_t layer, const std::string& name,
                                           const std::string& path) {
  struct stat st;
  if (fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return changes::LayerEntry{};
    return SysError("stat", w.layer_roots[layer] + "/" + path, errno);
  }
  changes::LayerEntry e{TypeOf(st.st_mode, st.st_rdev), false};
  if (e.type != EntryType::kDirectory) return e;
  Fd sub = OpenDirAt(dir_fd, name);
  if (!sub.valid()) return SysError("open", w.layer_roots[layer] + "/" + path, errno);
  e.opaque = Xattr(sub.get(), "user.overlay.opaque") == "y";
  return e;
}

// A base layer's entry as the host state (its change time is the project's
// directory's when it merges with one, else none: a base's upper does not
// change while it waits).
Result<HostState> BaseHostState(const Walk& w, int dir_fd, size_t layer, const std::string& name,
                                const std::string& path) {
  struct stat st;
  if (fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
    return SysError("stat", w.layer_roots[layer] + "/" + path, errno);
  HostState h;
  h.type = TypeOf(st.st_mode, st.st_rdev);
  h.mode = st.st_mode & 07777;
  h.size = st.st_size;
  if (h.type == EntryType::kSymlink) {
    auto target = LinkTarget(dir_fd, name, w.layer_roots[layer] + "/" + path);
    if (!target) return target.error();
    h.link_target = *target;
  }
  return h;
}

// The lower layers' entry at `name` (changes::ResolveLower): the project's
// as HostEntry reads it, or the top base layer's.
Result<LowerFound> LowerEntry(Walk& w, const Lower& lower, const std::string& name, const std::string& path,
                              bool whole_tree) {
  const size_t n = lower.dirs.size();
  LowerFound found;
  if (n == 1 || !lower.any()) {
    if (lower.project() < 0) return found;
    auto host = HostEntry(lower.project(), name, path, w.run, whole_tree);
    if (!host) return host.error();
    found.host = *host;
    found.layer = host->type == EntryType::kMissing ? -1 : 0;
    if (host->type == EntryType::kDirectory) found.merged = {0};
    return found;
  }
  std::vector<changes::LayerEntry> entries(n);
  HostState project;
  for (size_t i = 0; i < n; ++i) {
    if (!lower.dirs[i].valid()) continue;
    if (IsProject(w, i)) {
      auto host = HostEntry(lower.dirs[i].get(), name, path, w.run, whole_tree);
      if (!host) return host.error();
      project = *host;
      entries[i].type = host->type;
      continue;
    }
    auto e = BaseLayerEntry(w, lower.dirs[i].get(), i, name, path);
    if (!e) return e.error();
    entries[i] = *e;
  }
  changes::LowerView view = changes::ResolveLower(entries);
  found.layer = view.layer;
  found.merged = view.merged;
  if (view.layer < 0) return found;
  if (IsProject(w, static_cast<size_t>(view.layer))) {
    found.host = project;
    return found;
  }
  auto host = BaseHostState(w, lower.dirs[view.layer].get(), view.layer, name, path);
  if (!host) return host.error();
  found.host = *host;
  if (std::find(view.merged.begin(), view.merged.end(), static_cast<int>(n - 1)) != view.merged.end())
    found.host.ctime_ns = project.ctime_ns;
  return found;
}

// The lower directories below `name`, for each layer `found` merges.
Result<Lower> LowerSub(const Walk& w, const Lower& lower, const LowerFound& found, const std::string& name,
                       const std::string& path) {
  Lower sub;
  sub.dirs.resize(lower.dirs.size());
  for (int i : found.merged) {
    sub.dirs[i] = OpenDirAt(lower.dirs[i].get(), name);
    if (!sub.dirs[i].valid()) return SysError("open", w.layer_roots[i] + "/" + path, errno);
  }
  return sub;
}

// The names the lower layers show in a directory, merged.
Result<std::vector<std::string>> LowerNames(const Walk& w, const Lower& lower, const std::string& rel) {
  std::set<std::string> all;
  for (size_t i = 0; i < lower.dirs.size(); ++i) {
    if (!lower.dirs[i].valid()) continue;
    auto names = ListDirFd(lower.dirs[i].get(), w.layer_roots[i] + "/" + rel);
    if (!names) return names.error();
    all.insert(names->begin(), names->end());
  }
  return std::vector<std::string>(all.begin(), all.end());
}

bool PlaceholderBelow(const Walk& w, const std::string& dir) {
  for (const auto& p : w.placeholders)
    if (p.size() > dir.size() + 1 && p.compare(0, dir.size(), dir) == 0 && p[dir.size()] == '/') return true;
  return false;
}

// The lower entries an opaque directory hides: deleted.
Status AddHidden(Walk& w, int upper_fd, const Lower& lower, const std::string& rel) {
  auto upper_names = ListDirFd(upper_fd, w.upper_root + "/" + rel);
  if (!upper_names) return upper_names.error();
  auto host_names = LowerNames(w, lower, rel);
  if (!host_names) return host_names.error();
  for (const auto& name : *host_names) {
    if (std::binary_search(upper_names->begin(), upper_names->end(), name)) continue;
    UpperFact f;
    f.path = Join(rel, name);
    f.hidden_by_opaque = true;
    auto host = LowerEntry(w, lower, name, f.path, true);
    if (!host) return host.error();
    if (host->layer < 0) continue;  // whited out further down: nothing to hide
    f.host = host->host;
    if (!IsProject(w, host->layer)) w.host_layer[f.path] = host->layer;
    w.facts.push_back(std::move(f));
  }
  return Ok();
}

Status VisitSubdir(Walk& w, int upper_fd, const Lower& lower, const LowerFound& found, const std::string& name,
                   UpperFact f) {
  TemporaryAccess access(upper_fd, name, S_IRUSR | S_IXUSR);
  Fd sub = OpenDirAt(upper_fd, name);
  if (!sub.valid()) return SysError("open", w.upper_root + "/" + f.path, errno);
  f.opaque = Xattr(sub.get(), "user.overlay.opaque") == "y";
  if (f.host.type == EntryType::kMissing) f.origin = HasXattr(sub.get(), "user.overlay.origin");
  Lower host_sub;
  host_sub.dirs.resize(lower.dirs.size());
  if (f.host.type == EntryType::kDirectory) {
    auto opened = LowerSub(w, lower, found, name, f.path);
    if (!opened) return opened.error();
    host_sub = std::move(*opened);
  }
  std::string path = f.path;
  bool opaque = f.opaque, added = f.host.type == EntryType::kMissing;
  size_t index = w.facts.size();
  w.facts.push_back(std::move(f));
  if (opaque && host_sub.any())
    if (auto st = AddHidden(w, sub.get(), host_sub, path); !st) return st;
  if (auto st = VisitDir(w, sub.get(), host_sub, path); !st) return st;
  // A directory paddock made only to hold placeholders (their parents) is
  // no change either while nothing else is in it.
  if (added && w.facts.size() == index + 1 && PlaceholderBelow(w, path)) w.facts.pop_back();
  return Ok();
}

Status VisitEntry(Walk& w, int upper_fd, const Lower& lower, const std::string& name, const std::string& path,
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
  auto found = LowerEntry(w, lower, name, path, f.type != EntryType::kDirectory);
  if (!found) return found.error();
  f.host = found->host;
  if (found->layer >= 0 && !IsProject(w, found->layer)) w.host_layer[path] = found->layer;
  if (f.type == EntryType::kDirectory) return VisitSubdir(w, upper_fd, lower, *found, name, std::move(f));
  if (f.type == EntryType::kFile)
    if (auto st2 = FileDetails(w, upper_fd, lower, found->layer, name, f); !st2) return st2;
  w.facts.push_back(std::move(f));
  return Ok();
}

Status VisitDir(Walk& w, int upper_fd, const Lower& lower, const std::string& rel) {
  auto names = ListDirFd(upper_fd, w.upper_root + (rel.empty() ? "" : "/" + rel));
  if (!names) return names.error();
  int64_t ctime = 0;
  struct statx stx;
  if (lower.project() >= 0 && statx(lower.project(), "", AT_EMPTY_PATH, STATX_CTIME, &stx) == 0) {
    ctime = static_cast<int64_t>(stx.stx_ctime.tv_sec) * 1000000000 + stx.stx_ctime.tv_nsec;
    if (!changes::ChangedSinceStart(w.run, rel, ctime)) ctime = 0;
  }
  for (const auto& name : *names)
    if (auto st = VisitEntry(w, upper_fd, lower, name, Join(rel, name), ctime); !st) return st;
  return Ok();
}

// Hashes the rename candidates: an added file's upper content, a deleted
// file's lower content (the project's, or a base's upper's).
Status HashCandidates(Walk& w, int upper_root, const Lower& roots) {
  for (size_t i : changes::RenameCandidates(w.facts)) {
    UpperFact& f = w.facts[i];
    bool added = f.host.type == EntryType::kMissing;
    auto layer_it = w.host_layer.find(f.path);
    size_t layer = layer_it == w.host_layer.end() ? roots.dirs.size() - 1 : layer_it->second;
    const std::string& root_path = added ? w.upper_root : w.layer_roots[layer];
    Fd fd;
    if (added) {
      auto upper = OpenUpperFile(upper_root, f.path, root_path);
      if (!upper) return upper.error();
      fd = std::move(*upper);
    } else {
      auto parent = OpenParentBelow(roots.dirs[layer].get(), f.path, root_path);
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

Result<std::vector<UpperFact>> WalkUpper(const std::string& upper_dir, const changes::PendingRun& run,
                                         const std::vector<std::string>& base_uppers) {
  Walk w{run, upper_dir, base_uppers, {run.placeholders.begin(), run.placeholders.end()}, {}, {}};
  w.layer_roots.push_back(run.project);
  // The store's own path may hold links (a linked $XDG_STATE_HOME): only
  // its last component is not followed. The project is canonical.
  Fd upper(open(upper_dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!upper.valid()) return SysError("open", upper_dir, errno);
  Lower roots;
  for (const auto& base : base_uppers) {
    roots.dirs.emplace_back(open(base.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!roots.dirs.back().valid()) return SysError("open", base, errno);
  }
  auto host = OpenDirNoFollow(run.project);
  if (!host) return host.error();
  roots.dirs.push_back(std::move(*host));
  if (auto st = VisitDir(w, upper.get(), roots, ""); !st) return st.error();
  if (auto st = HashCandidates(w, upper.get(), roots); !st) return st.error();
  return std::move(w.facts);
}

Result<std::vector<std::string>> BaseUppers(const std::string& run_dir, const changes::PendingRun& run) {
  auto chain = BaseChain(RunsDirOf(run_dir), run);
  if (!chain) return chain.error();
  std::vector<std::string> uppers;
  for (const auto& base : *chain) uppers.push_back(base.dir + "/upper");
  return uppers;
}

Result<std::vector<changes::Change>> ReadChanges(const std::string& run_dir, const changes::PendingRun& run) {
  auto bases = BaseUppers(run_dir, run);
  if (!bases) return bases.error();
  auto facts = WalkUpper(run_dir + "/upper", run, *bases);
  if (!facts) return facts.error();
  auto all = changes::ClassifyAll(*facts);
  changes::FindConflicts(all, run.started_ns);
  return all;
}

std::vector<std::string> MadeGitDirs(const changes::PendingRun& run, const std::vector<changes::Change>& all) {
  std::function<bool(const std::string&)> on_host = [&](const std::string& rel) {
    struct stat st;
    return lstat((run.project + "/" + rel).c_str(), &st) == 0;
  };
  return changes::MadeGitDirs(all, on_host);
}

}  // namespace paddock::overlay
