#include "plan/protected_paths.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "fake_tree.h"
#include "git/dir_shape.h"
#include "plan/git_identity.h"
#include "review/agent_configs.h"

namespace paddock::plan {
namespace {

const std::string kHome = "/home/u";
const std::string kProject = kHome + "/proj";

// A project on a fake host, planned the way `paddock run` plans it.
struct World {
  FakeTree fs;
  policy::Policy pol;
  HostFacts host;

  World() {
    pol.project_dir = kProject;
    host.home = kHome;
    host.state_dir = kHome + "/.local/state/paddock";
    fs.Dir(kProject);
  }
  // A repository at `dir` as `git init` makes it.
  void Repo(const std::string& dir) {
    fs.File(dir + "/.git/HEAD", "ref: refs/heads/main\n");
    fs.File(dir + "/.git/config", "[core]\n\trepositoryformatversion = 0\n");
    fs.Dir(dir + "/.git/objects");
    fs.Dir(dir + "/.git/hooks");
    fs.File(dir + "/.git/hooks/pre-commit.sample", "#!/bin/sh\n");
  }
  Result<LaunchPlan> Plan() {
    host.paths[kProject] = fs.Lstat(kProject);
    host.nested_git = fs.NestedGit(kProject);
    bool settled = SettleHostQuestions([&](const HostFacts& h) { return ProtectedPathsProbe(pol, h); }, fs, host);
    EXPECT_TRUE(settled);
    LaunchPlan plan;
    if (auto st = PlanProtectedPaths(pol, host, plan); !st) return st.error();
    return plan;
  }
};

const MountOp* MountAt(const LaunchPlan& plan, const std::string& target) {
  for (const auto& m : plan.mounts)
    if (m.target == target) return &m;
  return nullptr;
}
bool ReadOnly(const LaunchPlan& plan, const std::string& target) {
  const MountOp* m = MountAt(plan, target);
  return m && m->read_only;
}
const Placeholder* PlaceholderAt(const LaunchPlan& plan, const std::string& path) {
  for (const auto& p : plan.placeholders)
    if (p.path == path) return &p;
  return nullptr;
}
bool Warned(const LaunchPlan& plan, const std::string& text) {
  return std::any_of(plan.hardening_warnings.begin(), plan.hardening_warnings.end(),
                     [&](const std::string& w) { return w.find(text) != std::string::npos; });
}

TEST(ProtectedPaths, GitHooksConfigInfoReadOnlyGitDirAnchored) {
  World w;
  w.Repo(kProject);
  w.fs.File(kProject + "/.envrc", "export X=1\n");
  auto plan = w.Plan();
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  const MountOp* git = MountAt(*plan, kProject + "/.git");
  ASSERT_TRUE(git);
  EXPECT_FALSE(git->read_only);  // commits must work
  EXPECT_TRUE(git->source_in_jail);
  EXPECT_TRUE(ReadOnly(*plan, kProject + "/.git/hooks"));
  EXPECT_TRUE(MountAt(*plan, kProject + "/.git/hooks")->source_is_dir);
  EXPECT_TRUE(ReadOnly(*plan, kProject + "/.git/config"));
  EXPECT_FALSE(MountAt(*plan, kProject + "/.git/config")->source_is_dir);
  EXPECT_TRUE(ReadOnly(*plan, kProject + "/.git/info"));
  EXPECT_TRUE(ReadOnly(*plan, kProject + "/.envrc"));
  auto pos = [&](const std::string& t) {
    return std::find_if(plan->mounts.begin(), plan->mounts.end(), [&](const MountOp& m) { return m.target == t; }) -
           plan->mounts.begin();
  };
  EXPECT_LT(pos(kProject + "/.git"), pos(kProject + "/.git/hooks"));  // the anchor first
}

// Placeholders: a placeholder in the working tree is an empty directory,
// which git does not see, so `git add -A` never commits one.
TEST(ProtectedPaths, WorkingTreePlaceholdersAreDirectoriesGitDirOnesKeepTheirKind) {
  World w;
  w.Repo(kProject);
  auto plan = w.Plan();
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  for (const char* name : {".mcp.json", ".gitmodules", ".bashrc", ".zshrc", ".profile", ".gitconfig", ".paddock.toml",
                           ".envrc", ".claude", ".devcontainer.json"}) {
    const Placeholder* p = PlaceholderAt(*plan, kProject + "/" + name);
    ASSERT_TRUE(p) << name;
    EXPECT_TRUE(p->directory) << name;
    EXPECT_TRUE(ReadOnly(*plan, kProject + "/" + name)) << name;
  }
  for (const auto& p : plan->placeholders) {
    if (!PathIsWithin(p.path, kProject + "/.git")) {
      EXPECT_TRUE(p.directory) << p.path;
    }
  }
  const Placeholder* commondir = PlaceholderAt(*plan, kProject + "/.git/commondir");
  ASSERT_TRUE(commondir);
  EXPECT_FALSE(commondir->directory);                   // git reads it as a file
  EXPECT_EQ(commondir->content, kProject + "/.git\n");  // libgit2 refuses "."
}

TEST(ProtectedPaths, EditorFilesThatAskBeforeTrustAreProtectedOnlyWhilePresent) {
  World w;
  w.Repo(kProject);
  w.fs.File(kProject + "/.nvim.lua", "vim.cmd('!id')\n");
  auto plan = w.Plan();
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_TRUE(ReadOnly(*plan, kProject + "/.nvim.lua"));
  EXPECT_FALSE(MountAt(*plan, kProject + "/.exrc"));
  EXPECT_FALSE(PlaceholderAt(*plan, kProject + "/mise.toml"));
  EXPECT_TRUE(PlaceholderAt(*plan, kProject + "/.devcontainer"));  // runs on the host without asking
}

// Other agents' project config that runs code on the host (MCP servers,
// plugins, hooks): read-only while present, no placeholder when missing;
// the review is told what is protected, so it compares the rest of the
// root's config (a missing one the run could create, one --unprotect'ed).
TEST(ProtectedPaths, OtherAgentsConfigIsProtectedWhilePresentAndTheReviewKnowsWhatIs) {
  World w;
  w.Repo(kProject);
  w.fs.File(kProject + "/opencode.json", "{\"mcp\":{}}\n");
  w.fs.Dir(kProject + "/.kiro/hooks");
  w.pol.unprotect = {".vscode"};
  auto plan = w.Plan();
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_TRUE(ReadOnly(*plan, kProject + "/opencode.json"));
  EXPECT_TRUE(ReadOnly(*plan, kProject + "/.kiro"));
  for (const char* missing : {".opencode", "opencode.jsonc", ".windsurf", ".roo", ".amazonq", ".qwen", "crush.json",
                              ".crush.json", ".aider.conf.yml"}) {
    EXPECT_FALSE(MountAt(*plan, kProject + "/" + missing)) << missing;
    EXPECT_FALSE(PlaceholderAt(*plan, kProject + "/" + missing)) << missing;
  }
  const auto& guarded = plan->review.protected_paths;
  auto has = [&](const std::string& p) { return std::find(guarded.begin(), guarded.end(), p) != guarded.end(); };
  EXPECT_TRUE(has(kProject + "/opencode.json"));
  EXPECT_TRUE(has(kProject + "/.kiro"));
  EXPECT_TRUE(has(kProject + "/.claude")) << "a placeholder";
  EXPECT_FALSE(has(kProject + "/.opencode"));
  EXPECT_FALSE(has(kProject + "/.vscode")) << "unprotected";
  EXPECT_EQ(guarded, plan->protected_paths);
}

// Every name the review knows as agent or editor config is protected at
// the root (with or without a placeholder).
TEST(ProtectedPaths, EveryAgentConfigNameIsADefaultProtectedPath) {
  std::set<std::string> defaults;
  for (const auto& d : DefaultProtectedPaths()) {
    std::string path = d.path;
    if (!path.empty() && path.back() == '/') path.pop_back();
    defaults.insert(path);
  }
  for (auto name : review::AgentConfigNames(review::kAllAgentConfigs))
    EXPECT_EQ(defaults.count(std::string(name)), 1u) << name;
}

TEST(ProtectedPaths, NoRepositoryProtectsGitItselfUnlessUnprotected) {
  World w;
  auto plan = w.Plan();
  ASSERT_TRUE(plan.ok());
  ASSERT_TRUE(PlaceholderAt(*plan, kProject + "/.git"));
  EXPECT_TRUE(PlaceholderAt(*plan, kProject + "/.git")->directory);
  EXPECT_TRUE(ReadOnly(*plan, kProject + "/.git"));

  World w2;
  w2.pol.unprotect = {".git"};
  auto plan2 = w2.Plan();
  ASSERT_TRUE(plan2.ok());
  EXPECT_FALSE(MountAt(*plan2, kProject + "/.git"));
  EXPECT_TRUE(Warned(*plan2, "not protected"));
}

// Started in a subdirectory of a repository: git there cannot work, and
// paddock says so instead of leaving "not a git repository" to the user.
TEST(ProtectedPaths, AProjectInsideARepositorysWorkingTreeIsWarnedAbout) {
  World inside;
  inside.pol.project_dir = kProject + "/app/web";
  inside.fs.Dir(kProject + "/app/web");
  inside.Repo(kProject);
  auto plan = inside.Plan();
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_TRUE(Warned(*plan, kProject + "/app/web is inside the git repository " + kProject));
  EXPECT_TRUE(Warned(*plan, "--project " + kProject));
  World dotfiles;  // a home kept in git
  dotfiles.Repo(kHome);
  auto plan2 = dotfiles.Plan();
  ASSERT_TRUE(plan2.ok());
  EXPECT_FALSE(Warned(*plan2, "inside the git repository"));
  World own;
  own.Repo(kProject);
  auto plan3 = own.Plan();
  ASSERT_TRUE(plan3.ok());
  EXPECT_FALSE(Warned(*plan3, "inside the git repository"));
}

TEST(ProtectedPaths, SymlinksAreRefused) {
  World w;
  w.fs.Link(kProject + "/.envrc", "/etc/hostname");
  auto st = w.Plan();
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find(".envrc is a symbolic link"), std::string::npos) << st.error().message;
  EXPECT_NE(st.error().message.find("--unprotect"), std::string::npos);
}

// A read-only bind protects a name, not the file: another name for it (a
// hard link an earlier run made before the file was protected) would let the
// jail change it. Refused, for a protected file and for one below a
// protected directory.
TEST(ProtectedPaths, HardLinkedProtectedFilesAreRefused) {
  World file;
  file.Repo(kProject);
  file.fs.File(kProject + "/.git/config", "[core]\n");
  file.fs.HardLink(kProject + "/notes.txt", kProject + "/.git/config");
  auto st = file.Plan();
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find(".git/config has 2 hard links"), std::string::npos) << st.error().message;
  EXPECT_NE(st.error().message.find("-samefile"), std::string::npos);

  World below;
  below.Repo(kProject);
  below.fs.File(kProject + "/.claude/hooks/check.sh", "#!/bin/sh\n");
  below.fs.HardLink(kProject + "/tools/check.sh", kProject + "/.claude/hooks/check.sh");
  auto st2 = below.Plan();
  ASSERT_FALSE(st2.ok());
  EXPECT_NE(st2.error().message.find(".claude/hooks/check.sh has 2 hard links"), std::string::npos)
      << st2.error().message;

  World plain;  // one name each: planned
  plain.Repo(kProject);
  plain.fs.File(kProject + "/.claude/hooks/check.sh", "#!/bin/sh\n");
  EXPECT_TRUE(plain.Plan().ok());
}

TEST(ProtectedPaths, ProtectAddsAndAnchorsParentsUnprotectRemoves) {
  World w;
  w.pol.protect = {"ci/deploy.sh", "secrets/"};
  w.pol.unprotect = {".idea"};
  w.fs.File(kProject + "/ci/deploy.sh", "deploy\n");
  auto plan = w.Plan();
  ASSERT_TRUE(plan.ok());
  EXPECT_FALSE(MountAt(*plan, kProject + "/ci")->read_only);  // anchor: cannot be renamed away
  EXPECT_TRUE(ReadOnly(*plan, kProject + "/ci/deploy.sh"));
  EXPECT_TRUE(PlaceholderAt(*plan, kProject + "/secrets")->directory);
  EXPECT_FALSE(MountAt(*plan, kProject + "/.idea"));
}

TEST(ProtectedPaths, MissingParentBecomesTheDirectoryPlaceholder) {
  World w;
  w.pol.protect = {"a/b/c.txt"};
  auto plan = w.Plan();
  ASSERT_TRUE(plan.ok());
  EXPECT_TRUE(PlaceholderAt(*plan, kProject + "/a")->directory);
  EXPECT_TRUE(ReadOnly(*plan, kProject + "/a"));
  EXPECT_FALSE(MountAt(*plan, kProject + "/a/b/c.txt"));
}

TEST(ProtectedPaths, BadFlagsAreErrors) {
  World w;
  w.pol.protect = {"/etc/passwd"};
  auto st = w.Plan();
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("not a path inside the project"), std::string::npos);
  World w2;
  w2.pol.unprotect = {"src"};
  st = w2.Plan();
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("nothing is protected at"), std::string::npos);
}

// Git pointers: nothing in the project decides what gets mounted.
TEST(ProtectedPaths, AGitFileNamingAnyDirectoryMountsNothing) {
  World w;
  w.fs.File(kHome + "/.ssh/id_ed25519", "KEY");
  w.fs.File(kProject + "/.git", "gitdir: " + kHome + "\n");
  auto plan = w.Plan();
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_FALSE(MountAt(*plan, kHome));
  EXPECT_TRUE(ReadOnly(*plan, kProject + "/.git"));  // the pointer cannot be rewritten either
  EXPECT_TRUE(Warned(*plan, "--rw " + kHome));
  for (const auto& m : plan->mounts)
    if (m.type != MountType::kFile) EXPECT_TRUE(PathIsWithin(m.target, kProject)) << m.target;
}

TEST(ProtectedPaths, RelativeGitFileEscapingTheProjectMountsNothing) {
  World w;
  w.fs.File(kProject + "/pkg/.git", "gitdir: ../../../u\n");
  w.fs.Dir(kHome + "/.ssh");
  w.pol.project_dir = kProject;  // the nested pointer is in the tree
  auto plan = w.Plan();
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  for (const auto& m : plan->mounts) EXPECT_TRUE(PathIsWithin(m.target, kProject)) << m.target;
  EXPECT_TRUE(ReadOnly(*plan, kProject + "/pkg/.git"));
}

void LinkedWorktree(World& w, const std::string& main) {
  w.Repo(main);
  const std::string admin = main + "/.git/worktrees/proj";
  w.fs.File(admin + "/gitdir", kProject + "/.git\n");
  w.fs.File(admin + "/commondir", "../..\n");
  w.fs.File(admin + "/HEAD", "ref: refs/heads/wt\n");
  w.fs.File(kProject + "/.git", "gitdir: " + admin + "\n");
}

TEST(ProtectedPaths, LinkedWorktreeConfirmedByBackPointersIsMounted) {
  World w;
  const std::string main = kHome + "/main";
  LinkedWorktree(w, main);
  auto plan = w.Plan();
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  const MountOp* common = MountAt(*plan, main + "/.git");
  ASSERT_TRUE(common);
  EXPECT_FALSE(common->read_only);
  EXPECT_FALSE(common->source_in_jail);
  EXPECT_NE(common->why.find("gitdir names"), std::string::npos) << common->why;
  EXPECT_TRUE(ReadOnly(*plan, main + "/.git/hooks"));
  EXPECT_TRUE(ReadOnly(*plan, main + "/.git/config"));
  EXPECT_TRUE(ReadOnly(*plan, main + "/.git/worktrees/proj/gitdir"));
  EXPECT_TRUE(ReadOnly(*plan, main + "/.git/worktrees/proj/commondir"));
  EXPECT_TRUE(ReadOnly(*plan, kProject + "/.git"));
  // Missing, it gets an empty placeholder: with extensions.worktreeConfig,
  // host git would read one the jail wrote (red team, stop 44).
  EXPECT_TRUE(PlaceholderAt(*plan, main + "/.git/worktrees/proj/config.worktree"));
  EXPECT_TRUE(ReadOnly(*plan, main + "/.git/worktrees/proj/config.worktree"));
}

TEST(ProtectedPaths, WorktreeWhoseBackPointerNamesAnotherCheckoutIsNotMounted) {
  World w;
  const std::string main = kHome + "/main";
  LinkedWorktree(w, main);
  w.fs.File(main + "/.git/worktrees/proj/gitdir", kHome + "/elsewhere/.git\n");
  auto plan = w.Plan();
  ASSERT_TRUE(plan.ok());
  EXPECT_FALSE(MountAt(*plan, main + "/.git"));
  EXPECT_TRUE(Warned(*plan, "--rw " + main + "/.git/worktrees/proj"));
}

TEST(ProtectedPaths, WorktreeWhoseCommondirPointsElsewhereIsNotMounted) {
  World w;
  const std::string main = kHome + "/main";
  LinkedWorktree(w, main);
  w.fs.Dir(kHome + "/.ssh");
  w.fs.File(main + "/.git/worktrees/proj/commondir", kHome + "\n");
  auto plan = w.Plan();
  ASSERT_TRUE(plan.ok());
  EXPECT_FALSE(MountAt(*plan, main + "/.git"));
  EXPECT_FALSE(MountAt(*plan, kHome));
}

TEST(ProtectedPaths, SubmoduleGitDirInsideTheSuperprojectIsMounted) {
  World w;
  const std::string super = kHome;  // the project is <super>/proj
  w.Repo(super);
  const std::string gitdir = super + "/.git/modules/proj";
  w.fs.File(gitdir + "/HEAD", "ref: refs/heads/main\n");
  w.fs.File(gitdir + "/config", "[core]\n\tworktree = ../../../proj\n");
  w.fs.File(kProject + "/.git", "gitdir: ../.git/modules/proj\n");
  auto plan = w.Plan();
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  ASSERT_TRUE(MountAt(*plan, gitdir));
  EXPECT_FALSE(MountAt(*plan, gitdir)->read_only);
  EXPECT_FALSE(MountAt(*plan, super + "/.git"));  // only the submodule's own git dir
  EXPECT_TRUE(ReadOnly(*plan, gitdir + "/hooks"));
  EXPECT_TRUE(ReadOnly(*plan, gitdir + "/config"));
}

TEST(ProtectedPaths, SubmoduleLookalikeLeavingModulesThroughASymlinkIsNotMounted) {
  World w;
  w.Repo(kHome);
  w.fs.File(kHome + "/secrets/HEAD", "x");
  w.fs.Link(kHome + "/.git/modules/evil", kHome + "/secrets");
  w.fs.File(kProject + "/.git", "gitdir: ../.git/modules/evil\n");
  auto plan = w.Plan();
  ASSERT_TRUE(plan.ok());
  EXPECT_FALSE(MountAt(*plan, kHome + "/secrets"));
  EXPECT_FALSE(MountAt(*plan, kHome + "/.git/modules/evil"));
}

TEST(ProtectedPaths, AGitDirTheUserGrantedIsProtectedNotBoundAgain) {
  World w;
  const std::string g = "/srv/g";
  w.fs.File(g + "/HEAD", "x");
  w.fs.File(g + "/config", "");
  w.fs.Dir(g + "/hooks");
  w.fs.File(kProject + "/.git", "gitdir: " + g + "\n");
  w.pol.extra_paths.push_back({g, true});
  auto plan = w.Plan();
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_FALSE(MountAt(*plan, g));  // the grant's own bind is planned by PlanMounts
  EXPECT_TRUE(ReadOnly(*plan, g + "/hooks"));
  EXPECT_TRUE(ReadOnly(*plan, g + "/config"));
  EXPECT_FALSE(Warned(*plan, "cannot confirm"));
}

// Every git dir inside the project, and what config names.
TEST(ProtectedPaths, NestedRepositoriesSubmodulesAndWorktreeEntriesAreProtected) {
  World w;
  w.Repo(kProject);
  w.Repo(kProject + "/vendor/lib");
  w.fs.File(kProject + "/.git/modules/a/b/HEAD", "x");
  w.fs.File(kProject + "/.git/modules/a/b/config", "");
  w.fs.File(kProject + "/.git/worktrees/w/gitdir", "/tmp/w/.git\n");
  w.fs.File(kProject + "/.git/worktrees/w/commondir", "../..\n");
  auto plan = w.Plan();
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  for (const char* p :
       {"/vendor/lib/.git/hooks", "/vendor/lib/.git/config", "/vendor/lib/.git/info", "/.git/modules/a/b/hooks",
        "/.git/modules/a/b/config", "/.git/worktrees/w/gitdir", "/.git/worktrees/w/commondir"})
    EXPECT_TRUE(ReadOnly(*plan, kProject + p)) << p;
  for (const char* p : {"/vendor", "/vendor/lib", "/vendor/lib/.git"})
    EXPECT_FALSE(MountAt(*plan, kProject + p)->read_only) << p;            // anchors
  EXPECT_FALSE(PlaceholderAt(*plan, kProject + "/vendor/lib/.mcp.json"));  // defaults only at the root
}

// A directory shaped like a git dir is a bare repository to git run inside
// it: its hooks, info, config and commondir (when present) are read-only, and
// a missing config or commondir gets no placeholder file, which the enclosing
// repository would see (and `git add -A` commit).
TEST(ProtectedPaths, BareRepositoriesInTheWorkingTreeAreProtectedWithoutFilePlaceholders) {
  World w;
  w.Repo(kProject);
  const std::string fixture = kProject + "/tests/fixture.git", shaped = kProject + "/tests/redirected";
  w.fs.File(fixture + "/HEAD", "ref: refs/heads/main\n");
  w.fs.File(fixture + "/config", "[core]\n\tbare = true\n\tpager = ./pager.sh\n");
  w.fs.Dir(fixture + "/objects");
  w.fs.Dir(fixture + "/refs");
  w.fs.File(shaped + "/HEAD", "ref: refs/heads/main\n");
  w.fs.File(shaped + "/commondir", "../fixture.git\n");
  w.host.nested_bare = {{fixture, git::kHead | git::kObjects | git::kRefs | git::kConfig},
                        {shaped, git::kHead | git::kCommondir}};
  auto plan = w.Plan();
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  for (const std::string p : {fixture + "/config", fixture + "/hooks", fixture + "/info", fixture + "/pager.sh",
                              shaped + "/commondir", shaped + "/hooks"})
    EXPECT_TRUE(ReadOnly(*plan, p)) << p;
  EXPECT_TRUE(PlaceholderAt(*plan, fixture + "/hooks"));
  EXPECT_TRUE(PlaceholderAt(*plan, fixture + "/hooks")->directory);
  EXPECT_FALSE(PlaceholderAt(*plan, fixture + "/commondir"));
  EXPECT_FALSE(MountAt(*plan, fixture + "/commondir"));
  EXPECT_FALSE(PlaceholderAt(*plan, shaped + "/config"));
  EXPECT_EQ(plan->review.known_bare_git_dirs.size(), 2u);
}

TEST(ProtectedPaths, NestedGitPointerToTheOutsideMountsNothing) {
  World w;
  w.Repo(kProject);
  // A linked worktree of another repository, whose back-pointer even names
  // the nested checkout: only the project's own .git may lead to a mount.
  const std::string admin = kHome + "/main/.git/worktrees/sub";
  w.Repo(kHome + "/main");
  w.fs.File(admin + "/gitdir", kProject + "/sub/.git\n");
  w.fs.File(admin + "/commondir", "../..\n");
  w.fs.File(kProject + "/sub/.git", "gitdir: " + admin + "\n");
  auto plan = w.Plan();
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_FALSE(MountAt(*plan, kHome + "/main/.git"));
  EXPECT_TRUE(ReadOnly(*plan, kProject + "/sub/.git"));
}

TEST(ProtectedPaths, NestedGitSymlinkIsRefusedUnlessUnprotected) {
  World w;
  w.Repo(kProject);
  w.fs.Link(kProject + "/sub/.git", "../fake");
  auto st = w.Plan();
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("sub/.git is a symbolic link"), std::string::npos) << st.error().message;
  World w2;
  w2.Repo(kProject);
  w2.fs.Link(kProject + "/sub/.git", "../fake");
  w2.pol.unprotect = {"sub/.git"};
  EXPECT_TRUE(w2.Plan().ok());
}

TEST(ProtectedPaths, ThousandsOfPlantedRepositoriesAreRefusedNotMountedOneByOne) {
  World w;
  w.Repo(kProject);
  for (int i = 0; i < 2001; ++i) w.fs.Dir(kProject + "/r" + std::to_string(i) + "/.git");
  auto st = w.Plan();
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("2001 nested git repositories"), std::string::npos) << st.error().message;
}

TEST(ProtectedPaths, AFloodOfWorktreeEntriesIsRefusedNotMounted) {
  World w;
  w.Repo(kProject);
  for (int i = 0; i < 4000; ++i) {
    const std::string admin = kProject + "/.git/worktrees/w" + std::to_string(i);
    w.fs.File(admin + "/gitdir", "/x/.git\n");
    w.fs.File(admin + "/commondir", "../..\n");
    w.fs.File(admin + "/config.worktree", "");
  }
  auto st = w.Plan();
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("more than 10000 git paths"), std::string::npos) << st.error().message;
}

TEST(ProtectedPaths, HooksPathInsideTheProjectIsProtectedAndHuskysParentToo) {
  World w;
  w.Repo(kProject);
  w.fs.File(kProject + "/.git/config", "[core]\n\thooksPath = .husky/_\n");
  w.fs.File(kProject + "/.husky/pre-commit", "npm test\n");
  auto plan = w.Plan();
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_TRUE(ReadOnly(*plan, kProject + "/.husky"));  // covers .husky/_ (a placeholder if missing)

  World w2;
  w2.Repo(kProject);
  w2.fs.File(kProject + "/.git/config", "[core]\n\thooksPath = githooks\n");
  auto plan2 = w2.Plan();
  ASSERT_TRUE(plan2.ok());
  ASSERT_TRUE(PlaceholderAt(*plan2, kProject + "/githooks"));  // missing: cannot be created
  EXPECT_TRUE(ReadOnly(*plan2, kProject + "/githooks"));
}

TEST(ProtectedPaths, GlobalConfigHooksPathIsRelativeToEachCheckout) {
  World w;
  w.Repo(kProject);
  w.fs.File(kHome + "/.gitconfig", "[core]\n  hooksPath = .githooks\n");
  w.fs.Dir(kProject + "/.githooks");
  auto plan = w.Plan();
  ASSERT_TRUE(plan.ok());
  EXPECT_TRUE(ReadOnly(*plan, kProject + "/.githooks"));

  World w2;
  w2.Repo(kProject);
  w2.host.env["GIT_CONFIG_GLOBAL"] = "/etc/other.gitconfig";
  w2.fs.File("/etc/other.gitconfig", "[core]\n  hooksPath = hooks-here\n");
  w2.fs.File(kHome + "/.gitconfig", "[core]\n  hooksPath = not-read\n");
  auto plan2 = w2.Plan();
  ASSERT_TRUE(plan2.ok());
  EXPECT_TRUE(PlaceholderAt(*plan2, kProject + "/hooks-here"));
  EXPECT_FALSE(MountAt(*plan2, kProject + "/not-read"));
}

TEST(ProtectedPaths, IncludedConfigAndCommandsNamingProjectFilesAreProtected) {
  World w;
  w.Repo(kProject);
  w.fs.File(kProject + "/.git/config",
            "[include]\n\tpath = ../tools/shared.gitconfig\n"
            "[core]\n\tfsmonitor = ./tools/fsmon.sh\n\tpager = less -R\n"
            "[alias]\n\tup = \"!scripts/up.sh --fast\"\n\tst = status\n");
  w.fs.File(kProject + "/tools/shared.gitconfig",
            "[include]\n\tpath = more.gitconfig\n[diff \"x\"]\n\ttextconv = tools/conv\n");
  w.fs.File(kProject + "/tools/fsmon.sh", "#!/bin/sh\n");
  auto plan = w.Plan();
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_TRUE(ReadOnly(*plan, kProject + "/tools/shared.gitconfig"));
  EXPECT_TRUE(ReadOnly(*plan, kProject + "/tools/fsmon.sh"));
  EXPECT_TRUE(ReadOnly(*plan, kProject + "/tools/conv"));  // named by the included file
  ASSERT_TRUE(PlaceholderAt(*plan, kProject + "/tools/more.gitconfig"));
  EXPECT_FALSE(PlaceholderAt(*plan, kProject + "/tools/more.gitconfig")->directory);  // git reads a file
  EXPECT_TRUE(ReadOnly(*plan, kProject + "/scripts"));  // missing: placeholder at the first gap
  EXPECT_FALSE(MountAt(*plan, kProject + "/less"));
  EXPECT_FALSE(MountAt(*plan, kProject + "/tools")->read_only);  // an anchor, still writable
}

// The jail home hides ~/.gitconfig: the host user's name and email reach the
// jail's git at the system scope (below the repository's and the jail
// home's config), from the global files and their plain includes; an
// includeIf's is meant for other repositories, the repository's own config
// is visible anyway, and the rest of a global config is not carried. (Git
// drops the quotes around "The" in the file.)
TEST(ProtectedPaths, TheHostsGitIdentityIsCarriedAtTheSystemScope) {
  World w;
  w.Repo(kProject);
  w.fs.File(kProject + "/.git/config", "[user]\n\temail = repo@example.com\n");
  w.fs.File(kHome + "/.gitconfig",
            "[user]\n\tname = Old Name\n[include]\n\tpath = ~/.gitconfig-id\n"
            "[includeIf \"gitdir:~/work/\"]\n\tpath = ~/.gitconfig-work\n"
            "[http]\n\textraHeader = Authorization: Bearer secret\n");
  w.fs.File(kHome + "/.gitconfig-id", "[user]\n\tname = Ada \"The\" Lovelace\n\temail = ada@example.com\n");
  w.fs.File(kHome + "/.gitconfig-work", "[user]\n\temail = ada@work.example\n");
  auto plan = w.Plan();
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  const MountOp* file = MountAt(*plan, kJailSystemGitConfig);
  ASSERT_TRUE(file);
  EXPECT_EQ(file->type, MountType::kFile);
  EXPECT_TRUE(file->read_only);
  EXPECT_NE(file->data.find("[include]\n\tpath = /etc/gitconfig\n[user]\n\tname = \"Ada The Lovelace\"\n"
                            "\temail = \"ada@example.com\"\n"),
            std::string::npos)
      << file->data;
  EXPECT_EQ(file->data.find("secret"), std::string::npos);
  EXPECT_EQ(file->data.find("repo@example.com"), std::string::npos);
  EXPECT_EQ(plan->env, std::vector<std::string>{"GIT_CONFIG_SYSTEM=/run/paddock/gitconfig"});

  World none;  // no identity in the global files (the repository's own is visible): only the excludes
  none.Repo(kProject);
  none.fs.File(kProject + "/.git/config", "[user]\n\temail = repo@example.com\n");
  auto plain = none.Plan();
  ASSERT_TRUE(plain.ok());
  const MountOp* excludes_only = MountAt(*plain, kJailSystemGitConfig);
  ASSERT_TRUE(excludes_only);
  EXPECT_EQ(excludes_only->data.find("[user]"), std::string::npos);
  const MountOp* excludes = MountAt(*plain, kJailGitExcludes);
  ASSERT_TRUE(excludes);
  EXPECT_NE(excludes->data.find("\n/.vscode/\n"), std::string::npos) << excludes->data;

  World not_a_repo;  // nothing to commit to: the global files are not read
  not_a_repo.fs.File(kHome + "/.gitconfig", "[user]\n\tname = Ada\n");
  auto bare = not_a_repo.Plan();
  ASSERT_TRUE(bare.ok());
  EXPECT_FALSE(MountAt(*bare, kJailSystemGitConfig));
  // ... unless `git init` is allowed there: its commits need the identity.
  not_a_repo.pol.unprotect = {".git"};
  auto init = not_a_repo.Plan();
  ASSERT_TRUE(init.ok()) << init.error().message;
  ASSERT_TRUE(MountAt(*init, kJailSystemGitConfig));
  EXPECT_NE(MountAt(*init, kJailSystemGitConfig)->data.find("name = \"Ada\""), std::string::npos);
}

TEST(ProtectedPaths, AnIncludeCycleSettles) {
  World w;
  w.Repo(kProject);
  w.fs.File(kProject + "/.git/config", "[include]\n\tpath = ../a.cfg\n");
  w.fs.File(kProject + "/a.cfg", "[include]\n\tpath = b.cfg\n");
  w.fs.File(kProject + "/b.cfg", "[include]\n\tpath = a.cfg\n");
  auto plan = w.Plan();
  ASSERT_TRUE(plan.ok());
  EXPECT_TRUE(ReadOnly(*plan, kProject + "/a.cfg"));
  EXPECT_TRUE(ReadOnly(*plan, kProject + "/b.cfg"));
}

TEST(ProtectedPaths, HookManagerConfigsAreHooksWhenTheirHookIsInstalled) {
  World w;
  w.Repo(kProject);
  w.fs.File(kProject + "/.git/hooks/pre-commit",
            "#!/usr/bin/env bash\nexec pre-commit hook-impl --hook-type=pre-commit\n");
  w.fs.File(kProject + "/.pre-commit-config.yaml", "repos: []\n");
  auto plan = w.Plan();
  ASSERT_TRUE(plan.ok());
  EXPECT_TRUE(ReadOnly(*plan, kProject + "/.pre-commit-config.yaml"));
  EXPECT_TRUE(PlaceholderAt(*plan, kProject + "/.pre-commit-config.yml"));
  EXPECT_FALSE(MountAt(*plan, kProject + "/lefthook.yml"));

  World w2;  // only the sample hooks: nothing hands over to a manager
  w2.Repo(kProject);
  w2.fs.File(kProject + "/.git/hooks/pre-commit.sample", "pre-commit lefthook\n");
  auto plan2 = w2.Plan();
  ASSERT_TRUE(plan2.ok());
  EXPECT_FALSE(MountAt(*plan2, kProject + "/.pre-commit-config.yaml"));
}

TEST(ProtectedPaths, ReviewWatchesTheIndexAndTodoListsOfEveryRepository) {
  World w;
  w.Repo(kProject);
  w.Repo(kProject + "/sub");
  auto plan = w.Plan();
  ASSERT_TRUE(plan.ok());
  const auto& idx = plan->review.index_files;
  EXPECT_NE(std::find(idx.begin(), idx.end(), kProject + "/.git/index"), idx.end());
  EXPECT_NE(std::find(idx.begin(), idx.end(), kProject + "/sub/.git/index"), idx.end());
  const auto& todo = plan->review.todo_files;
  EXPECT_NE(std::find(todo.begin(), todo.end(), kProject + "/.git/rebase-merge/git-rebase-todo"), todo.end());
  EXPECT_EQ(plan->review.known_git_entries, std::vector<std::string>{kProject + "/sub/.git"});
}

}  // namespace
}  // namespace paddock::plan

namespace paddock::plan {
namespace {

// An agent's config dir shared read-write from the real home: what runs code
// on the host later is protected there too, placeholders included, and the
// placeholders stay (another project's run may have them mounted).
TEST(ProtectedPaths, PathsInAWritableShareAreProtectedWithPlaceholdersThatStay) {
  World w;
  const std::string claude = kHome + "/.claude";
  w.fs.Dir(claude + "/projects");
  w.fs.File(claude + "/CLAUDE.md", "be careful\n");
  w.pol.home_shares.push_back({claude, true, true});
  w.pol.protect = {claude + "/settings.json", claude + "/hooks", claude + "/CLAUDE.md", claude + "/config.toml"};
  auto plan = w.Plan();
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_TRUE(ReadOnly(*plan, claude + "/settings.json"));
  EXPECT_TRUE(ReadOnly(*plan, claude + "/hooks"));
  EXPECT_TRUE(ReadOnly(*plan, claude + "/CLAUDE.md"));
  const Placeholder* settings = PlaceholderAt(*plan, claude + "/settings.json");
  ASSERT_NE(settings, nullptr);
  EXPECT_FALSE(settings->directory);
  EXPECT_EQ(settings->content, "{}\n");  // JSON the agent can parse
  EXPECT_TRUE(settings->keep);
  const Placeholder* toml = PlaceholderAt(*plan, claude + "/config.toml");
  ASSERT_NE(toml, nullptr);
  EXPECT_EQ(toml->content, "");
  const Placeholder* hooks = PlaceholderAt(*plan, claude + "/hooks");
  ASSERT_NE(hooks, nullptr);
  EXPECT_TRUE(hooks->directory);
  EXPECT_EQ(PlaceholderAt(*plan, claude + "/CLAUDE.md"), nullptr);  // it exists
  EXPECT_EQ(MountAt(*plan, claude + "/projects"), nullptr);
}

// A dotenv file has no extension but must stay a file: a directory there
// would make the host's agent fail to read it (Gemini CLI's ~/.gemini/.env).
TEST(ProtectedPaths, ADotenvPlaceholderIsAnEmptyFile) {
  World w;
  const std::string gemini = kHome + "/.gemini";
  w.fs.Dir(gemini);
  w.pol.home_shares.push_back({gemini, true, true});
  w.pol.protect = {gemini + "/.env", gemini + "/trustedFolders.json", gemini + "/.cache"};
  auto plan = w.Plan();
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  const Placeholder* env = PlaceholderAt(*plan, gemini + "/.env");
  ASSERT_NE(env, nullptr);
  EXPECT_FALSE(env->directory);
  EXPECT_EQ(env->content, "");
  const Placeholder* trusted = PlaceholderAt(*plan, gemini + "/trustedFolders.json");
  ASSERT_NE(trusted, nullptr);
  EXPECT_EQ(trusted->content, "{}\n");
  const Placeholder* cache = PlaceholderAt(*plan, gemini + "/.cache");
  ASSERT_NE(cache, nullptr);
  EXPECT_TRUE(cache->directory);
}

TEST(ProtectedPaths, AProtectedPathOfAnUnsharedHomeDirIsTheJailHomesAndSkipped) {
  World w;
  w.pol.protect = {kHome + "/.claude/settings.json"};
  auto plan = w.Plan();
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_EQ(MountAt(*plan, kHome + "/.claude/settings.json"), nullptr);
}

TEST(ProtectedPaths, AProtectedPathOutsideTheProjectHomeAndGrantsIsAnError) {
  World w;
  w.pol.protect = {"/srv/x"};
  auto plan = w.Plan();
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.error().message.find("writable --share-rw/--rw"), std::string::npos) << plan.error().message;
  w.pol.home_shares.push_back({kHome + "/.codex", false, true});  // read-only: nothing to protect from
  w.pol.protect = {kHome + "/.codex/config.toml"};
  auto ro = w.Plan();
  ASSERT_TRUE(ro.ok());
  EXPECT_EQ(MountAt(*ro, kHome + "/.codex/config.toml"), nullptr);
}

}  // namespace
}  // namespace paddock::plan

namespace paddock::plan {
namespace {

// The red team's case: the preset protects ~/.claude/settings.json, but the
// status-line script it names sat writable in the shared ~/.claude, and host
// Claude Code ran what the jail appended to it.
TEST(ProtectedPaths, ScriptsTheAgentSettingsNameAreProtectedWhereTheJailCouldWriteThem) {
  World w;
  const std::string claude = kHome + "/.claude";
  w.fs.File(claude + "/settings.json",
            R"({"statusLine": {"type": "command", "command": "bash ~/.claude/statusline-command.sh"},
                "env": {"PATH": "/home/u/.claude/bin:/home/u/proj/node_modules/.bin:/usr/bin"}})");
  w.fs.File(claude + "/statusline-command.sh", "echo ok\n");
  w.fs.Dir(claude + "/bin");
  w.fs.File(kProject + "/.claude/settings.json",
            R"({"hooks": {"PostToolUse": [{"hooks": [
                {"type": "command", "command": "\"$CLAUDE_PROJECT_DIR\"/scripts/format.sh"},
                {"type": "command", "command": "cd \"$CLAUDE_PROJECT_DIR\"/web && ./tools/new-check.sh"},
                {"type": "command", "command": "/usr/local/bin/audit ~/elsewhere/x.sh"}]}]}})");
  w.fs.File(kProject + "/scripts/format.sh", "#!/bin/sh\n");
  w.fs.Dir(kProject + "/web");
  w.fs.Dir(kProject + "/node_modules/.bin");
  w.fs.File(kProject + "/.mcp.json", R"({"mcpServers": {"x": {"command": "node", "args": ["mcp/server.js"]}}})");
  w.fs.File(kProject + "/mcp/server.js", "//\n");
  w.pol.home_shares.push_back({claude, true, true});
  w.pol.protect = {claude + "/settings.json"};
  auto plan = w.Plan();
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_TRUE(ReadOnly(*plan, claude + "/statusline-command.sh"));
  EXPECT_TRUE(ReadOnly(*plan, claude + "/bin"));  // a PATH entry of the agent's commands
  EXPECT_TRUE(ReadOnly(*plan, kProject + "/scripts/format.sh"));
  EXPECT_TRUE(ReadOnly(*plan, kProject + "/mcp/server.js"));
  // A missing one the jail could create: a placeholder while the run lasts.
  const Placeholder* missing = PlaceholderAt(*plan, kProject + "/tools");
  ASSERT_NE(missing, nullptr);
  EXPECT_TRUE(missing->directory);
  EXPECT_FALSE(ReadOnly(*plan, kProject + "/web"));  // a working directory, not a program
  EXPECT_EQ(MountAt(*plan, kProject + "/web"), nullptr);
  EXPECT_EQ(MountAt(*plan, kProject + "/node_modules/.bin"), nullptr);  // the project's own code
  EXPECT_EQ(MountAt(*plan, kHome + "/elsewhere/x.sh"), nullptr);        // the jail cannot write it
  EXPECT_EQ(MountAt(*plan, claude), nullptr);
}

// A hook that runs a Python module: the files of it that exist are
// read-only; the others get no placeholder (Python would take a placeholder
// directory tools/lint/ for the package).
TEST(ProtectedPaths, TheFilesOfAPythonModuleAHookRunsAreProtectedWhereTheyExist) {
  World w;
  w.fs.File(kProject + "/.claude/settings.json", R"({"hooks": {"Stop": [{"hooks": [
      {"type": "command", "command": "python3 -m tools.lint"}]}]}})");
  w.fs.File(kProject + "/tools/__init__.py", "");
  w.fs.File(kProject + "/tools/lint.py", "print()\n");
  auto plan = w.Plan();
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_TRUE(ReadOnly(*plan, kProject + "/tools/__init__.py"));
  EXPECT_TRUE(ReadOnly(*plan, kProject + "/tools/lint.py"));
  EXPECT_EQ(PlaceholderAt(*plan, kProject + "/tools/lint"), nullptr);
  EXPECT_EQ(MountAt(*plan, kProject + "/tools/lint"), nullptr);
}

// ~/.claude linked to elsewhere: the share is mounted at its real path, and
// so are the scripts the settings name through the link.
TEST(ProtectedPaths, ScriptsNamedThroughALinkedShareAreProtectedWhereTheShareReallyIs) {
  World w;
  const std::string real = "/data/claude";
  w.fs.File(real + "/settings.json", R"({"statusLine": {"command": "~/.claude/bin/status.sh"}})");
  w.fs.File(real + "/bin/status.sh", "echo\n");
  w.fs.Link(kHome + "/.claude", real);
  w.pol.home_shares.push_back({real, true, true});  // as the host probe canonicalises it
  w.pol.protect = {real + "/settings.json"};
  auto plan = w.Plan();
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_TRUE(ReadOnly(*plan, real + "/bin/status.sh"));
}

TEST(ProtectedPaths, AMissingScriptInTheShareGetsAPlaceholderThatDoesNotStay) {
  World w;
  const std::string claude = kHome + "/.claude";
  w.fs.File(claude + "/settings.json", R"({"apiKeyHelper": "~/.claude/key-helper.sh"})");
  w.pol.home_shares.push_back({claude, true, true});
  w.pol.protect = {claude + "/settings.json"};
  auto plan = w.Plan();
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  const Placeholder* p = PlaceholderAt(*plan, claude + "/key-helper.sh");
  ASSERT_NE(p, nullptr);
  EXPECT_FALSE(p->directory);
  EXPECT_FALSE(p->keep);
  EXPECT_TRUE(ReadOnly(*plan, claude + "/key-helper.sh"));
  // A script that is a symbolic link could be swapped: refused, as any.
  World linked;
  linked.fs.File(claude + "/settings.json", R"({"apiKeyHelper": "~/.claude/key-helper.sh"})");
  linked.fs.Link(claude + "/key-helper.sh", "/home/u/dotfiles/key.sh");
  linked.pol = w.pol;
  auto refused = linked.Plan();
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("key-helper.sh is a symbolic link"), std::string::npos)
      << refused.error().message;
}

// An agent's local install: protected while it exists; a new one would not
// be run, so nothing keeps it from being created (no placeholder).
TEST(ProtectedPaths, ProtectIfPresentMakesNoPlaceholder) {
  World w;
  const std::string claude = kHome + "/.claude";
  w.fs.Dir(claude + "/local/node_modules");
  w.pol.home_shares.push_back({claude, true, true});
  w.pol.protect_if_present = {claude + "/local", claude + "/absent", "tools/gen.sh"};
  auto plan = w.Plan();
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_TRUE(ReadOnly(*plan, claude + "/local"));
  EXPECT_EQ(MountAt(*plan, claude + "/absent"), nullptr);
  EXPECT_EQ(PlaceholderAt(*plan, claude + "/absent"), nullptr);
  EXPECT_EQ(PlaceholderAt(*plan, kProject + "/tools"), nullptr);
  w.pol.protect_if_present = {"/srv/x"};
  auto bad = w.Plan();
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("--protect-if-present /srv/x"), std::string::npos) << bad.error().message;
}

}  // namespace
}  // namespace paddock::plan
