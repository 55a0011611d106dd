#include "review/review.h"

#include <algorithm>

#include "base/strings.h"
#include "git/config.h"
#include "git/config_commands.h"
#include "git/dir_shape.h"
#include "review/agent_configs.h"

namespace paddock::review {
namespace {

std::string Rel(const std::string& path, const std::string& project) {
  if (PathIsWithin(path, project) && path.size() > project.size()) return path.substr(project.size() + 1);
  return path;
}

std::string Dirname(const std::string& p) {
  auto slash = p.find_last_of('/');
  return slash == 0 || slash == std::string::npos ? "/" : p.substr(0, slash);
}

std::string DescribeRepo(const RepoTraits& t) {
  if (t.symlink) return ".git is a symbolic link to " + t.pointer + ": host git follows it";
  std::vector<std::string> runs;
  for (const auto& h : t.hooks) runs.push_back("hook " + h);
  for (const auto& c : t.commands) runs.push_back(c);
  std::string what = runs.empty() ? "no hooks or commands in its config yet" : "host git will run: " + Join(runs, ", ");
  if (!t.pointer.empty()) what = "git dir " + t.pointer + "; " + what;
  return what;
}

}  // namespace

RepoTraits AnalyzeRepo(const std::string& config_text, const std::vector<std::string>& hook_names) {
  RepoTraits t;
  for (const auto& name : hook_names) {
    if (name.size() > 7 && name.compare(name.size() - 7, 7, ".sample") == 0) continue;
    t.hooks.push_back(name);
  }
  for (const auto& e : git::ParseConfig(config_text).entries) {
    if (git::UseOf(e) != git::ValueUse::kNone) t.commands.push_back(e.Key());
  }
  std::sort(t.commands.begin(), t.commands.end());
  t.commands.erase(std::unique(t.commands.begin(), t.commands.end()), t.commands.end());
  return t;
}

std::set<std::string> TodoExecLines(const std::string& todo_text) {
  std::set<std::string> out;
  for (std::string line : Split(todo_text, '\n')) {
    line.erase(0, line.find_first_not_of(" \t"));
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (StartsWith(line, "exec ") || StartsWith(line, "x ")) out.insert(line);
  }
  return out;
}

bool BareRepoChanged(const Snapshot& before, const std::string& dir, uint32_t names) {
  auto was = before.bare_git_dirs.find(dir);
  constexpr uint32_t kDecides = git::kCommondir | git::kConfig;
  return was == before.bare_git_dirs.end() || (names & kDecides & ~was->second) != 0;
}

namespace {

// Directories made writable for others, and those nested too deeply to look into.
void DirectoryFindings(const Snapshot& before, const Snapshot& after, const std::string& project,
                       std::vector<Finding>& out) {
  for (const auto& [path, mode] : after.modes) {
    auto was = before.modes.find(path);
    constexpr uint32_t kOthersWrite = 022;  // S_IWGRP | S_IWOTH
    uint32_t gained = mode & kOthersWrite & ~(was == before.modes.end() ? kOthersWrite : was->second);
    if (gained == 0) continue;
    std::string rel = path == project ? "the project" : Rel(path, project) + "/";
    out.push_back({"made-writable", path,
                   rel + " was made writable by " + ((gained & 002) ? "every user" : "its group") +
                       ": another local user could plant hooks or config there for the host's git; undo it with "
                       "chmod go-w " +
                       path,
                   true});
  }
  for (const auto& dir : after.too_deep) {
    if (before.too_deep.count(dir)) continue;
    out.push_back({"too-deep", dir,
                   "directories below " + Rel(dir, project) +
                       "/ are nested too deeply to be checked for git repositories: one there runs its config and "
                       "hooks when git runs in it, or in the project if the index names it as a submodule",
                   true});
  }
}

// Agent and editor config the run created or changed, below the root or
// at the root where it is not protected: the host tool runs what it names
// when the user works in that directory. Removed ones run nothing.
void AgentConfigFindings(const Snapshot& before, const Snapshot& after, const std::string& project,
                         std::vector<Finding>& out) {
  for (const auto& [path, print] : after.agent_configs) {
    if (print == "absent") continue;  // gone again since the walk
    auto was = before.agent_configs.find(path);
    bool created = was == before.agent_configs.end() || was->second == "absent";
    if (!created && (was->second.empty() || print.empty() || was->second == print)) continue;
    std::string dir = Dirname(path);
    std::string where = dir == project ? "the project" : Rel(dir, project) + "/";
    std::string effect = AgentConfigEffect(path.substr(path.find_last_of('/') + 1), where);
    out.push_back({"agent-config", path,
                   Rel(path, project) + (created ? " was created" : " was changed") + " (" + effect +
                       "): check it before you work in " + where,
                   true});
  }
  if (after.agent_configs_unchecked > 0) {
    out.push_back({"agent-config-unchecked", project,
                   std::to_string(after.agent_configs_unchecked) +
                       " agent or editor config entries below the project were not checked for changes (at most " +
                       std::to_string(kMaxAgentConfigsChecked) +
                       " are; new ones are reported): check them before you work in their directories",
                   false});
  }
}

// What the run left in git dirs that host git acts on later: symbolic links
// it writes through, exec lines of an unfinished rebase.
void GitDirFindings(const Snapshot& before, const Snapshot& after, const std::string& project,
                    std::vector<Finding>& out) {
  for (const auto& [link, target] : after.git_symlinks) {
    auto was = before.git_symlinks.find(link);
    if (was != before.git_symlinks.end() && was->second == target) continue;
    out.push_back({"git-symlink", link,
                   Rel(link, project) + " is a symbolic link to " + target +
                       ": host git writes through it (commit, stash, fetch log there); remove it: rm " +
                       Rel(link, project),
                   true});
  }
  for (const auto& [todo, lines] : after.todo_exec) {
    auto was = before.todo_exec.find(todo);
    for (const auto& line : lines) {
      if (was != before.todo_exec.end() && was->second.count(line)) continue;
      out.push_back({"todo-exec", todo,
                     "an unfinished rebase or cherry-pick in " + Rel(todo, project) + " will run \"" + line +
                         "\" on `git rebase --continue`",
                     true});
    }
  }
}

}  // namespace

std::vector<Finding> Compare(const Snapshot& before, const Snapshot& after, const std::string& project) {
  std::vector<Finding> out;
  auto new_repo = [&](const std::string& path, const std::string& where) {
    auto it = after.traits.find(path);
    RepoTraits none;
    const RepoTraits& t = it == after.traits.end() ? none : it->second;
    bool runs = t.symlink || !t.pointer.empty() || !t.hooks.empty() || !t.commands.empty();
    out.push_back({"new-repository", path,
                   "new git repository " + where + " (" + DescribeRepo(t) +
                       "): check its config and hooks before you run git there, or in the project if the "
                       "index names it as a submodule (git status there runs git in it)",
                   runs});
  };
  DirectoryFindings(before, after, project, out);
  AgentConfigFindings(before, after, project, out);
  for (const auto& entry : after.git_entries) {
    if (!before.git_entries.count(entry)) new_repo(entry, "at " + Rel(Dirname(entry), project) + "/");
  }
  for (const auto& [dir, names] : after.bare_git_dirs) {
    if (!BareRepoChanged(before, dir, names)) continue;
    std::string where = dir == project ? "the project itself" : Rel(dir, project) + "/";
    if (!before.bare_git_dirs.count(dir)) {
      new_repo(dir, "(bare: HEAD, objects, refs; git run inside it uses it) at " + where);
      continue;
    }
    auto it = after.traits.find(dir);
    uint32_t gained = names & ~before.bare_git_dirs.at(dir);
    std::string what = (gained & git::kCommondir)
                           ? "a commondir (git there would use another directory's config and hooks)"
                           : "a config (" + DescribeRepo(it == after.traits.end() ? RepoTraits{} : it->second) + ")";
    out.push_back({"bare-repository-changed", dir,
                   "the bare git repository " + where + " gained " + what + ": check it before you run git there",
                   true});
  }
  for (const auto& dir : after.module_git_dirs) {
    if (!before.module_git_dirs.count(dir)) new_repo(dir, "(submodule git dir) " + Rel(dir, project));
  }
  for (const auto& [path, print] : after.unguarded) {
    auto was = before.unguarded.find(path);
    if (was == before.unguarded.end() || was->second == print) continue;
    std::string what = was->second == "absent" ? "was created" : print == "absent" ? "was removed" : "was changed";
    out.push_back({"protected-path-changed", path,
                   Rel(path, project) + " " + what +
                       " (protected paths are not read-only without user namespaces): check it before git, "
                       "your editor or your shell use it",
                   true});
  }
  for (const auto& [index, entries] : after.hidden) {
    auto was = before.hidden.find(index);
    for (const auto& e : entries) {
      if (was != before.hidden.end() && was->second.count(e)) continue;
      auto nul = e.find('\0');
      std::string flag = e.substr(0, nul), path = e.substr(nul + 1);
      out.push_back({"hidden-index-entry", path,
                     path + " was marked " + flag + " in " + Rel(index, project) +
                         ": git status no longer shows its changes (undo: git update-index --no-" + flag + " " + path +
                         ")"});
    }
  }
  for (const auto& [index, why] : after.unreadable_index) {
    if (!before.unreadable_index.count(index))
      out.push_back({"index-unreadable", index, "cannot check " + Rel(index, project) + " for hidden entries: " + why});
  }
  GitDirFindings(before, after, project, out);
  return out;
}

std::vector<Finding> ForDisplay(std::vector<Finding> findings, size_t shown) {
  std::stable_sort(findings.begin(), findings.end(),
                   [](const Finding& a, const Finding& b) { return a.runs_code && !b.runs_code; });
  if (findings.size() <= shown) return findings;
  // The first of each kind is kept among the shown; the rest of the places go
  // to the others in order.
  std::vector<bool> first(findings.size(), false);
  std::set<std::string> kinds;
  for (size_t i = 0; i < findings.size(); ++i) first[i] = kinds.insert(findings[i].kind).second;
  size_t room = shown > kinds.size() ? shown - kinds.size() : 0;
  std::vector<Finding> head, tail;
  for (size_t i = 0; i < findings.size(); ++i) {
    bool take = first[i] ? head.size() < shown : room > 0;
    if (take && !first[i]) --room;
    (take ? head : tail).push_back(std::move(findings[i]));
  }
  head.insert(head.end(), std::make_move_iterator(tail.begin()), std::make_move_iterator(tail.end()));
  return head;
}

std::string KindCounts(const std::vector<Finding>& findings, size_t from) {
  std::vector<std::pair<std::string, size_t>> counts;
  for (size_t i = from; i < findings.size(); ++i) {
    auto it = std::find_if(counts.begin(), counts.end(), [&](const auto& c) { return c.first == findings[i].kind; });
    if (it == counts.end()) counts.emplace_back(findings[i].kind, 1);
    else ++it->second;
  }
  std::vector<std::string> parts;
  for (const auto& [kind, n] : counts) parts.push_back(std::to_string(n) + " " + kind);
  return Join(parts, ", ");
}

}  // namespace paddock::review
