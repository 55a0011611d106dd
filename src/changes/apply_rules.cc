#include "changes/apply_rules.h"

#include <string_view>

#include "base/strings.h"

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

std::string UnnamedProtectedPath(const Change& change, const std::vector<std::string>& protected_paths,
                                 const std::vector<std::string>& paths) {
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
  for (const auto& q : protected_paths) {
    bool touches = AtOrBelow(change.path, q) || (change.kind == ChangeKind::kRenamed && AtOrBelow(change.from, q)) ||
                   (RemovesHostTree(change) && AtOrBelow(q, change.path));
    if (touches && !Named(q, paths)) return q;
  }
  return "";
}

std::vector<Refusal> Refusals(const std::vector<Change>& selected, const std::vector<std::string>& paths,
                              const PendingRun& run, RunState state) {
  std::vector<Refusal> out;
  if (state == RunState::kRunning)
    out.push_back({"run " + run.id, "it is still running (wait for it to end, or stop it)"});
  if (state == RunState::kBroken) out.push_back({"run " + run.id, "its run.json cannot be read"});
  for (const auto& c : selected) {
    if (!c.conflict.empty()) out.push_back({Shown(c), "conflict: " + c.conflict});
    if (auto q = UnnamedProtectedPath(c, run.protected_paths, paths); !q.empty())
      out.push_back({Shown(c), "it is at or below the protected path " + q + "; name " + q +
                                   " (or a path below it) to apply it"});
    if (c.new_type == EntryType::kSpecial) out.push_back({Shown(c), "a fifo, socket or device file is never applied"});
  }
  return out;
}

}  // namespace paddock::changes
