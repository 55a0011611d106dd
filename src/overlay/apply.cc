#include "overlay/apply.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <map>
#include <random>
#include <set>

#include "base/strings.h"
#include "changes/pending_run.h"
#include "changes/stack.h"
#include "overlay/fd.h"
#include "overlay/git_refs.h"
#include "overlay/remove_tree.h"
#include "overlay/stack.h"
#include "overlay/upper_access.h"
#include "overlay/upper_walk.h"

namespace paddock::overlay {
namespace {

using changes::Change;
using changes::ChangeKind;
using changes::EntryType;

struct Target {
  const StoredRun& stored;
  std::string upper_path{};
  Fd project{};
  Fd upper{};
  bool root = false;
  std::set<std::string> touched{};  // project-relative paths whose ctime apply changes
  std::vector<std::string> notes{};
};

std::string ParentOf(const std::string& rel) {
  auto slash = rel.rfind('/');
  return slash == std::string::npos ? "" : rel.substr(0, slash);
}

std::string HostPath(const Target& t, const std::string& rel) { return t.stored.run.project + "/" + rel; }

void Touch(Target& t, const std::string& rel) {
  t.touched.insert(ParentOf(rel));
  t.touched.insert(rel);
}

std::string TempName() {
  std::random_device rd;
  uint64_t r = (static_cast<uint64_t>(rd()) << 32) | rd();
  return ".paddock-apply-" + HexEncode(std::string_view(reinterpret_cast<const char*>(&r), sizeof r));
}

bool WritesEntry(const Change& c) {
  if (c.new_type != EntryType::kFile && c.new_type != EntryType::kSymlink) return false;
  return c.kind == ChangeKind::kAdded || c.kind == ChangeKind::kModified || c.kind == ChangeKind::kTypeChanged ||
         c.kind == ChangeKind::kRenamed;
}

bool MakesDirectory(const Change& c) {
  return c.new_type == EntryType::kDirectory && (c.kind == ChangeKind::kAdded || c.kind == ChangeKind::kTypeChanged);
}

// Deletions, and type changes from or to a directory (rename cannot swap
// a directory and a file): the host entry goes first.
bool RemovesFirst(const Change& c) {
  if (c.kind == ChangeKind::kDeleted) return true;
  return c.kind == ChangeKind::kTypeChanged &&
         (c.old_type == EntryType::kDirectory || c.new_type == EntryType::kDirectory);
}

// Who a new entry of the host directory `parent_fd` belongs to when paddock
// runs as root: the owner of what it replaces, else of the directory.
void OwnerFor(int parent_fd, const std::string& name, uid_t& uid, gid_t& gid) {
  struct stat st;
  if (fstatat(parent_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 && fstat(parent_fd, &st) != 0) return;
  uid = st.st_uid;
  gid = st.st_gid;
}

Status CopyBytes(int from, int to, const std::string& path) {
  char buf[65536];
  for (;;) {
    ssize_t n = read(from, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return SysError("read", path, errno);
    if (n == 0) return Ok();
    for (ssize_t done = 0; done < n;) {
      ssize_t w = write(to, buf + done, static_cast<size_t>(n - done));
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) return SysError("write", path, errno);
      done += w;
    }
  }
}

// The regular file's content and mode from upper into a temporary file
// `temp` of the host directory `host_fd`, synced.
Status WriteTemp(Target& t, const Change& c, int upper_fd, const std::string& name, int host_fd,
                 const std::string& temp) {
  Fd src = OpenForReading(upper_fd, name, true);
  if (!src.valid()) return SysError("read", t.upper_path + "/" + c.path, errno);
  struct stat st;
  if (fstat(src.get(), &st) != 0) return SysError("read", t.upper_path + "/" + c.path, errno);
  Fd dst(openat(host_fd, temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (!dst.valid()) return SysError("create", HostPath(t, ParentOf(c.path) + "/" + temp), errno);
  if (auto s = CopyBytes(src.get(), dst.get(), HostPath(t, c.path)); !s) return s;
  if (t.root) {
    uid_t uid = 0;
    gid_t gid = 0;
    OwnerFor(host_fd, name, uid, gid);
    if (fchown(dst.get(), uid, gid) != 0) return SysError("chown", HostPath(t, c.path), errno);
  }
  mode_t mode = c.new_mode & 07777 & ~static_cast<mode_t>(S_ISUID | S_ISGID);
  if (mode != (c.new_mode & 07777)) t.notes.push_back(c.path + ": the setuid/setgid bits were not applied");
  if (fchmod(dst.get(), mode) != 0) return SysError("chmod", HostPath(t, c.path), errno);
  struct timespec times[2] = {st.st_atim, st.st_mtim};
  futimens(dst.get(), times);
  if (fsync(dst.get()) != 0) return SysError("sync", HostPath(t, c.path), errno);
  return Ok();
}

Status WriteTempLink(Target& t, const Change& c, int upper_fd, const std::string& name, int host_fd,
                     const std::string& temp) {
  std::string target(4096, '\0');
  ssize_t n = readlinkat(upper_fd, name.c_str(), target.data(), target.size());
  if (n < 0) return SysError("read link", t.upper_path + "/" + c.path, errno);
  target.resize(static_cast<size_t>(n));
  if (symlinkat(target.c_str(), host_fd, temp.c_str()) != 0)
    return SysError("create", HostPath(t, ParentOf(c.path) + "/" + temp), errno);
  if (t.root) {
    uid_t uid = 0;
    gid_t gid = 0;
    OwnerFor(host_fd, name, uid, gid);
    if (fchownat(host_fd, temp.c_str(), uid, gid, AT_SYMLINK_NOFOLLOW) != 0)
      return SysError("chown", HostPath(t, c.path), errno);
  }
  return Ok();
}

// A file or link of upper to its host path: a temporary entry, renamed over.
Status WriteEntry(Target& t, const Change& c) {
  auto up = OpenParentBelow(t.upper.get(), c.path, t.upper_path);
  if (!up) return up.error();
  auto host = OpenParentBelow(t.project.get(), c.path, t.stored.run.project);
  if (!host) return host.error();
  const std::string& name = host->second;
  std::string temp = TempName();
  Status st = c.new_type == EntryType::kSymlink ? WriteTempLink(t, c, up->first.get(), name, host->first.get(), temp)
                                                : WriteTemp(t, c, up->first.get(), name, host->first.get(), temp);
  if (st && renameat(host->first.get(), temp.c_str(), host->first.get(), name.c_str()) != 0)
    st = SysError("replace", HostPath(t, c.path), errno);
  if (!st) {
    unlinkat(host->first.get(), temp.c_str(), 0);
    return st;
  }
  fsync(host->first.get());
  Touch(t, c.path);
  return Ok();
}

Status RemoveHost(Target& t, const std::string& rel) {
  auto host = OpenParentBelow(t.project.get(), rel, t.stored.run.project);
  if (!host) return host.error();
  if (auto st = RemoveTreeAt(host->first.get(), host->second, HostPath(t, rel)); !st) return st;
  Touch(t, rel);
  return Ok();
}

Status MakeHostDir(Target& t, const std::string& rel) {
  auto host = OpenParentBelow(t.project.get(), rel, t.stored.run.project);
  if (!host) return host.error();
  int fd = host->first.get();
  const std::string& name = host->second;
  if (mkdirat(fd, name.c_str(), 0700) != 0) return SysError("create directory", HostPath(t, rel), errno);
  if (t.root) {
    struct stat st;
    if (fstat(fd, &st) == 0 && fchownat(fd, name.c_str(), st.st_uid, st.st_gid, AT_SYMLINK_NOFOLLOW) != 0)
      return SysError("chown", HostPath(t, rel), errno);
  }
  Touch(t, rel);
  return Ok();
}

Status ChmodHost(Target& t, const Change& c) {
  auto host = OpenParentBelow(t.project.get(), c.path, t.stored.run.project);
  if (!host) return host.error();
  mode_t mode = c.new_mode & 07777;
  if (c.new_type != EntryType::kDirectory) mode &= ~static_cast<mode_t>(S_ISUID | S_ISGID);
  int rc = fchmodat(host->first.get(), host->second.c_str(), mode, AT_SYMLINK_NOFOLLOW);
  if (rc != 0 && (errno == ENOTSUP || errno == ENOSYS)) {
    struct stat st;  // without /proc: only what is no link
    if (fstatat(host->first.get(), host->second.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISLNK(st.st_mode))
      rc = fchmodat(host->first.get(), host->second.c_str(), mode, 0);
  }
  if (rc != 0) return SysError("chmod", HostPath(t, c.path), errno);
  Touch(t, c.path);
  return Ok();
}

std::vector<const Change*> Pick(const std::vector<Change>& all, bool (*pred)(const Change&), bool deepest_first) {
  std::vector<const Change*> out;
  for (const auto& c : all)
    if (pred(c)) out.push_back(&c);
  std::stable_sort(out.begin(), out.end(), [&](const Change* a, const Change* b) {
    size_t da = std::count(a->path.begin(), a->path.end(), '/'), db = std::count(b->path.begin(), b->path.end(), '/');
    return deepest_first ? da > db : da < db;
  });
  return out;
}

// The order: removals children first, new directories parents first,
// files and links, the old paths of renames, then the directories' modes
// children first (a directory made read-only last).
Status WriteAll(Target& t, const std::vector<Change>& selected) {
  for (const Change* c : Pick(selected, RemovesFirst, true))
    if (auto st = RemoveHost(t, c->path); !st) return st;
  for (const Change* c : Pick(selected, MakesDirectory, false))
    if (auto st = MakeHostDir(t, c->path); !st) return st;
  for (const Change* c : Pick(selected, WritesEntry, false))
    if (auto st = WriteEntry(t, *c); !st) return st;
  auto file_mode = [](const Change& c) { return c.kind == ChangeKind::kModeChanged && !c.directory; };
  for (const Change* c : Pick(selected, file_mode, false))
    if (auto st = ChmodHost(t, *c); !st) return st;
  auto renamed = [](const Change& c) { return c.kind == ChangeKind::kRenamed; };
  for (const Change* c : Pick(selected, renamed, true))
    if (auto st = RemoveHost(t, c->from); !st) return st;
  auto dir_mode = [](const Change& c) {
    return c.new_type == EntryType::kDirectory && (MakesDirectory(c) || c.kind == ChangeKind::kModeChanged);
  };
  for (const Change* c : Pick(selected, dir_mode, true))
    if (auto st = ChmodHost(t, *c); !st) return st;
  return Ok();
}

// The change times apply left on the paths it touched, into run.json: a
// later apply takes them for its own, not the host's (ChangedSinceStart).
Status RecordTouched(const Target& t) {
  changes::PendingRun run = t.stored.run;
  for (const auto& rel : t.touched) {
    struct statx stx;
    const char* name = rel.empty() ? "." : rel.c_str();
    if (statx(t.project.get(), name, AT_SYMLINK_NOFOLLOW, STATX_CTIME, &stx) != 0) {
      run.applied_ctime_ns.erase(rel);
      continue;
    }
    run.applied_ctime_ns[rel] = static_cast<int64_t>(stx.stx_ctime.tv_sec) * 1000000000 + stx.stx_ctime.tv_nsec;
  }
  return SaveRun(t.stored.dir, run);
}

bool IsWhiteout(int dir_fd, const std::string& name) {
  struct stat st;
  return fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISCHR(st.st_mode) && st.st_rdev == 0;
}

// An opaque upper directory over a host directory stops being opaque: each
// host entry it hid and upper does not have gets a whiteout. The same view,
// but what apply brought into the host directory shows through.
Status Unopaque(Target& t, const std::string& rel) {
  auto upper = OpenDirNoFollow(rel, t.upper.get());
  auto host = OpenDirNoFollow(rel, t.project.get());
  if (!upper || !host) return Ok();  // gone, or not a directory on one side: nothing hidden
  char value[8];
  ssize_t n = fgetxattr(upper->get(), "user.overlay.opaque", value, sizeof value);
  if (n != 1 || value[0] != 'y') return Ok();
  std::string upper_path = t.upper_path + "/" + rel;
  auto upper_names = ListDirFd(upper->get(), upper_path);
  if (!upper_names) return upper_names.error();
  auto host_names = ListDirFd(host->get(), HostPath(t, rel));
  if (!host_names) return host_names.error();
  for (const auto& name : *host_names) {
    if (std::binary_search(upper_names->begin(), upper_names->end(), name)) continue;
    if (mknodat(upper->get(), name.c_str(), S_IFCHR | 0000, makedev(0, 0)) != 0)
      return SysError("create whiteout", upper_path + "/" + name, errno);
  }
  if (fremovexattr(upper->get(), "user.overlay.opaque") != 0)
    return SysError("remove opaque attribute of", upper_path, errno);
  return Ok();
}

// Removes an applied change's entries from upper.
Status RemoveFromUpper(Target& t, const Change& c) {
  auto drop = [&](const std::string& rel, bool whiteout_only) -> Status {
    auto up = OpenParentBelow(t.upper.get(), rel, t.upper_path);
    if (!up) return Ok();  // its directory is gone already
    int fd = up->first.get();
    const std::string& name = up->second;
    if (whiteout_only && !IsWhiteout(fd, name)) return Ok();
    int rc = unlinkat(fd, name.c_str(), c.new_type == EntryType::kDirectory && !whiteout_only ? AT_REMOVEDIR : 0);
    if (rc != 0 && errno != ENOENT && errno != ENOTEMPTY && errno != EEXIST)
      return SysError("remove", t.upper_path + "/" + rel, errno);
    return Ok();
  };
  if (c.kind == ChangeKind::kDeleted) return c.hidden_by_opaque ? Ok() : drop(c.path, true);
  if (auto st = drop(c.path, false); !st) return st;
  if (c.kind == ChangeKind::kRenamed && !c.from_hidden_by_opaque) return drop(c.from, true);
  return Ok();
}

// Upper keeps only what was not applied: opaque directories above an
// applied change are made plain first (Unopaque), then the applied entries
// go, children first.
Status CleanUpper(Target& t, const std::vector<Change>& applied) {
  std::set<std::string> dirs;
  for (const auto& c : applied)
    for (const std::string* p : {&c.path, &c.from})
      for (std::string d = *p; !d.empty(); d = ParentOf(d)) dirs.insert(d);
  for (const auto& d : dirs)
    if (auto st = Unopaque(t, d); !st) return st;
  auto every = [](const Change&) { return true; };
  for (const Change* c : Pick(applied, every, true))
    if (auto st = RemoveFromUpper(t, *c); !st) return st;
  return Ok();
}

std::vector<changes::Refusal> NothingThere(const std::vector<Change>& all, const std::vector<std::string>& paths) {
  std::vector<changes::Refusal> out;
  for (const auto& p : paths) {
    bool any = false;
    for (const auto& c : all) any = any || changes::Selected(c, {p});
    if (!any) out.push_back({p.empty() ? "." : p, "the run changed nothing at or below it"});
  }
  return out;
}

// What CleanUpper takes out of upper: the applied changes and the skipped
// object deletions, whose whiteouts go even where an opaque directory
// made them (Unopaque whites out what it hid first).
std::vector<Change> WithSkipped(const std::vector<Change>& applied, const std::vector<Change>& skipped) {
  std::vector<Change> out = applied;
  for (Change c : skipped) {
    c.hidden_by_opaque = false;
    out.push_back(std::move(c));
  }
  return out;
}

Status OpenTarget(Target& t) {
  auto project = OpenDirNoFollow(t.stored.run.project);
  if (!project) return project.error();
  t.project = std::move(*project);
  t.upper.reset(open(t.upper_path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!t.upper.valid()) return SysError("open", t.upper_path, errno);
  t.root = geteuid() == 0;
  return Ok();
}

// A stacked run is applied only once what it started from is the project
// (its base applied or gone: changes::Rebase), and a run is not applied
// while a run on top of it is running: overlayfs does not allow changing a
// lower layer under a mount.
Result<std::vector<changes::Refusal>> StackRefusals(const StoredRun& stored) {
  std::vector<changes::Refusal> out;
  if (auto why = changes::PendingBaseProblem(stored.run); !why.empty()) out.push_back({"run " + stored.run.id, why});
  auto runs = ListRuns(RunsDirOf(stored.dir));
  if (!runs) return runs.error();
  for (const auto& r : *runs)
    if (r.state == RunState::kRunning && r.run.base == stored.run.id)
      out.push_back({"run " + stored.run.id, "run " + r.run.id + " is running on top of it (wait for it to end)"});
  return out;
}

// What this apply left on the project becomes the stacked runs' own
// (changes::Rebase), before the run is removed.
Status PassOnToDependents(const StoredRun& stored, bool removed) {
  StoredRun now = LoadRun(stored.dir);
  if (now.state == RunState::kBroken) return OpError("read", stored.dir + "/run.json", now.problem);
  return RebaseDependents(RunsDirOf(stored.dir), now.run, removed);
}

}  // namespace

Result<ApplyOutcome> ApplyRun(const StoredRun& stored, const std::vector<std::string>& paths,
                              const changes::RefProtection& refs) {
  ApplyOutcome out;
  if (stored.state == RunState::kBroken || stored.state == RunState::kRunning) {
    out.refusals = changes::Refusals({}, paths, stored.run, stored.state, {});
    return out;
  }
  auto stack = StackRefusals(stored);
  if (!stack) return stack.error();
  if (!stack->empty()) {
    out.refusals = std::move(*stack);
    return out;
  }
  auto all = ReadChanges(stored.dir, stored.run);
  if (!all) return all.error();
  std::vector<Change> selected, skipped;
  for (auto& c : changes::Select(*all, paths)) (changes::SkippedOnApply(c) ? skipped : selected).push_back(c);
  out.refusals = changes::Refusals(selected, paths, stored.run, stored.state, MadeGitDirs(stored.run, *all));
  auto none = NothingThere(*all, paths);
  out.refusals.insert(out.refusals.end(), none.begin(), none.end());
  changes::RefProtection protection = refs;
  protection.branches.insert(protection.branches.end(), stored.run.protected_branches.begin(),
                             stored.run.protected_branches.end());
  auto ref_refusals = RefRefusals(stored, selected, protection);
  if (!ref_refusals) return ref_refusals.error();
  out.refusals.insert(out.refusals.end(), ref_refusals->begin(), ref_refusals->end());
  if (!out.refusals.empty()) return out;
  Target t{stored, stored.dir + "/upper"};
  if (auto st = OpenTarget(t); !st) return st.error();
  UpperAccess access(t.upper_path);
  Status written = WriteAll(t, selected);
  if (auto st = RecordTouched(t); !st && written) return st.error();
  if (!written) return written.error();
  if (auto st = CleanUpper(t, WithSkipped(selected, skipped)); !st) return st.error();
  access.Restore();
  out.applied = std::move(selected);
  out.notes = std::move(t.notes);
  if (!skipped.empty())
    out.notes.push_back(std::to_string(skipped.size()) +
                        " deletion(s) in .git/objects (git gc or repack in the run) were dropped, not applied: "
                        "git gc on the host prunes what nothing references");
  auto left = ReadChanges(stored.dir, stored.run);
  if (left) out.left = left->size();
  if (auto st = PassOnToDependents(stored, left && left->empty()); !st) return st.error();
  if (left && left->empty()) {
    if (auto st = RemoveRun(stored.dir); !st) return st.error();
    out.run_removed = true;
  }
  return out;
}

}  // namespace paddock::overlay
