#include "plan/protected_paths.h"

#include <algorithm>
#include <set>

#include "base/strings.h"
#include "plan/agent_commands.h"
#include "plan/git_dirs.h"
#include "plan/protected_entry.h"

namespace paddock::plan {
namespace {

struct Collected {
  GitDirsPlan git;
  std::vector<ProtectedEntry> entries;
  std::vector<std::string> errors;  // bad --protect / --unprotect
  std::vector<std::string> warnings;
};

std::string Resolve(const std::string& dir, const std::string& path) {
  return NormalizePath(!path.empty() && path[0] == '/' ? path : dir + "/" + path);
}

ProtectedEntry WorkingTreeEntry(const std::string& project, const std::string& rel, bool placeholder, std::string why) {
  ProtectedEntry e;
  e.path = Resolve(project, rel);
  e.dir = true;  // a missing name gets an empty directory: invisible to git
  e.placeholder = placeholder;
  e.base = project;
  e.why = std::move(why);
  return e;
}

// The writable mount other than the project that `abs` lives in (a
// --share-rw or --rw grant), or "".
std::string WritableGrantOf(const policy::Policy& policy, const std::string& abs) {
  for (const auto* list : {&policy.home_shares, &policy.extra_paths})
    for (const auto& g : *list)
      if (g.writable && PathIsWithin(abs, g.path) && abs != g.path) return g.path;
  return "";
}

// A protected path in a shared directory of the real home (an agent's own
// config, where hooks and settings run code on the host later). A missing
// one gets a placeholder the agent reads as empty: a directory, or a file
// when the name has an extension ("{}" for JSON, which must parse) or is a
// dotenv file (.env, which a directory would make unreadable).
ProtectedEntry SharedEntry(const std::string& grant, const std::string& abs, const std::string& why) {
  ProtectedEntry e = WorkingTreeEntry(grant, abs, true, why);
  e.keep = true;
  std::string name = abs.substr(abs.rfind('/') + 1);
  if (name.find('.', 1) != std::string::npos || name == ".env") {
    e.dir = false;
    e.content = name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0 ? "{}\n" : "";
  }
  return e;
}

// --protect: a path in the project, or in a writable grant. One in the jail
// home (a share that does not exist this run) is the jail's own: skipped.
// --protect-if-present: the same without a placeholder.
void CollectUserEntries(const policy::Policy& policy, const std::string& home, Collected& out) {
  const std::string& project = policy.project_dir;
  for (const auto* list : {&policy.protect, &policy.protect_if_present}) {
    const bool placeholder = list == &policy.protect;
    const std::string flag = placeholder ? "--protect " : "--protect-if-present ";
    for (const auto& p : *list) {
      if (p.empty()) continue;
      std::string abs = Resolve(project, p);
      ProtectedEntry e;
      if (PathIsWithin(abs, project) && abs != project) {
        e = WorkingTreeEntry(project, abs, true, flag + p);
      } else if (std::string grant = WritableGrantOf(policy, abs); !grant.empty()) {
        e = SharedEntry(grant, abs, flag + p);
      } else {
        if (home.empty() || !PathIsWithin(abs, home) || abs == home)
          out.errors.push_back(flag + p + ": not a path inside the project " + project +
                               " or a writable --share-rw/--rw path");
        continue;
      }
      e.placeholder = e.placeholder && placeholder;
      out.entries.push_back(std::move(e));
    }
  }
}

// `path` with the symbolic links of its nearest existing ancestor resolved: a
// share is mounted where it really is (~/.claude may link to elsewhere).
std::string RealAncestor(HostView& view, const std::string& path) {
  for (size_t end = path.size(); end != std::string::npos && end > 0; end = path.find_last_of('/', end - 1)) {
    std::string real = view.Real(path.substr(0, end));
    if (!real.empty()) return NormalizePath(real + path.substr(end));
  }
  return path;
}

// The scripts that protected agent settings name (plan/agent_commands.h),
// where the jail could write them. A directory in a command is a working
// directory (`cd "$CLAUDE_PROJECT_DIR"/web && ...`), not a program; one in
// the settings' env is a PATH entry, protected whole when it is not the
// project's.
void CollectAgentCommands(const policy::Policy& policy, const std::string& home, HostView& view, Collected& out) {
  const std::string& project = policy.project_dir;
  std::set<std::string> read;
  const size_t collected = out.entries.size();
  for (size_t i = 0; i < collected; ++i) {
    for (const auto& file : AgentSettingsFilesOf(out.entries[i].path)) {
      if (!read.insert(file).second) continue;
      const std::string* text = view.Read(file);
      if (!text) continue;
      for (auto [named, from_env, if_present] : AgentCommandFiles(*text, project, home)) {
        std::string script = RealAncestor(view, named);
        PathKind kind = view.Kind(script);
        if ((!from_env && kind == PathKind::kDirectory) || (if_present && kind == PathKind::kMissing)) continue;
        std::string why = "run on the host by the agent (named in " + file + ")";
        if (PathIsWithin(script, project)) {
          // A project PATH entry (node_modules/.bin) is the project's code,
          // which the user's commands run anyway; a hook runs unasked.
          if (!from_env && script != project)
            out.entries.push_back(WorkingTreeEntry(project, script, !if_present, why));
        } else if (std::string grant = WritableGrantOf(policy, script); !grant.empty()) {
          ProtectedEntry e = SharedEntry(grant, script, why);
          e.keep = false;  // unlike the settings' own, nothing needs it to stay
          out.entries.push_back(std::move(e));
        }
      }
    }
  }
}

Collected Collect(const policy::Policy& policy, const std::string& home, HostView& view) {
  Collected out;
  const std::string& project = policy.project_dir;
  out.git = PlanGitDirs(policy, view);
  out.entries = out.git.protect;
  for (const auto& d : DefaultProtectedPaths())
    out.entries.push_back(WorkingTreeEntry(project, d.path, d.placeholder, d.why));
  CollectUserEntries(policy, home, out);
  CollectAgentCommands(policy, home, view, out);
  // --unprotect removes a path and everything protected below it.
  for (const auto& p : policy.unprotect) {
    std::string abs = Resolve(project, p);
    size_t before = out.entries.size();
    std::erase_if(out.entries, [&](const ProtectedEntry& e) { return PathIsWithin(e.path, abs); });
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
  if (!PathIsWithin(path, base) || path == base) return dirs;
  std::string cur = base == "/" ? "" : base;
  auto parts = Split(path.substr(cur.size()), '/');
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

const std::vector<DefaultProtectedPath>& DefaultProtectedPaths() {
  static const std::vector<DefaultProtectedPath> paths = {
      {".gitmodules", true, "submodule paths and URLs host git uses"},
      {".claude/", true, "Claude Code settings: hooks and permissions the agent must not change"},
      {".mcp.json", true, "MCP servers Claude Code starts"},
      {".codex/", true, "Codex settings"},
      {".gemini/", true, "Gemini CLI settings: MCP servers and hooks it starts"},
      {".cursor/", true, "Cursor settings: MCP servers it starts (mcp.json)"},
      {".continue/", true, "Continue settings: MCP servers it starts"},
      {".vscode/", true, "VS Code tasks (run on folder open) and settings naming programs"},
      {".idea/", true, "JetBrains IDE project config (run configurations, tools)"},
      {".devcontainer/", true, "dev container config: initializeCommand runs on the host"},
      {".devcontainer.json", true, "dev container config: initializeCommand runs on the host"},
      {".zed/", true, "Zed settings and tasks naming programs it starts"},
      {".helix/", true, "Helix languages.toml: language servers it starts on open"},
      {".envrc", true, "direnv runs it on entering the directory"},
      {".bashrc", true, "shell startup file"},
      {".zshrc", true, "shell startup file"},
      {".profile", true, "shell startup file"},
      {".gitconfig", true, "git config file"},
      {"rust-toolchain.toml", true, "rustup runs the toolchain it names (path = ...) for rustc and cargo here"},
      {"rust-toolchain", true, "rustup runs the toolchain it names for rustc and cargo here"},
      {".cargo/", true, "cargo config: build.rustc and rustc-wrapper run on cargo metadata (editors, prompts)"},
      {".paddock/", true, "paddock's own config"},
      {".paddock.toml", true, "paddock's own config"},
      // Protected while present: no placeholder (each costs a mount and
      // start-up time), so the jail can create them; the end-of-run review
      // reports those it did (review/agent_configs.h). Vim, Emacs and mise
      // also ask before trusting a new file; a placeholder directory where
      // aider reads a file would stop aider in the jail.
      {".aider.conf.yml", false, "aider config: lint-cmd and test-cmd run after its edits"},
      {".windsurf/", false, "Windsurf settings: Cascade hooks it runs (hooks.json)"},
      {".opencode/", false, "opencode config: plugins (JavaScript) it loads, MCP servers it starts"},
      {"opencode.json", false, "opencode config: MCP servers it starts, plugins it loads"},
      {"opencode.jsonc", false, "opencode config: MCP servers it starts, plugins it loads"},
      {".roo/", false, "Roo Code settings: MCP servers it starts (mcp.json)"},
      {".kiro/", false, "Kiro settings: hooks it runs, MCP servers it starts (settings/mcp.json)"},
      {".amazonq/", false, "Amazon Q settings: MCP servers it starts (mcp.json)"},
      {".qwen/", false, "Qwen Code settings: MCP servers it starts (settings.json)"},
      {"crush.json", false, "Crush config: MCP and language servers it starts"},
      {".crush.json", false, "Crush config: MCP and language servers it starts"},
      {".nvim.lua", false, "Neovim exrc"},
      {".nvimrc", false, "Neovim exrc"},
      {".exrc", false, "vi/Vim exrc"},
      {".vimrc", false, "Vim exrc"},
      {".lvimrc", false, "Vim localvimrc"},
      {".lazy.lua", false, "lazy.nvim local plugin spec"},
      {".dir-locals.el", false, "Emacs directory variables"},
      {".dir-locals-2.el", false, "Emacs directory variables"},
      {".mise.toml", false, "mise config: env, hooks and tasks"},
      {"mise.toml", false, "mise config: env, hooks and tasks"},
      {".mise.local.toml", false, "mise config: env, hooks and tasks"},
      {"mise.local.toml", false, "mise config: env, hooks and tasks"},
      {".mise/", false, "mise config: env, hooks and tasks"},
      {".rtx.toml", false, "rtx (mise) config"},
  };
  return paths;
}

namespace {

// A regular file at or below `path` with another name (a hard link): the
// read-only bind protects the path, not the file, so writing through the
// other name, anywhere the jail can write, changes what is protected (a
// link an earlier run made to a nested repository's .git/config before it
// was protected). Empty when there is none. Bounded: a protected directory
// is a config or hooks directory, not a tree to walk in full.
std::string HardLinkedFile(const std::string& path, HostView& view, size_t& budget, int depth = 0) {
  if (budget == 0) return "";
  --budget;
  PathKind kind = view.Kind(path);
  if (kind == PathKind::kFile) return view.Links(path) > 1 ? path : "";
  if (kind != PathKind::kDirectory || depth >= 8) return "";
  for (const auto& name : view.List(path))
    if (auto f = HardLinkedFile(path + "/" + name, view, budget, depth + 1); !f.empty()) return f;
  return "";
}

constexpr size_t kHardLinkWalkBudget = 4096;

}  // namespace

HostQuestions ProtectedPathsProbe(const policy::Policy& policy, const HostFacts& host) {
  HostQuestions q;
  HostView view(host, &q);
  Collected c = Collect(policy, host.home, view);
  size_t budget = kHardLinkWalkBudget;
  for (const auto& e : c.entries) {
    view.Kind(e.path);
    for (const auto& d : Between(e.base, e.path)) view.Kind(d);
    HardLinkedFile(e.path, view, budget);
  }
  return q;
}

namespace {

Error Refuse(const std::string& what) {
  return OpError("protect", what, "refusing to run with it unprotected; move it away or pass --unprotect");
}

// Where an entry's read-only bind goes: walk down from its base, anchoring
// existing directories; the first missing component is where a placeholder
// goes. Nothing (skip) when it is missing and gets no placeholder, or a file
// stands where a directory would.
struct BindSite {
  std::string target;
  bool dir = false, missing = false, skip = false;
  std::string content;
  bool keep = false;
};

Result<BindSite> FindBindSite(const ProtectedEntry& entry, const HostFacts& host) {
  BindSite site{entry.path, entry.dir, false, false, entry.content, entry.keep};
  for (const auto& d : Between(entry.base, entry.path)) {
    auto kind = host.KindOf(d);
    if (kind == PathKind::kSymlink) return Refuse(d + " is a symbolic link above protected " + entry.path);
    if (kind == PathKind::kMissing) {
      site = {d, true, true, !entry.placeholder, "", entry.keep};
      return site;
    }
    // A file where a directory would be: nothing can be created below it.
    if (kind != PathKind::kDirectory) return BindSite{.skip = true};
  }
  auto kind = host.KindOf(site.target);
  if (kind == PathKind::kSymlink) return Refuse(site.target + " is a symbolic link, which the jail could swap");
  if (kind == PathKind::kMissing) {
    site.missing = true;
    site.skip = !entry.placeholder;
  } else {
    site.dir = kind == PathKind::kDirectory;
  }
  return site;
}

// Git dirs outside the project that git confirmed: writable, like the project.
void BindGitDirs(const GitDirsPlan& git, const LaunchPlan& plan, std::vector<MountOp>& ops,
                 std::set<std::string>& anchored) {
  for (const auto& bind : git.binds) {
    MountOp op;
    op.type = MountType::kBind;
    op.source = op.target = bind.path;
    op.idmapped = plan.use_idmapped_mounts;
    op.why = bind.why;
    ops.push_back(op);
    anchored.insert(bind.path);
  }
}

}  // namespace

Status PlanProtectedPaths(const policy::Policy& policy, const HostFacts& host, LaunchPlan& plan) {
  HostView view(host, nullptr);
  Collected c = Collect(policy, host.home, view);
  if (!c.errors.empty()) return OpError("protect", "paths", c.errors.front());
  for (const auto& e : c.entries)
    if (!e.refuse.empty()) return Refuse(e.path + " " + e.refuse);
  for (auto& w : c.git.warnings) plan.hardening_warnings.push_back(w);
  for (auto& w : c.warnings) plan.hardening_warnings.push_back(w);
  for (const auto& d : host.nested_git_too_deep)
    plan.hardening_warnings.push_back("directories below " + d +
                                      " are nested too deeply to be checked for git repositories");

  std::vector<MountOp> ops;
  std::set<std::string> anchored, covered;
  size_t link_budget = kHardLinkWalkBudget;
  BindGitDirs(c.git, plan, ops, anchored);
  // Deeper paths below an already protected one are covered by it. Stable:
  // of two entries for one path the first collected gives the reason.
  std::stable_sort(c.entries.begin(), c.entries.end(),
                   [](const ProtectedEntry& a, const ProtectedEntry& b) { return a.path < b.path; });
  for (const auto& entry : c.entries) {
    if (std::any_of(covered.begin(), covered.end(), [&](const std::string& p) { return PathIsWithin(entry.path, p); }))
      continue;
    auto site = FindBindSite(entry, host);
    if (!site) return site.error();
    if (site->skip || covered.count(site->target)) continue;
    if (std::string f = site->missing ? "" : HardLinkedFile(site->target, view, link_budget); !f.empty())
      return Refuse(f + " has " + std::to_string(host.paths.at(f).links) +
                    " hard links: another name for it, which the jail could write, would change it (find " +
                    policy.project_dir + " -samefile " + f + ")");
    for (const auto& d : Between(entry.base, site->target)) {
      if (anchored.insert(d).second)
        ops.push_back(SelfBind(d, true, false, "anchor: a mount point cannot be renamed or replaced"));
    }
    if (site->missing)
      plan.placeholders.push_back(Placeholder{site->target, site->dir, site->dir ? "" : site->content, site->keep});
    ops.push_back(SelfBind(site->target, site->dir, true,
                           (site->missing ? "protected, did not exist (placeholder): " : "protected: ") + entry.why));
    covered.insert(site->target);
    plan.protected_paths.push_back(site->target);
  }
  // Parents before children; the project's own bind is already in the plan.
  SortByPathDepth(ops, [](const MountOp& op) -> const std::string& { return op.target; });
  for (auto& op : ops) plan.mounts.push_back(std::move(op));
  // The placeholders of the project's working tree, when the project is one.
  std::vector<std::string> excludes;
  if (host.KindOf(policy.project_dir + "/.git") != PathKind::kMissing)
    excludes = PlaceholderExcludes(plan.placeholders, policy.project_dir);
  AddJailGitConfig(c.git.identity, excludes, plan);
  plan.review = std::move(c.git.review);
  plan.review.protected_paths = plan.protected_paths;
  plan.review.mode_paths.push_back(policy.project_dir);
  for (const auto& d : anchored)
    if (PathIsWithin(d, policy.project_dir) && d != policy.project_dir) plan.review.mode_paths.push_back(d);
  return Ok();
}

}  // namespace paddock::plan
