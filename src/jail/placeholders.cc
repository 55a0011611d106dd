#include "jail/placeholders.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <set>

#include "base/strings.h"
#include "jail/make_dirs.h"
#include "jail/placeholder_pool.h"
#include "jail/read_file.h"

namespace paddock::jail {
namespace {

// Record line: "d <path>" or "f <hex content> <path>".
std::string Hex(const std::string& s) { return s.empty() ? "-" : HexEncode(s); }

std::string Unhex(const std::string& h) {
  std::string out;
  if (h == "-") return out;
  for (size_t i = 0; i + 1 < h.size(); i += 2) out += static_cast<char>(std::stoi(h.substr(i, 2), nullptr, 16));
  return out;
}

// Whether `path` is still exactly the placeholder: an empty directory, or
// a file with exactly its content.
bool Untouched(const plan::Placeholder& p) {
  struct stat st;
  if (lstat(p.path.c_str(), &st) != 0) return false;
  if (p.directory) return S_ISDIR(st.st_mode) && ListDir(p.path).empty();
  if (!S_ISREG(st.st_mode) || static_cast<size_t>(st.st_size) != p.content.size()) return false;
  auto text = ReadSmallFile(p.path, p.content.size(), {.follow_links = false, .regular_only = true});
  return text && *text == p.content;
}

// Removes `path` if it is still exactly the placeholder. A directory goes
// back to the pool, which checks it is still an empty directory itself (and
// puts back what is not), or is removed (rmdir fails on anything else).
void RemoveIfUntouched(const plan::Placeholder& p, PlaceholderPool& pool) {
  if (p.directory) {
    if (!pool.Give(p.path)) rmdir(p.path.c_str());
  } else if (Untouched(p)) {
    unlink(p.path.c_str());
  }
}

std::string PoolDir(const std::string& placeholder_dir) { return placeholder_dir + "/pool"; }

std::vector<plan::Placeholder> ReadList(const std::string& list_path) {
  std::vector<plan::Placeholder> out;
  constexpr size_t kMaxListBytes = 16u << 20;
  auto text = ReadSmallFile(list_path, kMaxListBytes, {.follow_links = false, .regular_only = true});
  if (!text) return out;
  for (const auto& line : Split(*text, '\n')) {
    if (line.size() > 2 && line[0] == 'd') {
      out.push_back({line.substr(2), true, ""});
    } else if (line.size() > 2 && line[0] == 'f') {
      auto sp = line.find(' ', 2);
      if (sp == std::string::npos) continue;
      out.push_back({line.substr(sp + 1), false, Unhex(line.substr(2, sp - 2))});
    }
  }
  return out;
}

std::string RecordBase(const std::string& dir, const std::string& project) {
  char name[32];
  snprintf(name, sizeof name, "%016llx", static_cast<unsigned long long>(StableHash(project)));
  return dir + "/" + name;
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
  std::set<std::string> stale;
  for (auto it = list.rbegin(); it != list.rend(); ++it) {
    const plan::Placeholder& p = *it;
    bool untouched = Untouched(p);
    if (!untouched && p.directory) {
      struct stat st;
      auto names = ListDir(p.path);
      untouched = lstat(p.path.c_str(), &st) == 0 && S_ISDIR(st.st_mode) &&
                  std::all_of(names.begin(), names.end(),
                              [&](const std::string& n) { return stale.count(p.path + "/" + n) > 0; });
    }
    if (untouched && stale.insert(p.path).second) out.push_back(p.path);
  }
  return out;
}

void Placeholders::RemoveStale(const std::string& placeholder_dir, const std::string& project) {
  std::string base = RecordBase(placeholder_dir, project);
  UniqueFd lock(open((base + ".lock").c_str(), O_RDWR | O_CLOEXEC));
  if (!lock.valid() || flock(lock.get(), LOCK_EX | LOCK_NB) != 0) return;
  auto list = ReadList(base + ".list");
  PlaceholderPool pool(PoolDir(placeholder_dir));
  for (auto it = list.rbegin(); it != list.rend(); ++it) RemoveIfUntouched(*it, pool);
  unlink((base + ".list").c_str());
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
  std::string lock_path = base + ".lock";
  ph.lock_.reset(open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
  if (!ph.lock_.valid()) return SysError("open", lock_path, errno);
  if (flock(ph.lock_.get(), LOCK_SH) != 0) return SysError("lock", lock_path, errno);
  if (plan.placeholders.empty()) return ph;

  // Record first, create second: a crash in between leaves nothing unknown.
  {
    std::ofstream out(ph.list_path_, std::ios::app);
    for (const auto& p : plan.placeholders) {
      if (p.keep) continue;  // never removed: not recorded
      if (p.directory) out << "d " << p.path << "\n";
      else out << "f " << Hex(p.content) << " " << p.path << "\n";
    }
    if (!out) return SysError("write", ph.list_path_, errno);
  }
  PlaceholderPool pool(PoolDir(dir));
  for (const auto& p : plan.placeholders) {
    int rc;
    if (p.directory) {
      rc = pool.Take(p.path) ? 0 : mkdir(p.path.c_str(), 0755);
    } else {
      // O_EXCL|O_NOFOLLOW: never write through something that appeared meanwhile.
      int fd = open(p.path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
      rc = fd < 0 ? -1 : 0;
      if (fd >= 0) {
        if (!p.content.empty() &&
            write(fd, p.content.data(), p.content.size()) != static_cast<ssize_t>(p.content.size()))
          rc = -1;
        close(fd);
      }
    }
    if (rc != 0 && errno != EEXIST) return SysError("create placeholder for protected path", p.path, errno);
    // Root started paddock: the placeholder belongs to the user who owns the project.
    if (rc == 0 && plan.use_idmapped_mounts) {
      if (lchown(p.path.c_str(), plan.invoker_uid, plan.invoker_gid) != 0) {
        return SysError("chown placeholder", p.path, errno);
      }
    }
  }
  return ph;
}

void Placeholders::CleanUp() {
  if (!lock_.valid() || list_path_.empty()) return;
  if (flock(lock_.get(), LOCK_EX | LOCK_NB) != 0) return;  // another run still uses them
  // Deepest first: a placeholder directory may hold another.
  auto list = ReadList(list_path_);
  PlaceholderPool pool(PoolDir(list_path_.substr(0, list_path_.rfind('/'))));
  for (auto it = list.rbegin(); it != list.rend(); ++it) RemoveIfUntouched(*it, pool);
  unlink(list_path_.c_str());
}

Placeholders::~Placeholders() { CleanUp(); }

}  // namespace paddock::jail
