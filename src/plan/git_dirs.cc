#include "plan/git_dirs.h"

#include <algorithm>
#include <set>
#include <utility>

#include "base/strings.h"
#include "git/config.h"
#include "git/config_commands.h"
#include "plan/build_plan.h"

namespace paddock::plan {
namespace {

std::string Dirname(const std::string& p) {
  auto slash = p.find_last_of('/');
  return slash == 0 || slash == std::string::npos ? "/" : p.substr(0, slash);
}
std::string Basename(const std::string& p) { return p.substr(p.find_last_of('/') + 1); }
std::string Trim(const std::string& s) {
  size_t end = s.find_last_not_of(" \t\r\n");
  return end == std::string::npos ? "" : s.substr(0, end + 1);
}
// `path` as git resolves it: absolute, or relative to `dir`.
std::string Resolve(const std::string& dir, const std::string& path) {
  return NormalizePath(!path.empty() && path[0] == '/' ? path : dir + "/" + path);
}

constexpr int kMaxIncludeDepth = 8;  // git's own limit is 10
constexpr int kMaxModulesDepth = 4;  // submodule names may contain '/'
constexpr size_t kMaxNestedRepositories = 2000;
// Each protected path is a mount; a project the jail filled with worktree
// entries, submodule dirs or hook scripts must not make every later start
// slow or run into the kernel's mount limit: past this, paddock refuses.
constexpr size_t kMaxProtected = 10000;
constexpr size_t kMaxHookScriptsRead = 64;  // per hooks directory

class Planner {
 public:
  Planner(const policy::Policy& policy, HostView& view) : policy_(policy), view_(view) {}

  GitDirsPlan Run() {
    out_.review.project = policy_.project_dir;
    out_.review.known_git_entries = view_.host().nested_git;
    out_.review.known_bare_git_dirs = view_.host().nested_bare;
    out_.review.known_too_deep = view_.host().nested_git_too_deep;
    out_.review.known_agent_configs = view_.host().nested_agent_configs;
    out_.review.scan_cache = ScanCacheFor(view_.host().state_dir, policy_.project_dir);
    Checkout(policy_.project_dir, true);
    std::vector<std::string> nested = view_.host().nested_git;
    std::sort(nested.begin(), nested.end());
    for (const auto& [dir, names] : view_.host().nested_bare) nested.push_back(dir);
    if (nested.size() > kMaxNestedRepositories) {
      // Each one costs a handful of mounts; a run that planted thousands
      // would otherwise make every later start slow or hit the mount limit.
      Refuse(policy_.project_dir, "holds " + std::to_string(nested.size()) + " nested git repositories (" +
                                      nested.front() + ", ...); paddock protects at most " +
                                      std::to_string(kMaxNestedRepositories) + ": remove some");
      return std::move(out_);
    }
    for (const auto& dotgit : nested) {
      if (PathIsWithin(dotgit, policy_.project_dir) && dotgit != policy_.project_dir + "/.git")
        Checkout(Dirname(dotgit), false);
    }
    for (const auto& [dir, names] : view_.host().nested_bare) BareGitDir(dir);
    return std::move(out_);
  }

 private:
  // The repository of the working tree `root`, through root/.git.
  void Checkout(const std::string& root, bool is_project) {
    const std::string dotgit = root + "/.git";
    switch (view_.Kind(dotgit)) {
      case PathKind::kMissing:
        if (!is_project) return;
        Protect(dotgit, true, true, "",
                "no repository yet: creating one would create hooks and config that git on the host "
                "runs (--unprotect .git allows git init)");
        EnclosingRepository(root);
        // Allowed, `git init` makes a repository here: its identity, its hooks.
        if (std::any_of(policy_.unprotect.begin(), policy_.unprotect.end(),
                        [&](const std::string& p) { return PathIsWithin(dotgit, Resolve(root, p)); }))
          GlobalConfigs(root);
        return;
      case PathKind::kSymlink:
        Refuse(dotgit, "is a symbolic link: git on the host follows it, and the jail could replace it");
        return;
      case PathKind::kDirectory: GitDir(dotgit, root); return;
      case PathKind::kFile:
      case PathKind::kOther:
        Protect(dotgit, false, false, "",
                "git pointer of this checkout: redirected, host git would use another git dir");
        Pointer(root, dotgit, is_project);
        return;
    }
  }

  // A project inside a repository's working tree (paddock started in a
  // subdirectory): the jail sees neither the repository nor the rest of the
  // tree, so git there fails ("not a git repository"). Said, not widened:
  // write access beyond the directory asked for is the user's call.
  void EnclosingRepository(const std::string& project) {
    for (std::string dir = Dirname(project); dir != "/"; dir = Dirname(dir)) {
      // A home kept in git (dotfiles) does not make its projects part of it.
      if (dir == view_.host().home || view_.Kind(dir + "/.git") == PathKind::kMissing) continue;
      out_.warnings.push_back(project + " is inside the git repository " + dir +
                              ", which the jail does not see: git will not work there (run paddock in " + dir +
                              ", or pass --project " + dir + ")");
      return;
    }
  }

  // A .git file ("gitdir: <path>"): a linked worktree or a submodule.
  void Pointer(const std::string& root, const std::string& dotgit, bool is_project) {
    const std::string* text = view_.Read(dotgit);
    if (!text) return;
    std::string target = git::GitfileTarget(*text);
    if (target.empty()) {
      if (is_project) out_.warnings.push_back(dotgit + " is not a \"gitdir:\" pointer; git ignores this checkout");
      return;
    }
    std::string gitdir = view_.Real(Resolve(root, target));
    if (gitdir.empty() || view_.Kind(gitdir) != PathKind::kDirectory) {
      if (is_project && !gitdir.empty())
        out_.warnings.push_back("the git dir " + gitdir + " named by " + dotgit + " is not a directory");
      else if (is_project)
        out_.warnings.push_back("the git dir " + Resolve(root, target) + " named by " + dotgit + " does not exist");
      return;
    }
    // Inside the project, or granted by the user: visible already.
    if (!WritableBase(gitdir).empty()) return GitDir(gitdir, root);
    if (!is_project) return;  // a nested checkout's outside git dir is not mounted
    std::string common, super;
    if (IsWorktreeOf(gitdir, dotgit, common)) {
      Bind(common, "git common dir of this linked worktree (" + gitdir + "/gitdir names " + dotgit + ")");
      return GitDir(gitdir, root);
    }
    if (IsSubmoduleOf(gitdir, root, super)) {
      Bind(gitdir, "git dir of this submodule (inside " + super + "/.git/modules)");
      return GitDir(gitdir, root);
    }
    out_.warnings.push_back(
        dotgit + " names the git dir " + gitdir +
        ", which paddock cannot confirm belongs to this checkout (it is not a worktree whose back-pointer "
        "names " +
        dotgit +
        ", nor a submodule git dir in an enclosing repository's .git/modules); it is not "
        "mounted, so git will not work in the jail. If you trust it, pass --rw " +
        gitdir);
  }

  // <common>/worktrees/<name>, with git's back-pointers confirming it.
  bool IsWorktreeOf(const std::string& gitdir, const std::string& dotgit, std::string& common) {
    const std::string parent = Dirname(gitdir);
    if (Basename(parent) != "worktrees") return false;
    common = Dirname(parent);
    const std::string* back = view_.Read(gitdir + "/gitdir");
    const std::string* up = view_.Read(gitdir + "/commondir");
    if (!back || !up) return false;
    std::string named = view_.Real(Resolve(gitdir, Trim(*back)));
    std::string common_named = view_.Real(Resolve(gitdir, Trim(*up)));
    return !named.empty() && named == view_.Real(dotgit) && common_named == common &&
           view_.Kind(common + "/HEAD") == PathKind::kFile && view_.Kind(common + "/objects") == PathKind::kDirectory;
  }

  // A git dir in the .git/modules of the nearest repository above `root`.
  bool IsSubmoduleOf(const std::string& gitdir, const std::string& root, std::string& super) {
    for (std::string dir = Dirname(root);; dir = Dirname(dir)) {
      PathKind kind = view_.Kind(dir + "/.git");
      if (kind == PathKind::kDirectory) {
        std::string modules = view_.Real(dir + "/.git") + "/modules";
        super = dir;
        return PathIsWithin(gitdir, modules) && gitdir != modules && view_.Kind(gitdir + "/HEAD") == PathKind::kFile &&
               view_.Kind(gitdir + "/commondir") == PathKind::kMissing;
      }
      if (kind != PathKind::kMissing || dir == "/") return false;  // the nearest repository decides
    }
  }

  // A directory in the working tree shaped like a git dir: git run inside it
  // uses it as a bare repository, with its config and hooks. hooks/ and
  // info/ get placeholders (empty directories, which git ignores); config
  // and commondir are protected when present, but a missing one gets no
  // placeholder: a file there would show in the enclosing repository's `git
  // status` and be committed by `git add -A`. The review reports one the run
  // creates (review::BareRepoChanged).
  void BareGitDir(const std::string& dir) {
    if (!done_.insert(std::string("bare") + '\0' + dir).second) return;
    const std::string why = " of the bare repository " + dir + " (git run inside it uses it)";
    Protect(dir + "/hooks", true, true, "", "git hooks" + why);
    Protect(dir + "/info", true, true, "", "attributes and excludes" + why);
    Protect(dir + "/config", false, false, "", "git config" + why);
    Protect(dir + "/commondir", false, false, "", "redirection to another git dir" + why);
    std::vector<std::string> hooks = {dir + "/hooks"};
    Config(dir + "/config", dir, 0, hooks);  // a bare repository's relative paths start at its git dir
    for (const auto& d : hooks) HookManagersIn(d, dir);
  }

  // A git dir used by the working tree `worktree` ("" when unknown).
  void GitDir(const std::string& gitdir, const std::string& worktree) {
    if (!done_.insert(gitdir + '\0' + worktree).second) return;
    std::string common = gitdir;
    const std::string commondir = gitdir + "/commondir";
    if (view_.Kind(commondir) == PathKind::kFile) {
      if (const std::string* text = view_.Read(commondir); text && !Trim(*text).empty()) {
        std::string real = view_.Real(Resolve(gitdir, Trim(*text)));
        if (!real.empty()) common = real;
      }
    }
    ProtectCommondir(gitdir);
    if (common != gitdir) {
      // A linked worktree's own admin dir.
      Protect(gitdir + "/gitdir", false, false, "", "worktree back-pointer");
      Protect(gitdir + "/config.worktree", false, true, "", "per-worktree git config");
      std::vector<std::string> ignored;
      Config(gitdir + "/config.worktree", worktree, 0, ignored);
      Watch(gitdir);
    }
    CommonDir(common, worktree);
  }

  void CommonDir(const std::string& common, const std::string& worktree) {
    if (!done_.insert(std::string("common") + '\0' + common + '\0' + worktree).second) return;
    Protect(common + "/hooks", true, true, "", "git hooks: run by git on the host");
    Protect(common + "/config", false, true, "", "git config: names commands git on the host runs");
    Protect(common + "/info", true, true, "", "the repository's attributes, excludes and sparse-checkout rules");
    // A missing one gets an empty placeholder (empty git config): with
    // extensions.worktreeConfig set, host git reads one the jail could write.
    Protect(common + "/config.worktree", false, true, "", "per-worktree git config");
    ProtectCommondir(common);
    for (const auto& name : view_.List(common + "/worktrees")) {
      if (Full()) return;
      const std::string admin = common + "/worktrees/" + name;
      if (view_.Kind(admin) != PathKind::kDirectory) continue;
      for (const char* f : {"gitdir", "commondir"})
        Protect(admin + "/" + f, false, false, "", "pointer of the linked worktree " + name);
      Protect(admin + "/config.worktree", false, true, "", "per-worktree git config of the linked worktree " + name);
      out_.review.index_files.push_back(admin + "/index");
    }
    Modules(common + "/modules", 0);
    Watch(common);
    std::vector<std::string> hooks = {common + "/hooks"};
    Config(common + "/config", worktree, 0, hooks);
    for (const auto& dir : GlobalConfigs(worktree)) hooks.push_back(dir);
    for (const auto& dir : hooks) HookManagersIn(dir, worktree);
  }

  // The host's system and global git config: the identity for the jail's
  // commits, and what they make git run in `worktree`. Returns the hooks
  // directories they name.
  std::vector<std::string> GlobalConfigs(const std::string& worktree) {
    std::vector<std::string> hooks;
    for (const auto& file : GlobalGitConfigFiles(view_.host())) {
      identity_scope_ = true;
      Config(file, worktree, 0, hooks);
      identity_scope_ = false;
    }
    return hooks;
  }

  // commondir redirects git to another directory's config and hooks; a
  // missing one gets a placeholder naming this directory by its absolute
  // path (the jail sees the project where the host does): git also accepts
  // ".", but libgit2 (cargo) then takes the directory for no repository.
  void ProtectCommondir(const std::string& gitdir) {
    Protect(gitdir + "/commondir", false, true, gitdir + "\n",
            "would point git at another directory's config and hooks");
  }

  void Watch(const std::string& gitdir) {
    out_.review.index_files.push_back(gitdir + "/index");
    out_.review.todo_files.push_back(gitdir + "/rebase-merge/git-rebase-todo");
    out_.review.todo_files.push_back(gitdir + "/sequencer/todo");
  }

  void Modules(const std::string& dir, int depth) {
    if (view_.Kind(dir) != PathKind::kDirectory) return;
    if (depth == 0) out_.review.modules_dirs.push_back(dir);
    for (const auto& name : view_.List(dir)) {
      if (Full()) return;
      const std::string sub = dir + "/" + name;
      if (view_.Kind(sub) != PathKind::kDirectory) continue;
      if (view_.Kind(sub + "/HEAD") == PathKind::kFile) {
        GitDir(sub, SubmoduleWorktree(sub));
      } else if (depth < kMaxModulesDepth) {
        Modules(sub, depth + 1);
      }
    }
  }

  // core.worktree of a submodule's git dir names its working tree.
  std::string SubmoduleWorktree(const std::string& gitdir) {
    const std::string* text = view_.Read(gitdir + "/config");
    if (!text) return "";
    std::string tree;
    for (const auto& e : git::ParseConfig(*text).entries)
      if (e.Key() == "core.worktree" && e.has_value) tree = Resolve(gitdir, e.value);
    return tree;
  }

  // What a config file makes host git run; `hooks` collects core.hooksPath.
  void Config(const std::string& file, const std::string& worktree, int depth, std::vector<std::string>& hooks) {
    if (depth > kMaxIncludeDepth) return;
    const std::string* text = view_.Read(file);
    if (!text) return;
    for (const auto& e : git::ParseConfig(*text).entries) {
      if (identity_scope_) TakeGitIdentity(e, out_.identity);
      switch (git::UseOf(e)) {
        case git::ValueUse::kNone: break;
        case git::ValueUse::kInclude: {
          std::string path = Expand(e.value, Dirname(file));
          if (path.empty()) break;
          // A file, not a directory: git fails on an included directory.
          Protect(path, false, true, "", "git config included by " + file);
          // An includeIf's condition is not evaluated here: its identity
          // may be meant for other repositories.
          bool scope = std::exchange(identity_scope_, identity_scope_ && e.section == "include");
          Config(path, worktree, depth + 1, hooks);
          identity_scope_ = scope;
          break;
        }
        case git::ValueUse::kHooksDir: {
          std::string dir = Expand(e.value, worktree);
          if (dir.empty()) break;
          hooks.push_back(dir);
          Protect(dir, true, true, "", "hooks directory (core.hooksPath in " + file + ")");
          // husky >= 9 sets core.hooksPath to .husky/_, whose wrappers run
          // the user's hook scripts one level up.
          if (Basename(dir) == "_")
            Protect(Dirname(dir), true, true, "", "hook scripts run through " + dir + " (husky)");
          break;
        }
        case git::ValueUse::kCommand:
          for (const auto& word : git::PathWords(e.value)) {
            std::string path = Expand(word, worktree);
            if (!path.empty())
              Protect(path, true, true, "", "run by git on the host (" + e.Key() + " in " + file + ")");
          }
          break;
      }
    }
  }

  // A hook that hands over to a hook manager makes the manager's config a hook.
  void HookManagersIn(const std::string& dir, const std::string& worktree) {
    if (worktree.empty()) return;
    size_t read = 0;
    for (const auto& name : view_.List(dir)) {
      if (name.size() > 7 && name.compare(name.size() - 7, 7, ".sample") == 0) continue;
      if (++read > kMaxHookScriptsRead) break;
      const std::string* script = view_.Read(dir + "/" + name);
      if (!script) continue;
      for (const auto& manager : HookManagers()) {
        if (script->find(manager.tool) == std::string::npos) continue;
        for (const char* rel : manager.files) {
          std::string path = NormalizePath(worktree + "/" + rel);
          Protect(path, true, true, "", std::string("read by the ") + manager.tool + " hook " + dir + "/" + name);
        }
      }
    }
  }

  std::string Expand(const std::string& value, const std::string& relative_to) {
    if (value.empty()) return "";
    const std::string& home = view_.host().home;
    if (value == "~") return home;
    if (StartsWith(value, "~/")) return home.empty() ? "" : NormalizePath(home + value.substr(1));
    if (value[0] == '/') return NormalizePath(value);
    if (relative_to.empty() || value[0] == '~' || value[0] == '%') return "";
    return NormalizePath(relative_to + "/" + value);
  }

  // The writable mount of the jail holding `path` ("" if none): the project,
  // a git dir bound for it, or a read-write grant. Paths the jail cannot
  // write need no protection.
  std::string WritableBase(const std::string& path) const {
    std::string best;
    auto consider = [&](const std::string& root) {
      if (PathIsWithin(path, root) && root.size() > best.size()) best = root;
    };
    consider(policy_.project_dir);
    for (const auto& b : out_.binds) consider(b.path);
    for (const auto& g : policy_.extra_paths)
      if (g.writable) consider(g.path);
    for (const auto& g : policy_.home_shares)
      if (g.writable) consider(g.path);
    return best;
  }

  bool Full() const { return out_.protect.size() >= kMaxProtected; }

  void Protect(const std::string& path, bool dir, bool placeholder, const std::string& content,
               const std::string& why) {
    std::string base = WritableBase(path);
    if (base.empty() || base == path) return;
    if (Full()) {
      if (!full_reported_) {
        full_reported_ = true;
        Refuse(policy_.project_dir, "holds more than " + std::to_string(kMaxProtected) +
                                        " git paths to protect (worktree entries, submodule git dirs, ...); "
                                        "remove what an earlier run created");
      }
      return;
    }
    ProtectedEntry e;
    e.path = path;
    e.dir = dir;
    e.placeholder = placeholder;
    e.content = content;
    e.base = base;
    e.why = why;
    out_.protect.push_back(std::move(e));
  }

  void Refuse(const std::string& path, const std::string& why) {
    ProtectedEntry e;
    e.path = path;
    e.base = WritableBase(path);
    e.refuse = why;
    out_.protect.push_back(std::move(e));
  }

  void Bind(const std::string& path, const std::string& why) {
    for (const auto& b : out_.binds)
      if (PathIsWithin(path, b.path)) return;
    out_.binds.push_back({path, why});
  }

  const policy::Policy& policy_;
  HostView& view_;
  bool identity_scope_ = false;  // reading the global config files (and their plain includes)
  GitDirsPlan out_;
  std::set<std::string> done_;
  bool full_reported_ = false;
};

}  // namespace

const std::vector<HookManager>& HookManagers() {
  static const std::vector<HookManager> managers = {
      {"pre-commit", {".pre-commit-config.yaml", ".pre-commit-config.yml"}},
      {"lefthook",
       {"lefthook.yml", ".lefthook.yml", "lefthook.yaml", ".lefthook.yaml", "lefthook.toml", ".lefthook.toml",
        "lefthook.json", ".lefthook.json", "lefthook-local.yml", ".lefthook-local.yml", "lefthook-local.yaml",
        ".lefthook-local.yaml", ".lefthook/", ".lefthook-local/"}},
      {"overcommit", {".overcommit.yml"}},
  };
  return managers;
}

std::vector<std::string> GlobalGitConfigFiles(const HostFacts& host) {
  std::vector<std::string> files;
  auto env = [&](const char* name) -> const std::string* {
    auto it = host.env.find(name);
    return it == host.env.end() ? nullptr : &it->second;
  };
  if (const std::string* system = env("GIT_CONFIG_SYSTEM")) {
    if (!system->empty() && (*system)[0] == '/') files.push_back(*system);
  } else if (!env("GIT_CONFIG_NOSYSTEM")) {
    files.push_back("/etc/gitconfig");
  }
  if (const std::string* global = env("GIT_CONFIG_GLOBAL")) {
    if (!global->empty() && (*global)[0] == '/') files.push_back(*global);
  } else if (!host.home.empty()) {
    const std::string* xdg = env("XDG_CONFIG_HOME");
    files.push_back((xdg && !xdg->empty() && (*xdg)[0] == '/' ? *xdg : host.home + "/.config") + "/git/config");
    files.push_back(host.home + "/.gitconfig");
  }
  return files;
}

GitDirsPlan PlanGitDirs(const policy::Policy& policy, HostView& view) { return Planner(policy, view).Run(); }

}  // namespace paddock::plan
