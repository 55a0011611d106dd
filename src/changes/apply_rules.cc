#include "changes/apply_rules.h"

#include <map>
#include <set>
#include <string_view>

#include "base/strings.h"
#include "git/dir_shape.h"
#include "review/agent_configs.h"

namespace paddock::changes {
namespace {

bool CreatesDirectory(const Change& c) {
  return c.new_type == EntryType::kDirectory && (c.kind == ChangeKind::kAdded || c.kind == ChangeKind::kTypeChanged);
}

// ".git" with its letters in any case: on a case-insensitive filesystem
// ".GIT" is the same entry.
bool IsDotGit(std::string_view name) {
  return name.size() == 4 && name[0] == '.' && (name[1] | 0x20) == 'g' && (name[2] | 0x20) == 'i' &&
         (name[3] | 0x20) == 't';
}

// A PATHS argument names protected path `q`: `q` itself or a path below it
// (a parent, or everything, does not count).
bool Named(const std::string& q, const std::vector<std::string>& paths) {
  for (const auto& p : paths)
    if (AtOrBelow(p, q)) return true;
  return false;
}

bool RemovesHostTree(const Change& c) {
  return c.old_type == EntryType::kDirectory && (c.kind == ChangeKind::kDeleted || c.kind == ChangeKind::kTypeChanged);
}

std::string Shown(const Change& c) {
  std::string path = c.path + (c.directory ? "/" : "");
  return c.kind == ChangeKind::kRenamed ? c.from + " -> " + path : path;
}

}  // namespace

Result<std::string> ProjectRelative(const std::string& arg, const std::string& project) {
  if (arg.empty()) return OpError("apply", "\"\"", "an empty path");
  std::string path = arg;
  if (path[0] == '/') {
    path = NormalizePath(path);
    if (!PathIsWithin(path, project)) return OpError("apply", arg, "it is outside the project " + project);
    path = path.size() == project.size() ? "" : path.substr(project.size() + (project == "/" ? 0 : 1));
  }
  std::vector<std::string> parts;
  for (const auto& part : Split(path, '/')) {
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (parts.empty()) return OpError("apply", arg, "it is outside the project " + project);
      parts.pop_back();
      continue;
    }
    parts.push_back(part);
  }
  return Join(parts, "/");
}

bool Selected(const Change& change, const std::vector<std::string>& paths) {
  if (paths.empty()) return true;
  for (const auto& p : paths) {
    if (AtOrBelow(change.path, p)) return true;
    if (change.kind == ChangeKind::kRenamed && AtOrBelow(change.from, p)) return true;
  }
  return false;
}

std::vector<Change> Select(const std::vector<Change>& all, const std::vector<std::string>& paths) {
  std::vector<bool> chosen(all.size(), false);
  for (size_t i = 0; i < all.size(); ++i) chosen[i] = Selected(all[i], paths);
  for (size_t i = 0; i < all.size(); ++i) {
    if (!chosen[i]) continue;
    for (size_t j = 0; j < all.size(); ++j)
      if (!chosen[j] && CreatesDirectory(all[j]) && all[j].path != all[i].path && AtOrBelow(all[i].path, all[j].path))
        chosen[j] = true;
  }
  std::vector<Change> out;
  for (size_t i = 0; i < all.size(); ++i)
    if (chosen[i]) out.push_back(all[i]);
  return out;
}

bool ChangedSinceStart(const PendingRun& run, const std::string& path, int64_t ctime_ns) {
  if (ctime_ns < run.started_ns) return false;
  auto it = run.applied_ctime_ns.find(path);
  return it == run.applied_ctime_ns.end() || it->second != ctime_ns;
}

void FindConflicts(std::vector<Change>& changes, int64_t started_ns) {
  for (auto& c : changes) {
    if (!c.conflict.empty()) continue;
    bool changed = c.old_type != EntryType::kMissing && c.host_ctime_ns >= started_ns && c.host_ctime_ns > 0;
    bool from_changed = c.kind == ChangeKind::kRenamed && c.from_host_ctime_ns >= started_ns;
    bool deleted =
        c.kind == ChangeKind::kAdded && c.origin && c.host_parent_ctime_ns >= started_ns && c.host_parent_ctime_ns > 0;
    if (changed || from_changed)
      c.conflict = std::string(from_changed ? c.from : c.path) + " was changed on the host since the run started";
    else if (deleted) c.conflict = "the run changed it, and the host has deleted or moved it since the run started";
  }
}

std::string NestedGitDir(const std::string& path) {
  for (size_t start = 0; start < path.size();) {
    size_t slash = path.find('/', start);
    size_t end = slash == std::string::npos ? path.size() : slash;
    if (start > 0 && IsDotGit(std::string_view(path).substr(start, end - start))) return path.substr(0, end);
    start = end + 1;
  }
  return "";
}

namespace {

// The names git reads in a git dir: a change to one at the top of the
// project made into a git dir is refused (the rest of the project is not).
bool GitDirEntry(std::string_view name) {
  for (const char* n : {"HEAD", "objects", "refs", "commondir", "config", "hooks", "info", "packed-refs"})
    if (name == n) return true;
  return false;
}

// Is `path` inside a .git (the project's own or a nested one)?
bool InsideDotGit(const std::string& path) {
  for (const auto& part : Split(path, '/'))
    if (IsDotGit(part)) return true;
  return false;
}

std::string Parent(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash);
}

std::string Child(const std::string& dir, const std::string& name) { return dir.empty() ? name : dir + "/" + name; }

// What the project holds at a path after apply: the run's entry where it
// has one, nothing below a directory it deletes or replaces, else the host's.
class AfterApply {
 public:
  AfterApply(const std::vector<Change>& all, const std::function<bool(const std::string&)>& on_host)
      : on_host_(on_host) {
    for (const auto& c : all) {
      if (c.kind == ChangeKind::kRenamed) gone_.insert(c.from);
      if (c.kind == ChangeKind::kDeleted) gone_.insert(c.path);
      else if (c.new_type != EntryType::kMissing && c.new_type != EntryType::kWhiteout) made_[c.path] = c.new_type;
    }
  }
  bool Exists(const std::string& path) const {
    if (made_.count(path)) return true;
    if (gone_.count(path)) return false;
    for (std::string dir = Parent(path); !dir.empty(); dir = Parent(dir)) {
      if (gone_.count(dir)) return false;
      auto it = made_.find(dir);
      if (it != made_.end() && it->second != EntryType::kDirectory) return false;
    }
    return on_host_(path);
  }
  uint32_t Names(const std::string& dir, bool after) const {
    uint32_t names = 0;
    for (const char* n : {"HEAD", "objects", "refs", "commondir", "config"})
      if (after ? Exists(Child(dir, n)) : on_host_(Child(dir, n))) names |= git::GitDirNameBit(n);
    return names;
  }

 private:
  const std::function<bool(const std::string&)>& on_host_;
  std::map<std::string, EntryType> made_;
  std::set<std::string> gone_;
};

// The agent or editor config (review/agent_configs.h) that `path` is or is
// below, "" for none or below a dependency tree: a host tool started or
// opened in its directory runs what it names.
std::string AgentConfigOf(const std::string& path) {
  for (size_t from = 0; from < path.size();) {
    size_t slash = path.find('/', from);
    std::string_view name = std::string_view(path).substr(from, slash == std::string::npos ? slash : slash - from);
    if (review::AgentConfigsIgnoredBelow(name)) return "";
    if (review::AgentConfigBit(name) != 0) return path.substr(0, slash);
    if (slash == std::string::npos) break;
    from = slash + 1;
  }
  return "";
}

std::string ProtectedWhy(const std::string& q, const std::vector<std::string>& made_git_dirs) {
  std::string name = "; name " + q + " (or a path below it) to apply it";
  size_t slash = q.rfind('/');
  std::string_view base = std::string_view(q).substr(slash == std::string::npos ? 0 : slash + 1);
  if (AgentConfigOf(q) == q) {
    std::string where = slash == std::string::npos ? "the project" : q.substr(0, slash + 1);
    return "agent or editor config: " + review::AgentConfigEffect(base, where) + name;
  }
  for (const auto& dir : made_git_dirs) {
    if (dir == q || (dir.empty() && q.find('/') == std::string::npos && GitDirEntry(q)))
      return "the run made " + (dir.empty() ? std::string("the project itself") : dir) +
             " look like a git dir (HEAD, objects, refs): git run inside it would use it as a bare repository, "
             "with the config and hooks the run wrote" +
             name;
  }
  return "it is at or below the protected path " + q + name;
}

}  // namespace

std::vector<std::string> MadeGitDirs(const std::vector<Change>& all,
                                     const std::function<bool(const std::string&)>& on_host) {
  AfterApply after(all, on_host);
  std::set<std::string> candidates;
  for (const auto& c : all) {
    std::string_view name = std::string_view(c.path).substr(c.path.rfind('/') + 1);
    if (git::GitDirNameBit(name) != 0 && !InsideDotGit(c.path) && after.Exists(c.path))
      candidates.insert(Parent(c.path));
  }
  std::vector<std::string> out;
  for (const auto& dir : candidates) {
    uint32_t now = after.Names(dir, true), was = after.Names(dir, false);
    if (!git::LooksLikeGitDir(now) || after.Exists(Child(dir, ".git"))) continue;
    if (!git::LooksLikeGitDir(was) || (now & ~was & (git::kCommondir | git::kConfig)) != 0) out.push_back(dir);
  }
  return out;
}

std::string UnnamedProtectedPath(const Change& change, const std::vector<std::string>& protected_paths,
                                 const std::vector<std::string>& paths, const std::vector<std::string>& made_git_dirs) {
  // A nested repository's git dir (or a .git file pointing at one) the run
  // made: its config and hooks would run on the host (core.fsmonitor, a
  // post-checkout hook) when the user's git, or a shell prompt, is there.
  // One present at the start has its own entries in `protected_paths`
  // (hooks, config, ...): commits in it apply as in the project's own.
  for (const auto* p : {&change.path, &change.from}) {
    std::string dir = NestedGitDir(*p);
    bool known = false;
    for (const auto& q : protected_paths) known = known || AtOrBelow(q, dir);
    if (!dir.empty() && !known && !Named(dir, paths)) return dir;
  }
  // A directory the run made into a git dir: its config and hooks would run
  // when the user's git is there (a bare repository to git).
  for (const auto& dir : made_git_dirs) {
    for (const auto* p : {&change.path, &change.from}) {
      if (p->empty()) continue;
      if (dir.empty()) {
        std::string top = p->substr(0, p->find('/'));
        if (GitDirEntry(top) && !Named(top, paths)) return top;
      } else if (AtOrBelow(*p, dir) && !Named(dir, paths)) {
        return dir;
      }
    }
  }
  for (const auto& q : protected_paths) {
    bool touches = AtOrBelow(change.path, q) || (change.kind == ChangeKind::kRenamed && AtOrBelow(change.from, q)) ||
                   (RemovesHostTree(change) && AtOrBelow(q, change.path));
    if (touches && !Named(q, paths)) return q;
  }
  // Agent and editor config the run made or changed anywhere in the tree
  // (the run's review does not see an overlay's layer): applied when named.
  for (const auto* p : {&change.path, &change.from}) {
    std::string config = AgentConfigOf(*p);
    if (!config.empty() && !Named(config, paths)) return config;
  }
  return "";
}

std::vector<Refusal> Refusals(const std::vector<Change>& selected, const std::vector<std::string>& paths,
                              const PendingRun& run, RunState state, const std::vector<std::string>& made_git_dirs) {
  std::vector<Refusal> out;
  if (state == RunState::kRunning)
    out.push_back({"run " + run.id, "it is still running (wait for it to end, or stop it)"});
  if (state == RunState::kBroken) out.push_back({"run " + run.id, "its run.json cannot be read"});
  for (const auto& c : selected) {
    if (!c.conflict.empty()) out.push_back({Shown(c), "conflict: " + c.conflict});
    if (auto q = UnnamedProtectedPath(c, run.protected_paths, paths, made_git_dirs); !q.empty())
      out.push_back({Shown(c), ProtectedWhy(q, made_git_dirs)});
    if (c.new_type == EntryType::kSpecial) out.push_back({Shown(c), "a fifo, socket or device file is never applied"});
  }
  return out;
}

}  // namespace paddock::changes
