#include "jail/project_scan.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <deque>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <utility>

#include "git/dir_shape.h"
#include "jail/dir_entries.h"
#include "jail/scan_cache.h"
#include "jail/unique_fd.h"
#include "review/agent_configs.h"

namespace paddock::jail {
namespace {

int OpenDir(int at, const char* name) { return openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC); }

// For looking up entries only (fstatat): no read access checked or file
// opened. O_NOFOLLOW with O_DIRECTORY: a symlink swapped in fails.
int OpenDirPath(int at, const char* name) { return openat(at, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC); }

// A directory changed within the clock's granularity of this walk may change
// again without its ctime moving: such entries are not trusted next time.
constexpr int64_t kRacySeconds = 2;

// A directory still to be looked at: `name` in the open directory
// `parent_fd` (-1 for the project, whose descriptor the walk holds),
// lstat'ed as `st`.
struct PendingDir {
  int parent_fd = -1;
  const char* name = "";  // NUL-terminated: in the cache's data or a walker's names
  size_t name_size = 0;
  struct stat st {};
  const WalkedDir* parent = nullptr;  // null for the project
  const CachedDir* cached = nullptr;  // what the last walk saw here, if anything
  int depth = 0;

  std::string_view Name() const { return {name, name_size}; }
};

// Every directory is looked at by one fstatat of its name in its parent,
// which is open while its children are: lookups of one component, however
// deep the tree (a large tree of unchanged directories then costs about one
// call per directory, and an open and a close per directory that has
// subdirectories). Only changed directories are opened for reading. A
// directory's place in the cache comes down from its parent's, and its path
// is only put together when it is reported.
//
// Walkers on several threads share `old`, which none changes, and the
// records of the directories above the subtrees they were given (written
// before the threads start).
class Walker {
 public:
  Walker(const ScanCache& old, int64_t racy_after, const std::string& project)
      : old_(old), racy_after_(racy_after), project_(project) {}

  // Records what directory `d` holds and returns its subdirectories, with
  // `fd` open on it when there are any (`self`: its descriptor, when open).
  std::vector<PendingDir> Visit(const PendingDir& d, int self, UniqueFd& fd) {
    WalkedDir& dir = seen_.emplace_back();
    dir.parent = d.parent;
    dir.name = d.Name();
    const CachedDir* was = d.cached;
    if (was) ++known_;
    std::vector<PendingDir> children;
    int dirfd = self;
    if (was && Unchanged(*was, d.st)) {
      static_cast<ScannedDir&>(dir) = *was;
      children.reserve(was->child_count);
      for (const CachedDir& kid : old_.Children(*was)) children.push_back(Pending(old_.Name(kid), kid.name_size, &kid));
    } else {
      if (dirfd < 0) {
        fd.reset(OpenDir(d.parent_fd, d.name));
        if (!fd.valid()) return {};
        dirfd = fd.get();
      }
      if (!Read(dirfd, dir, was, children)) return {};
      // Entries that came and went move a directory's ctime but not what it
      // holds (paddock's own placeholders do so in the project root every
      // run): not worth rewriting the cache for. A record saved untrusted
      // (the directory had just changed) that can now be trusted is: else
      // a tree walked first right after its checkout is read in full at
      // every run from then on. The ctime judged is the one read with the
      // entries.
      dir.trusted = dir.ctime_sec < racy_after_;
      if (dir.trusted && (!was || !was->trusted || !SameEntries(*was, dir, children))) learned_ = true;
      else if (dir.trusted) ++reread_;
    }
    if (dir.has_git && d.depth > 0) out_.entries.push_back(PathOf(dir) + "/.git");
    // A bare repository's objects/ and refs/ are walked like any directory:
    // the shape is easy to fake, and must not hide what lies below it.
    if (!dir.has_git && git::LooksLikeGitDir(dir.git_dir_names))
      out_.bare_git_dirs.emplace(PathOf(dir), dir.git_dir_names);
    if (dir.agent_configs && d.depth > 0 && !InIgnoredTree(dir))
      out_.agent_configs.emplace(PathOf(dir), dir.agent_configs);
    if (children.empty()) return children;
    if (d.depth >= kMaxScanDepth) {
      out_.too_deep.push_back(PathOf(dir));
      return Unvisited(dir, children);
    }
    if (dirfd < 0) {
      fd.reset(OpenDirPath(d.parent_fd, d.name));
      if (!fd.valid()) return Unvisited(dir, children);
      dirfd = fd.get();
    }
    size_t kept = 0;
    for (auto& child : children) {
      child.parent_fd = dirfd;
      child.parent = &dir;
      child.depth = d.depth + 1;
      if (fstatat(dirfd, child.name, &child.st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(child.st.st_mode))
        children[kept++] = child;
    }
    children.resize(kept);
    return children;
  }

  // `d` and everything below it, depth first: the descriptors open at a
  // time stay bounded by the depth cap.
  void Walk(const PendingDir& d, int self) {
    UniqueFd fd;
    for (const auto& child : Visit(d, self, fd)) Walk(child, -1);
  }

  // Another walker over the same cache, for another thread.
  Walker Sibling() const { return Walker(old_, racy_after_, project_); }

  NestedGitScan& out() { return out_; }
  // Every directory this walker recorded, for the next cache.
  const std::deque<WalkedDir>& seen() const { return seen_; }
  // A directory was read whose entries the cache did not hold.
  bool learned() const { return learned_; }
  // How many directories recorded had a record in the cache.
  size_t known() const { return known_; }
  // How many trusted records were read again and found to hold the same
  // entries: their ctime moved (entries came and went, a chmod).
  size_t reread() const { return reread_; }

 private:
  static PendingDir Pending(const char* name, size_t size, const CachedDir* cached) {
    PendingDir p;
    p.name = name;
    p.name_size = size;
    p.cached = cached;
    return p;
  }

  // The entries of the open directory `fd`, read, with its subdirectories
  // in name order and each one's record under `was`.
  bool Read(int fd, WalkedDir& dir, const CachedDir* was, std::vector<PendingDir>& children) {
    struct stat now;
    if (fstat(fd, &now) != 0) return false;
    dir.ino = now.st_ino;
    dir.ctime_sec = now.st_ctim.tv_sec;
    dir.ctime_nsec = static_cast<uint32_t>(now.st_ctim.tv_nsec);
    ForEachEntry(fd, [&](const char* entry, unsigned char type) {
      dir.git_dir_names |= git::GitDirNameBit(entry);
      dir.agent_configs |= review::AgentConfigBit(entry);
      if (std::strcmp(entry, ".git") == 0) {
        dir.has_git = true;  // a git dir is not walked into
      } else if (type == DT_DIR) {
        const std::string& name = names_.emplace_back(entry);
        children.push_back(Pending(name.c_str(), name.size(), nullptr));
      }
    });
    std::sort(children.begin(), children.end(),
              [](const PendingDir& a, const PendingDir& b) { return a.Name() < b.Name(); });
    if (was) {
      for (auto& child : children) child.cached = old_.Child(*was, child.Name());
    }
    return true;
  }

  // Subdirectories not looked into keep their records, so that the next
  // walk still knows they exist (and a cap hit stays reported).
  std::vector<PendingDir> Unvisited(WalkedDir& dir, const std::vector<PendingDir>& children) {
    for (const auto& child : children) {
      WalkedDir& kid = seen_.emplace_back();
      kid.parent = &dir;
      kid.name = child.Name();
      if (child.cached) ++known_;
    }
    return {};
  }

  // Same entries as the cache's record: `children` in name order, as the
  // record's are.
  bool SameEntries(const CachedDir& was, const WalkedDir& now, const std::vector<PendingDir>& children) const {
    if (was.ino != now.ino || was.has_git != now.has_git || was.git_dir_names != now.git_dir_names ||
        was.agent_configs != now.agent_configs || was.child_count != children.size())
      return false;
    auto kids = old_.Children(was);
    for (size_t i = 0; i < children.size(); ++i)
      if (old_.NameView(kids[i]) != children[i].Name()) return false;
    return true;
  }

  // Trusted, same inode and ctime as cached, and not changed within the
  // clock's granularity of this walk.
  bool Unchanged(const CachedDir& cached, const struct stat& st) const {
    return cached.trusted && cached.ino == st.st_ino && cached.ctime_sec == st.st_ctim.tv_sec &&
           cached.ctime_nsec == static_cast<uint32_t>(st.st_ctim.tv_nsec) && st.st_ctim.tv_sec < racy_after_;
  }

  // `dir` or a directory above it (below the project) is one whose config
  // is not watched (a dependency tree).
  static bool InIgnoredTree(const WalkedDir& dir) {
    for (const WalkedDir* d = &dir; d->parent; d = d->parent)
      if (review::AgentConfigsIgnoredBelow(d->name)) return true;
    return false;
  }

  std::string PathOf(const WalkedDir& dir) const {
    std::vector<std::string_view> names;
    for (const WalkedDir* d = &dir; d->parent; d = d->parent) names.push_back(d->name);
    std::string path = project_;
    for (auto it = names.rbegin(); it != names.rend(); ++it) path.append("/").append(*it);
    return path;
  }

  const ScanCache& old_;
  int64_t racy_after_;
  const std::string& project_;
  // Deques: records and names stay where they are as more are added.
  std::deque<WalkedDir> seen_;
  std::deque<std::string> names_;
  NestedGitScan out_;
  bool learned_ = false;
  size_t known_ = 0;
  size_t reread_ = 0;
};

// A large tree is walked by two threads: the walk is bound by the kernel's
// path lookups and stat calls, which run in parallel. Below a few thousand
// directories (known from the cache) a thread costs more than it saves. Not
// more: each walker may hold a descriptor per level (kMaxScanDepth), and
// the walk must stay within the usual limit of 1024 (a directory that
// cannot be opened is not looked into).
constexpr unsigned kMaxWalkThreads = 2;
constexpr size_t kThreadedFromDirs = 2000;
constexpr size_t kSplitInto = 32;
constexpr int kMaxSplitVisits = 64;

// A run's own placeholders come and go in a few directories (the project
// root, .claude): their records go stale every run, and rewriting a large
// cache for them would cost more than reading them again. Many stale
// records at once (a `chmod -R`, a tool that rewrote every directory) are
// a change the cache must learn, or every later run reads them all again.
constexpr size_t kChurnedDirsPerRun = 4;
constexpr size_t kStaleShareToRewrite = 32;  // 1 in 32 of the tree

bool TooManyReread(size_t reread, size_t seen) {
  return reread > kChurnedDirsPerRun && reread * kStaleShareToRewrite >= seen;
}

unsigned WalkThreads(size_t cached_dirs, size_t subtrees) {
  if (cached_dirs < kThreadedFromDirs || subtrees < 2) return 1;
  return std::max(1u, std::min({kMaxWalkThreads, std::thread::hardware_concurrency(), unsigned(subtrees)}));
}

// Walks every subtree in `pending`, each whole by one of `threads` walkers
// (walkers[0] exists; the others are added). What a thread throws is thrown
// here once all have stopped: a walk that missed a subtree must not pass for
// a complete one.
void WalkShared(std::vector<Walker>& walkers, const std::deque<PendingDir>& pending, unsigned threads) {
  std::atomic<size_t> next{0};
  std::mutex failed_lock;
  std::exception_ptr failed;
  auto work = [&](Walker& w) {
    try {
      for (size_t i; (i = next.fetch_add(1)) < pending.size();) w.Walk(pending[i], -1);
    } catch (...) {
      std::lock_guard<std::mutex> hold(failed_lock);
      if (!failed) failed = std::current_exception();
      next = pending.size();  // the others stop too
    }
  };
  while (walkers.size() < threads) walkers.push_back(walkers[0].Sibling());
  std::vector<std::thread> started;
  for (size_t t = 1; t < walkers.size(); ++t) {
    try {
      started.emplace_back(work, std::ref(walkers[t]));
    } catch (const std::system_error&) {
      break;  // no thread to be had: this one walks the rest
    }
  }
  work(walkers[0]);
  for (auto& t : started) t.join();
  if (failed) std::rethrow_exception(failed);
}

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
  PendingDir top;
  if (fstat(root.get(), &top.st) != 0) return out;
  const ScanCache old = cache_path.empty() ? ScanCache{} : LoadScanCache(cache_path, project);
  top.cached = old.Root();
  struct timespec now {};
  clock_gettime(CLOCK_REALTIME, &now);
  std::vector<Walker> walkers;
  walkers.reserve(kMaxWalkThreads);
  walkers.emplace_back(old, now.tv_sec - kRacySeconds, project);

  // Breadth first from the top until the tree has split into enough
  // subtrees to share out; the directories above them stay open meanwhile.
  std::deque<PendingDir> pending{top};
  std::vector<UniqueFd> above;
  for (int visited = 0; !pending.empty() && pending.size() < kSplitInto && visited < kMaxSplitVisits; ++visited) {
    PendingDir d = std::move(pending.front());
    pending.pop_front();
    UniqueFd fd;
    for (auto& child : walkers[0].Visit(d, d.depth == 0 ? root.get() : -1, fd)) pending.push_back(child);
    if (fd.valid()) above.push_back(std::move(fd));
  }
  WalkShared(walkers, pending, WalkThreads(old.size(), pending.size()));

  bool new_entries = false;
  size_t known = 0, seen = 0, reread = 0;
  for (auto& w : walkers) {
    auto& part = w.out();
    out.entries.insert(out.entries.end(), part.entries.begin(), part.entries.end());
    out.bare_git_dirs.merge(part.bare_git_dirs);
    out.agent_configs.merge(part.agent_configs);
    out.too_deep.insert(out.too_deep.end(), part.too_deep.begin(), part.too_deep.end());
    new_entries = new_entries || w.learned();
    known += w.known();
    seen += w.seen().size();
    reread += w.reread();
  }
  // Something new was read (or can now be trusted), a directory cached last
  // time is gone, or many records went stale. A directory that changed just
  // now is saved untrusted only along with such a change: its record's ctime
  // no longer matches anyway.
  bool changed = new_entries || known != old.size() || TooManyReread(reread, seen);
  if (use == ScanCacheUse::kReadWrite && !cache_path.empty() && changed) {
    std::vector<const WalkedDir*> dirs;
    dirs.reserve(seen);
    for (auto& w : walkers)
      for (const WalkedDir& d : w.seen()) dirs.push_back(&d);
    SaveScanCache(cache_path, project, dirs);
  }
  std::sort(out.entries.begin(), out.entries.end());
  std::sort(out.too_deep.begin(), out.too_deep.end());
  return out;
}

std::vector<std::string> FindModuleGitDirs(const std::string& modules_dir) {
  std::vector<std::string> out;
  UniqueFd dir(OpenDir(AT_FDCWD, modules_dir.c_str()));
  if (dir.valid()) WalkModules(dir.get(), modules_dir, 0, out);
  return out;
}

}  // namespace paddock::jail
