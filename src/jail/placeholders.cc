#include "jail/placeholders.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <optional>
#include <set>
#include <string_view>

#include "base/strings.h"
#include "jail/dir_entries.h"
#include "jail/make_dirs.h"
#include "jail/mount_point.h"
#include "jail/placeholder_pool.h"
#include "jail/read_file.h"
#include "plan/writable_roots.h"

namespace paddock::jail {
namespace {

// Record line: "D <hex path>" or "F <hex content> <hex path>" (hex: a path
// may hold a newline). Lines of older versions ("d PATH", "f HEX PATH") are
// still read.
std::string Hex(const std::string& s) { return s.empty() ? "-" : HexEncode(s); }

// nullopt: not hex (a damaged record line is skipped, never fatal).
std::optional<std::string> Unhex(std::string_view h) {
  std::string out;
  if (h == "-") return out;
  if (h.size() % 2 != 0) return std::nullopt;
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < h.size(); i += 2) {
    int hi = digit(h[i]), lo = digit(h[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

// A placeholder's parent directory and name. Below a directory the jail
// can write, the parent is opened without following a symlink
// (plan/writable_roots.h): the agent may swap a directory on the way for a
// symlink while this process works there, which once let a placeholder
// land in another repository. Elsewhere it is opened by path.
struct Spot {
  UniqueFd dir;
  std::string name;
};

std::optional<Spot> OpenSpot(const std::vector<std::string>& roots, const std::string& path) {
  size_t slash = path.rfind('/');
  if (path.empty() || path[0] != '/' || slash == std::string::npos || slash + 1 == path.size()) return std::nullopt;
  Spot spot{UniqueFd(), path.substr(slash + 1)};
  std::string parent = slash == 0 ? "/" : path.substr(0, slash);
  std::string root = plan::RootAbove(roots, path);
  if (root.empty()) {
    spot.dir.reset(open(parent.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  } else {
    UniqueFd root_fd(open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!root_fd.valid()) return std::nullopt;
    if (parent == root) spot.dir = std::move(root_fd);
    else spot.dir.reset(OpenBelow(root_fd.get(), parent.c_str() + root.size() + 1, true, false));
  }
  if (!spot.dir.valid()) return std::nullopt;
  return spot;
}

bool IsEmptyDirAt(int dir, const char* name) {
  UniqueFd fd(openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd.valid()) return false;
  bool empty = true;
  ForEachName(fd.get(), [&](const char*, unsigned char) { empty = false; });
  return empty;
}

// Whether it is still exactly the placeholder: an empty directory, or a
// file with exactly its content.
bool Untouched(const Spot& at, const plan::Placeholder& p) {
  struct stat st;
  if (fstatat(at.dir.get(), at.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return false;
  if (p.directory) return S_ISDIR(st.st_mode) && IsEmptyDirAt(at.dir.get(), at.name.c_str());
  if (!S_ISREG(st.st_mode) || static_cast<size_t>(st.st_size) != p.content.size()) return false;
  UniqueFd fd(openat(at.dir.get(), at.name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
  if (!fd.valid()) return false;
  std::string text(p.content.size() + 1, '\0');
  ssize_t n = read(fd.get(), text.data(), text.size());
  return n == static_cast<ssize_t>(p.content.size()) && text.compare(0, p.content.size(), p.content) == 0;
}

// Removes it if it is still exactly the placeholder. A directory goes back
// to the pool, which checks it is still an empty directory itself (and
// puts back what is not), or is removed (rmdir fails on anything else).
// False when its directory cannot be reached without following a symlink
// (the agent swapped one in): kept on record for a later run.
bool RemoveIfUntouched(const std::vector<std::string>& roots, const plan::Placeholder& p, PlaceholderPool& pool) {
  auto at = OpenSpot(roots, p.path);
  if (!at) return errno == ENOENT;
  if (p.directory) {
    if (!pool.Give(at->dir.get(), at->name.c_str())) unlinkat(at->dir.get(), at->name.c_str(), AT_REMOVEDIR);
  } else if (Untouched(*at, p)) {
    unlinkat(at->dir.get(), at->name.c_str(), 0);
  }
  return true;
}

void WriteRecord(std::ostream& out, const plan::Placeholder& p) {
  if (p.directory) out << "D " << Hex(p.path) << "\n";
  else out << "F " << Hex(p.content) << " " << Hex(p.path) << "\n";
}

std::string PoolDir(const std::string& placeholder_dir) { return placeholder_dir + "/pool"; }

std::vector<plan::Placeholder> ReadList(const std::string& list_path) {
  std::vector<plan::Placeholder> out;
  constexpr size_t kMaxListBytes = 16u << 20;
  auto text = ReadSmallFile(list_path, kMaxListBytes, {.follow_links = false, .regular_only = true});
  if (!text) return out;
  for (const auto& line : Split(*text, '\n')) {
    if (line.size() < 3 || line[1] != ' ') continue;
    std::string_view rest = std::string_view(line).substr(2);
    size_t sp = rest.find(' ');
    std::optional<std::string> path, content = std::string();
    switch (line[0]) {
      case 'D': path = Unhex(rest); break;
      case 'd': path = std::string(rest); break;
      case 'F':
        if (sp == std::string_view::npos) continue;
        content = Unhex(rest.substr(0, sp));
        path = Unhex(rest.substr(sp + 1));
        break;
      case 'f':
        if (sp == std::string_view::npos) continue;
        content = Unhex(rest.substr(0, sp));
        path = std::string(rest.substr(sp + 1));
        break;
      default: continue;
    }
    // Only absolute paths: a record is data the jail never wrote, but it is
    // read back as a list of what to remove.
    if (!path || !content || path->empty() || (*path)[0] != '/') continue;
    out.push_back({std::move(*path), line[0] == 'D' || line[0] == 'd', std::move(*content)});
  }
  return out;
}

// Removes what `list` names, deepest first (a placeholder directory may
// hold another); the record keeps only what could not be reached.
void RemoveListed(const std::string& list_path, const std::vector<std::string>& roots, PlaceholderPool& pool) {
  auto list = ReadList(list_path);
  std::vector<plan::Placeholder> kept;
  for (auto it = list.rbegin(); it != list.rend(); ++it)
    if (!RemoveIfUntouched(roots, *it, pool)) kept.insert(kept.begin(), *it);
  if (kept.empty()) {
    unlink(list_path.c_str());
    return;
  }
  std::ofstream out(list_path, std::ios::trunc);
  for (const auto& p : kept) WriteRecord(out, p);
}

std::string RecordBase(const std::string& dir, const std::string& project) {
  char name[32];
  snprintf(name, sizeof name, "%016llx", static_cast<unsigned long long>(StableHash(project)));
  return dir + "/" + name;
}

// Makes one placeholder at `at`; false with errno set.
bool MakePlaceholder(const Spot& at, const plan::Placeholder& p, PlaceholderPool& pool) {
  if (p.directory) return pool.Take(at.dir.get(), at.name.c_str()) || mkdirat(at.dir.get(), at.name.c_str(), 0755) == 0;
  // O_EXCL|O_NOFOLLOW: never write through something that appeared meanwhile.
  UniqueFd fd(openat(at.dir.get(), at.name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644));
  if (!fd.valid()) return false;
  if (p.content.empty()) return true;
  if (write(fd.get(), p.content.data(), p.content.size()) == static_cast<ssize_t>(p.content.size())) return true;
  if (errno == 0) errno = EIO;
  return false;
}

}  // namespace

std::vector<std::string> Placeholders::FindStale(const std::string& placeholder_dir, const std::string& project) {
  std::vector<std::string> out;
  std::string base = RecordBase(placeholder_dir, project);
  // The lock is only tried (and dropped when this returns): a run holding it
  // shared still uses its placeholders.
  UniqueFd lock(open((base + ".lock").c_str(), O_RDONLY | O_CLOEXEC));
  if (!lock.valid() || flock(lock.get(), LOCK_EX | LOCK_NB) != 0) return out;
  // Deepest first, as RemoveStale removes them: a placeholder directory
  // holding only stale placeholders is stale too.
  auto list = ReadList(base + ".list");
  const std::vector<std::string> roots = {project};
  std::set<std::string> stale;
  for (auto it = list.rbegin(); it != list.rend(); ++it) {
    const plan::Placeholder& p = *it;
    auto at = OpenSpot(roots, p.path);
    if (!at) continue;
    bool untouched = Untouched(*at, p);
    if (!untouched && p.directory) {
      UniqueFd dir(openat(at->dir.get(), at->name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
      untouched = dir.valid();
      if (dir.valid())
        ForEachName(dir.get(),
                    [&](const char* n, unsigned char) { untouched = untouched && stale.count(p.path + "/" + n); });
    }
    if (untouched && stale.insert(p.path).second) out.push_back(p.path);
  }
  return out;
}

void Placeholders::RemoveStale(const std::string& placeholder_dir, const std::string& project,
                               const std::vector<std::string>& roots) {
  std::string base = RecordBase(placeholder_dir, project);
  UniqueFd lock(open((base + ".lock").c_str(), O_RDWR | O_CLOEXEC));
  if (!lock.valid() || flock(lock.get(), LOCK_EX | LOCK_NB) != 0) return;
  PlaceholderPool pool(PoolDir(placeholder_dir));
  RemoveListed(base + ".list", roots, pool);
}

Result<Placeholders> Placeholders::Create(const plan::LaunchPlan& plan) {
  Placeholders ph;
  if (plan.placeholder_dir.empty()) {
    if (plan.placeholders.empty()) return ph;
    return OpError("create", "placeholders for protected paths", "no state directory to record them");
  }
  const std::string& dir = plan.placeholder_dir;
  if (auto st = MakeDirs(dir, 0700); !st) return st.error();
  std::string base = RecordBase(dir, plan.cwd);
  ph.list_path_ = base + ".list";
  ph.roots_ = plan::WritableRoots(plan);
  std::string lock_path = base + ".lock";
  ph.lock_.reset(open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
  if (!ph.lock_.valid()) return SysError("open", lock_path, errno);
  if (flock(ph.lock_.get(), LOCK_SH) != 0) return SysError("lock", lock_path, errno);
  if (plan.placeholders.empty()) return ph;

  // Record first, create second: a crash in between leaves nothing unknown.
  {
    std::ofstream out(ph.list_path_, std::ios::app);
    for (const auto& p : plan.placeholders)
      if (!p.keep) WriteRecord(out, p);  // one kept is never removed: not recorded
    if (!out) return SysError("write", ph.list_path_, errno);
  }
  PlaceholderPool pool(PoolDir(dir));
  for (const auto& p : plan.placeholders) {
    auto at = OpenSpot(ph.roots_, p.path);
    if (!at) return SysError("open the directory of placeholder", p.path, errno);
    bool made = MakePlaceholder(*at, p, pool);
    if (!made && errno != EEXIST) return SysError("create placeholder for protected path", p.path, errno);
    // Root started paddock: the placeholder belongs to the user who owns the project.
    if (made && plan.use_idmapped_mounts &&
        fchownat(at->dir.get(), at->name.c_str(), plan.invoker_uid, plan.invoker_gid, AT_SYMLINK_NOFOLLOW) != 0)
      return SysError("chown placeholder", p.path, errno);
  }
  return ph;
}

void Placeholders::CleanUp() {
  if (!lock_.valid() || list_path_.empty()) return;
  if (flock(lock_.get(), LOCK_EX | LOCK_NB) != 0) return;  // another run still uses them
  PlaceholderPool pool(PoolDir(list_path_.substr(0, list_path_.rfind('/'))));
  RemoveListed(list_path_, roots_, pool);
}

Placeholders::~Placeholders() { CleanUp(); }

}  // namespace paddock::jail
