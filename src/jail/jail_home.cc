#include "jail/jail_home.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/strings.h"
#include "jail/make_dirs.h"
#include "jail/unique_fd.h"

namespace paddock::jail {
namespace {

const char* KindName(mode_t mode) {
  if (S_ISLNK(mode)) return "a symbolic link";
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISREG(mode)) return "a file";
  return "a special file";
}

// Renames `name` in `dir` to the first free "<name>.paddock-moved[-N]".
Result<std::string> MoveAside(int dir, const std::string& name) {
  for (int n = 1; n < 1000; ++n) {
    std::string aside = name + ".paddock-moved" + (n > 1 ? "-" + std::to_string(n) : "");
    if (renameat2(dir, name.c_str(), dir, aside.c_str(), RENAME_NOREPLACE) == 0) return aside;
    if (errno != EEXIST) return SysError("move aside", name, errno);
  }
  return OpError("move aside", name, "no free name");
}

// Walks `rel` below `home` without following symlinks; the first entry that
// is not what the mount needs (a directory on the way, the right kind at the
// end) is moved aside. Missing entries are left for the child to create.
Status Repair(int home, const std::string& home_path, const std::string& rel, bool want_dir, const std::string& why,
              std::vector<std::string>& notes) {
  auto parts = Split(rel, '/');
  UniqueFd cur(fcntl(home, F_DUPFD_CLOEXEC, 3));
  std::string at = home_path;
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string& name = parts[i];
    if (name.empty()) continue;
    bool last = i + 1 == parts.size();
    struct stat st;
    if (fstatat(cur.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
      if (errno == ENOENT) return Ok();
      return SysError("inspect", at + "/" + name, errno);
    }
    bool fits = S_ISDIR(st.st_mode) ? (!last || want_dir) : (last && !want_dir && S_ISREG(st.st_mode));
    if (!fits) {
      auto aside = MoveAside(cur.get(), name);
      if (!aside) return aside.error();
      notes.push_back("jail home: " + at + "/" + name + " was " + KindName(st.st_mode) + " where paddock mounts " +
                      why + " (left by an earlier run); moved it to " + at + "/" + *aside);
      return Ok();
    }
    if (last) return Ok();
    UniqueFd next(openat(cur.get(), name.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!next.valid()) return SysError("open", at + "/" + name, errno);
    cur = std::move(next);
    at += "/" + name;
  }
  return Ok();
}

}  // namespace

Status PrepareJailHome(const plan::LaunchPlan& plan, std::vector<std::string>& notes, bool& created) {
  // mkdir of the home itself tells a first run apart, race-free: of two
  // first runs only one creates it.
  auto slash = plan.jail_home_host.rfind('/');
  if (slash != std::string::npos && slash > 0) {
    if (auto st = MakeDirs(plan.jail_home_host.substr(0, slash), 0700); !st) return st;
  }
  created = mkdir(plan.jail_home_host.c_str(), 0700) == 0;
  if (!created && errno != EEXIST) return SysError("create directory", plan.jail_home_host, errno);
  UniqueFd home(open(plan.jail_home_host.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!home.valid()) return SysError("open", plan.jail_home_host, errno);
  const std::string& target = plan.jail_home_target;
  for (const auto& op : plan.mounts) {
    if (op.type != plan::MountType::kBind || !PathIsWithin(op.target, target) || op.target == target) continue;
    // Only mount points that live in the jail home itself, not below another
    // mount (the project's protected paths are inside the project).
    bool nested = false;
    for (const auto& other : plan.mounts) {
      if (other.type == plan::MountType::kBind && other.target != target && other.target != op.target &&
          PathIsWithin(other.target, target) && PathIsWithin(op.target, other.target))
        nested = true;
    }
    if (nested) continue;
    std::string rel = op.target.substr(target == "/" ? 1 : target.size() + 1);
    std::string why = op.why.empty() ? op.target : op.why + " at " + op.target;
    if (auto st = Repair(home.get(), plan.jail_home_host, rel, op.source_is_dir, why, notes); !st) return st;
  }
  return Ok();
}

std::string FirstRunNotice(const plan::LaunchPlan& plan) {
  return "new jail home for this project: " + plan.jail_home_host + " (seen inside as " + plan.jail_home_target +
         "); your real home is hidden from the jail, share parts of it with --share PATH (read-only) or --share-rw "
         "PATH";
}

}  // namespace paddock::jail
