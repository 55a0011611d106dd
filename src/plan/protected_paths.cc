#include "plan/protected_paths.h"

#include <algorithm>
#include <set>

#include "base/strings.h"

namespace paddock::plan {
namespace {

struct Entry {
  std::string path;  // absolute, normalised
  bool dir = false;  // placeholder kind when missing
  std::string content;
  std::string base;  // the mount it lives in: anchoring stops here
};

struct Entries {
  std::vector<Entry> entries;
  std::vector<std::string> rw_binds;  // git dirs outside the project
  std::vector<std::string> reads;     // files whose content decided something
  std::vector<std::string> git_dirs;  // a worktree's git dir and common dir
  std::vector<std::string> errors;
  std::vector<std::string> warnings;
};

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

std::string Resolve(const std::string& dir, const std::string& path) {
  return NormalizePath(!path.empty() && path[0] == '/' ? path : dir + "/" + path);
}

// "gitdir: <path>" -> the path, resolved against `dir`; empty if not a pointer.
std::string GitdirOf(const std::string& text, const std::string& dir) {
  std::string line = Trim(text);
  if (!StartsWith(line, "gitdir:")) return "";
  std::string g = line.substr(7);
  g.erase(0, g.find_first_not_of(" \t"));
  return g.empty() ? "" : Resolve(dir, g);
}

const std::string* Content(const HostFacts& host, const std::string& path) {
  auto it = host.file_contents.find(path);
  return it == host.file_contents.end() ? nullptr : &it->second;
}

// The repository's hooks and config, wherever its git dir lives.
void AddGit(const std::string& project, const HostFacts& host, Entries& out) {
  const std::string dotgit = project + "/.git";
  switch (host.KindOf(dotgit)) {
    case PathKind::kDirectory:
      out.entries.push_back({dotgit + "/hooks", true, "", project});
      out.entries.push_back({dotgit + "/config", false, "", project});
      // A commondir file redirects git to another directory's config: an
      // empty placeholder would break git, "." means "this directory".
      out.entries.push_back({dotgit + "/commondir", false, ".\n", project});
      return;
    case PathKind::kMissing:
      // No repository: creating one would create its config and hooks.
      // `--unprotect .git` allows `git init` here.
      out.entries.push_back({dotgit, true, "", project});
      return;
    case PathKind::kSymlink:
      out.errors.push_back(dotgit + " is a symbolic link, which the jail could swap");
      return;
    case PathKind::kFile:
    case PathKind::kOther:
      break;
  }
  // A worktree or submodule: "gitdir: <dir>" names the real git dir.
  out.entries.push_back({dotgit, false, "", project});
  out.reads.push_back(dotgit);
  const std::string* text = Content(host, dotgit);
  if (!text) return;  // probed next round
  std::string gitdir = GitdirOf(*text, project);
  if (gitdir.empty()) {
    out.errors.push_back(dotgit + " is a file but not a \"gitdir:\" pointer");
    return;
  }
  out.git_dirs.push_back(gitdir);
  if (host.KindOf(gitdir) != PathKind::kDirectory) {
    out.warnings.push_back("the git dir " + gitdir + " named by " + dotgit + " is missing; only " +
                           dotgit + " is protected");
    return;
  }
  std::string common = gitdir;
  out.reads.push_back(gitdir + "/commondir");
  if (const std::string* c = Content(host, gitdir + "/commondir")) common = Resolve(gitdir, Trim(*c));
  out.git_dirs.push_back(common);
  for (const std::string& dir : {common, gitdir}) {
    if (PathIsWithin(dir, project)) continue;
    bool covered = std::any_of(out.rw_binds.begin(), out.rw_binds.end(),
                               [&](const std::string& b) { return PathIsWithin(dir, b); });
    if (!covered && host.KindOf(dir) == PathKind::kDirectory) out.rw_binds.push_back(dir);
  }
  std::string base = PathIsWithin(common, project) ? project : common;
  out.entries.push_back({common + "/hooks", true, "", base});
  out.entries.push_back({common + "/config", false, "", base});
  out.entries.push_back({common + "/commondir", false, ".\n", base});
  if (common != gitdir) {
    // The worktree's pointer to the common dir: rewritten, it would send
    // git on the host to a config the jail wrote.
    out.entries.push_back({gitdir + "/commondir", false, "../..\n",
                           PathIsWithin(gitdir, project) ? project : common});
    // Read when extensions.worktreeConfig is set.
    out.entries.push_back({gitdir + "/config.worktree", false, "",
                           PathIsWithin(gitdir, project) ? project : common});
  }
}

Entries Collect(const policy::Policy& policy, const HostFacts& host) {
  Entries out;
  const std::string& project = policy.project_dir;
  AddGit(project, host, out);
  for (const auto& rel : DefaultProtectedPaths()) {
    if (StartsWith(rel, ".git/")) continue;  // AddGit knows where the git dir is
    bool dir = !rel.empty() && rel.back() == '/';
    out.entries.push_back({NormalizePath(project + "/" + rel), dir, "", project});
  }
  for (const auto& p : policy.protect) {
    if (p.empty()) continue;
    bool dir = p.back() == '/';
    std::string abs = Resolve(project, p);
    if (!PathIsWithin(abs, project) || abs == project) {
      out.errors.push_back("--protect " + p + ": not a path inside the project " + project);
      continue;
    }
    out.entries.push_back({abs, dir, "", project});
  }
  // --unprotect removes a path and everything protected below it.
  for (const auto& p : policy.unprotect) {
    std::string abs = Resolve(project, p);
    size_t before = out.entries.size();
    std::erase_if(out.entries, [&](const Entry& e) { return PathIsWithin(e.path, abs); });
    if (out.entries.size() == before) {
      out.errors.push_back("--unprotect " + p + ": nothing is protected at " + abs);
    } else {
      out.warnings.push_back(abs + " is not protected (--unprotect): the jailed command may change it");
    }
  }
  return out;
}

// Existing directories strictly between `base` and `path`.
std::vector<std::string> Between(const std::string& base, const std::string& path) {
  std::vector<std::string> dirs;
  std::string rel = path.substr(base.size());
  std::string cur = base;
  auto parts = Split(rel, '/');
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    if (parts[i].empty()) continue;
    cur += "/" + parts[i];
    dirs.push_back(cur);
  }
  return dirs;
}

MountOp SelfBind(const std::string& path, bool dir, bool read_only, std::string why) {
  MountOp op;
  op.type = MountType::kBind;
  op.source = path;
  op.target = path;
  op.source_in_jail = true;  // through the project's (possibly idmapped) mount
  op.source_is_dir = dir;
  op.recursive = dir;
  op.read_only = read_only;
  op.why = std::move(why);
  return op;
}

}  // namespace

const std::vector<std::string>& DefaultProtectedPaths() {
  static const std::vector<std::string> paths = {
      ".git/hooks/", ".git/config", ".gitmodules", ".claude/",   ".mcp.json",
      ".codex/",     ".vscode/",    ".idea/",      ".envrc",     ".bashrc",
      ".zshrc",      ".profile",    ".gitconfig",  ".paddock/",  ".paddock.toml"};
  return paths;
}

ProtectedProbe ProtectedPathsProbe(const policy::Policy& policy, const HostFacts& host) {
  ProtectedProbe probe;
  Entries e = Collect(policy, host);
  std::set<std::string> stat;
  stat.insert(policy.project_dir + "/.git");
  for (const auto& entry : e.entries) {
    stat.insert(entry.path);
    for (const auto& d : Between(entry.base, entry.path)) stat.insert(d);
  }
  for (const auto& r : e.reads) stat.insert(r);
  for (const auto& b : e.rw_binds) stat.insert(b);
  for (const auto& g : e.git_dirs) stat.insert(g);
  probe.stat.assign(stat.begin(), stat.end());
  probe.read = e.reads;
  return probe;
}

Status PlanProtectedPaths(const policy::Policy& policy, const HostFacts& host, LaunchPlan& plan) {
  Entries e = Collect(policy, host);
  auto fail = [&](const std::string& what) {
    return OpError("protect", what, "refusing to run with it unprotected; move it away or pass --unprotect");
  };
  if (!e.errors.empty()) {
    const std::string& first = e.errors.front();
    if (StartsWith(first, "--")) return OpError("protect", "paths", first);
    return fail(first);
  }
  for (auto& w : e.warnings) plan.hardening_warnings.push_back(w);

  std::vector<MountOp> ops;
  std::set<std::string> anchored, covered;
  // Git dirs outside the project: visible and writable, like the project.
  for (const auto& dir : e.rw_binds) {
    MountOp op;
    op.type = MountType::kBind;
    op.source = op.target = dir;
    op.idmapped = plan.use_idmapped_mounts;
    op.why = "git dir of this worktree (outside the project)";
    ops.push_back(op);
    anchored.insert(dir);
  }
  // Deeper paths below an already protected one are covered by it.
  std::sort(e.entries.begin(), e.entries.end(),
            [](const Entry& a, const Entry& b) { return a.path < b.path; });
  for (const auto& entry : e.entries) {
    bool inside_protected = std::any_of(covered.begin(), covered.end(),
                                        [&](const std::string& c) { return PathIsWithin(entry.path, c); });
    if (inside_protected) continue;
    // Walk down from the base: anchor existing directories, stop at the
    // first missing component (a placeholder is made there).
    std::string target = entry.path;
    bool dir = entry.dir;
    std::string content = entry.content;
    bool missing = false;
    for (const auto& d : Between(entry.base, entry.path)) {
      auto kind = host.KindOf(d);
      if (kind == PathKind::kSymlink) return fail(d + " is a symbolic link above protected " + entry.path);
      if (kind == PathKind::kMissing) {
        target = d, dir = true, content.clear(), missing = true;
        break;
      }
      if (kind != PathKind::kDirectory) return fail(d + " is not a directory above protected " + entry.path);
      if (anchored.insert(d).second) {
        ops.push_back(SelfBind(d, true, false, "anchor: a mount point cannot be renamed or replaced"));
      }
    }
    if (!missing) {
      auto kind = host.KindOf(target);
      if (kind == PathKind::kSymlink) return fail(target + " is a symbolic link, which the jail could swap");
      if (kind == PathKind::kMissing) {
        missing = true;
      } else {
        dir = kind == PathKind::kDirectory;
      }
    }
    if (covered.count(target)) continue;
    if (missing) plan.placeholders.push_back(Placeholder{target, dir, dir ? "" : content});
    ops.push_back(SelfBind(target, dir, true,
                           missing ? "protected (placeholder: did not exist)" : "protected"));
    covered.insert(target);
    plan.protected_paths.push_back(target);
  }
  // Parents before children; the project's own bind is already in the plan.
  std::stable_sort(ops.begin(), ops.end(), [](const MountOp& a, const MountOp& b) {
    return std::count(a.target.begin(), a.target.end(), '/') < std::count(b.target.begin(), b.target.end(), '/');
  });
  for (auto& op : ops) plan.mounts.push_back(std::move(op));
  return Ok();
}

}  // namespace paddock::plan
