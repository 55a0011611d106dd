#include <gtest/gtest.h>

#include <set>

#include "changes/apply_rules.h"

namespace paddock::changes {
namespace {

Change Make(ChangeKind kind, std::string path, EntryType old_type, EntryType new_type) {
  Change c;
  c.kind = kind;
  c.path = std::move(path);
  c.old_type = old_type;
  c.new_type = new_type;
  c.directory =
      new_type == EntryType::kDirectory || (new_type == EntryType::kMissing && old_type == EntryType::kDirectory);
  return c;
}

Change Added(std::string path, bool dir = false) {
  return Make(ChangeKind::kAdded, std::move(path), EntryType::kMissing, dir ? EntryType::kDirectory : EntryType::kFile);
}

std::vector<std::string> Paths(const std::vector<Change>& changes) {
  std::vector<std::string> out;
  for (const auto& c : changes) out.push_back(c.path);
  return out;
}

TEST(ProjectRelative, RelativeAbsoluteAndOutside) {
  EXPECT_EQ(*ProjectRelative("src/a.c", "/p"), "src/a.c");
  EXPECT_EQ(*ProjectRelative("./src//a.c/", "/p"), "src/a.c");
  EXPECT_EQ(*ProjectRelative("src/../b", "/p"), "b");
  EXPECT_EQ(*ProjectRelative(".", "/p"), "");
  EXPECT_EQ(*ProjectRelative("/p", "/p"), "");
  EXPECT_EQ(*ProjectRelative("/p/src/", "/p"), "src");
  EXPECT_EQ(ProjectRelative("/q/src", "/p").error().message, "cannot apply /q/src: it is outside the project /p");
  EXPECT_EQ(ProjectRelative("/pp", "/p").error().message, "cannot apply /pp: it is outside the project /p");
  EXPECT_EQ(ProjectRelative("../x", "/p").error().message, "cannot apply ../x: it is outside the project /p");
  EXPECT_FALSE(ProjectRelative("", "/p"));
}

TEST(Select, AtOrBelowANamedPathAndRenamesByEitherPath) {
  Change rename = Make(ChangeKind::kRenamed, "lib/b.c", EntryType::kFile, EntryType::kFile);
  rename.from = "src/b.c";
  std::vector<Change> all = {Added("README"), Added("src/a.c"), rename, Added("srcs/x")};
  EXPECT_EQ(Paths(Select(all, {})), (std::vector<std::string>{"README", "src/a.c", "lib/b.c", "srcs/x"}));
  EXPECT_EQ(Paths(Select(all, {"src"})), (std::vector<std::string>{"src/a.c", "lib/b.c"}));
  EXPECT_EQ(Paths(Select(all, {"README", "lib"})), (std::vector<std::string>{"README", "lib/b.c"}));
  EXPECT_TRUE(Select(all, {"nothing"}).empty());
}

TEST(Select, BringsTheNewDirectoriesASelectedChangeNeeds) {
  Change type_changed = Make(ChangeKind::kTypeChanged, "t", EntryType::kFile, EntryType::kDirectory);
  std::vector<Change> all = {Added("new", true), Added("new/sub", true), Added("new/sub/f"),
                             Added("new/g"),     type_changed,           Added("t/x")};
  EXPECT_EQ(Paths(Select(all, {"new/sub/f"})), (std::vector<std::string>{"new", "new/sub", "new/sub/f"}));
  EXPECT_EQ(Paths(Select(all, {"t/x"})), (std::vector<std::string>{"t", "t/x"}));
}

TEST(ChangedSinceStart, OlderOrMadeByApplyIsNot) {
  PendingRun run;
  run.started_ns = 1000;
  run.applied_ctime_ns = {{"src", 1500}};
  EXPECT_FALSE(ChangedSinceStart(run, "a", 999));
  EXPECT_TRUE(ChangedSinceStart(run, "a", 1000));
  EXPECT_TRUE(ChangedSinceStart(run, "a", 1500));
  EXPECT_FALSE(ChangedSinceStart(run, "src", 1500));
  EXPECT_TRUE(ChangedSinceStart(run, "src", 1501)) << "changed again after apply";
}

TEST(FindConflicts, TheHostsChangesSinceTheStart) {
  Change modified = Make(ChangeKind::kModified, "a", EntryType::kFile, EntryType::kFile);
  modified.host_ctime_ns = 2000;
  Change old = modified;
  old.path = "b";
  old.host_ctime_ns = 999;
  Change rename = Make(ChangeKind::kRenamed, "new", EntryType::kFile, EntryType::kFile);
  rename.from = "old";
  rename.from_host_ctime_ns = 1000;
  Change moved_away = Added("gone");
  moved_away.origin = true;
  moved_away.host_parent_ctime_ns = 1200;
  Change renamed_here = Added("renamed-by-agent");
  renamed_here.origin = true;  // its directory did not change: the agent moved it there
  Change added = Added("c");
  std::vector<Change> all = {modified, old, rename, moved_away, renamed_here, added};
  FindConflicts(all, 1000);
  EXPECT_EQ(all[0].conflict, "a was changed on the host since the run started");
  EXPECT_EQ(all[1].conflict, "");
  EXPECT_EQ(all[2].conflict, "old was changed on the host since the run started");
  EXPECT_EQ(all[3].conflict, "the run changed it, and the host has deleted or moved it since the run started");
  EXPECT_EQ(all[4].conflict, "");
  EXPECT_EQ(all[5].conflict, "");
}

TEST(Protected, OnlyANamedProtectedPathOrOneBelowItLetsAChangeThrough) {
  std::vector<std::string> prot = {".git/hooks", ".paddock.toml"};
  Change hook = Added(".git/hooks/pre-commit");
  EXPECT_EQ(UnnamedProtectedPath(hook, prot, {}, {}), ".git/hooks") << "everything does not count";
  EXPECT_EQ(UnnamedProtectedPath(hook, prot, {".git"}, {}), ".git/hooks") << "a parent does not count";
  EXPECT_EQ(UnnamedProtectedPath(hook, prot, {""}, {}), ".git/hooks");
  EXPECT_EQ(UnnamedProtectedPath(hook, prot, {".git/hooks"}, {}), "");
  EXPECT_EQ(UnnamedProtectedPath(hook, prot, {".git/hooks/pre-commit"}, {}), "");
  EXPECT_EQ(UnnamedProtectedPath(Added("src/x"), prot, {}, {}), "");
  EXPECT_EQ(UnnamedProtectedPath(Added(".paddock.toml"), prot, {}, {}), ".paddock.toml");
  // Removing a directory above a protected path removes it too.
  Change git_gone = Make(ChangeKind::kDeleted, ".git", EntryType::kDirectory, EntryType::kMissing);
  EXPECT_EQ(UnnamedProtectedPath(git_gone, prot, {".git"}, {}), ".git/hooks");
  EXPECT_EQ(UnnamedProtectedPath(git_gone, prot, {".git", ".git/hooks"}, {}), "");
  // A rename out of a protected path.
  Change out = Make(ChangeKind::kRenamed, "hook.bak", EntryType::kFile, EntryType::kFile);
  out.from = ".git/hooks/pre-commit";
  EXPECT_EQ(UnnamedProtectedPath(out, prot, {"hook.bak"}, {}), ".git/hooks");
}

// With --overlay the run's review does not see the layer: apply holds back
// agent and editor config the run made or changed below the root (a hook in
// app/.claude runs when Claude Code starts in app/) until it is named.
TEST(Protected, AgentConfigAnywhereIsAppliedOnlyWhenNamed) {
  Change hooks = Added("app/.claude/settings.json");
  EXPECT_EQ(UnnamedProtectedPath(hooks, {}, {}, {}), "app/.claude");
  EXPECT_EQ(UnnamedProtectedPath(hooks, {}, {"app"}, {}), "app/.claude") << "a parent does not count";
  EXPECT_EQ(UnnamedProtectedPath(hooks, {}, {"app/.claude"}, {}), "");
  EXPECT_EQ(UnnamedProtectedPath(Added("pkg/.envrc"), {}, {}, {}), "pkg/.envrc");
  EXPECT_EQ(UnnamedProtectedPath(Added(".mcp.json"), {}, {}, {}), ".mcp.json") << "at the root, unprotected";
  EXPECT_EQ(UnnamedProtectedPath(
                Make(ChangeKind::kDeleted, "a/.vscode/tasks.json", EntryType::kFile, EntryType::kMissing), {}, {}, {}),
            "a/.vscode");
  EXPECT_EQ(UnnamedProtectedPath(Added("node_modules/x/.vscode/settings.json"), {}, {}, {}), "");
  EXPECT_EQ(UnnamedProtectedPath(Added("src/claude.md"), {}, {}, {}), "");
  Change moved = Make(ChangeKind::kRenamed, "notes.json", EntryType::kFile, EntryType::kFile);
  moved.from = "app/.mcp.json";
  EXPECT_EQ(UnnamedProtectedPath(moved, {}, {"notes.json"}, {}), "app/.mcp.json");
  PendingRun run;
  auto refused = Refusals({hooks}, {}, run, RunState::kEnded, {});
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_NE(refused[0].reason.find("Claude Code started in app/"), std::string::npos) << refused[0].reason;
  EXPECT_NE(refused[0].reason.find("name app/.claude"), std::string::npos) << refused[0].reason;
}

TEST(Protected, ANestedRepositorysGitDirTheRunMadeIsProtected) {
  EXPECT_EQ(NestedGitDir("vendor/x/.git/hooks/post-checkout"), "vendor/x/.git");
  EXPECT_EQ(NestedGitDir("vendor/x/.git"), "vendor/x/.git");
  EXPECT_EQ(NestedGitDir("a/.GIT/config"), "a/.GIT") << "a case-insensitive filesystem";
  EXPECT_EQ(NestedGitDir(".git/hooks/x"), "") << "the project's own: its protected paths cover it";
  EXPECT_EQ(NestedGitDir(".git/modules/m/.git/config"), ".git/modules/m/.git");
  EXPECT_EQ(NestedGitDir("src/.gitignore"), "");
  EXPECT_EQ(NestedGitDir("src/x.git/config"), "");
  EXPECT_EQ(NestedGitDir(""), "");

  Change config = Added("vendor/x/.git/config");
  EXPECT_EQ(UnnamedProtectedPath(config, {}, {}, {}), "vendor/x/.git") << "everything does not count";
  EXPECT_EQ(UnnamedProtectedPath(config, {}, {"vendor"}, {}), "vendor/x/.git") << "a parent does not count";
  EXPECT_EQ(UnnamedProtectedPath(config, {}, {"vendor/x/.git"}, {}), "");
  EXPECT_EQ(UnnamedProtectedPath(Added("vendor/y/.git"), {}, {}, {}), "vendor/y/.git") << "a gitdir pointer file";
  EXPECT_EQ(UnnamedProtectedPath(Added("vendor/x", true), {}, {}, {}), "") << "the work tree itself is not";
  Change moved = Make(ChangeKind::kRenamed, "plain", EntryType::kDirectory, EntryType::kDirectory);
  moved.from = "sub/.git";
  EXPECT_EQ(UnnamedProtectedPath(moved, {}, {"plain"}, {}), "sub/.git") << "a rename away from one";

  // A nested repository present at the start: its own protected entries.
  std::vector<std::string> known = {"vendor/lib/.git/config", "vendor/lib/.git/hooks"};
  EXPECT_EQ(UnnamedProtectedPath(Added("vendor/lib/.git/objects/ab/cdef"), known, {}, {}), "") << "a commit in it";
  EXPECT_EQ(UnnamedProtectedPath(Added("vendor/lib/.git/hooks/pre-commit"), known, {}, {}), "vendor/lib/.git/hooks");
  EXPECT_EQ(UnnamedProtectedPath(Added("vendor/new/.git/config"), known, {}, {}), "vendor/new/.git");
}

// A directory the run makes look like a git dir is a bare repository to
// git run inside it after apply: HEAD with objects + refs (some of them may
// be the host's already), or with a commondir.
TEST(MadeGitDirs, TheShapeMadeOrCompletedByTheRunOrARedirectionAdded) {
  std::set<std::string> host = {"src",
                                "src/objects",
                                "src/refs",
                                "tests",
                                "tests/fix.git",
                                "tests/fix.git/HEAD",
                                "tests/fix.git/objects",
                                "tests/fix.git/refs",
                                "plain",
                                "plain/HEAD",
                                "plain/objects"};
  auto on_host = [&](const std::string& rel) { return host.count(rel) > 0; };
  std::vector<Change> all = {Added("src/HEAD"),
                             Added("src/config"),                   // objects, refs: the host's
                             Added("tests/fix.git/objects/ab/cd"),  // a commit in an existing one
                             Added("new.git", true),
                             Added("new.git/HEAD"),
                             Added("new.git/objects", true),
                             Added("new.git/refs", true),
                             Added("wt", true),
                             Added("wt/HEAD"),
                             Added("wt/commondir"),
                             Added("plain/notes")};
  EXPECT_EQ(MadeGitDirs(all, on_host), (std::vector<std::string>{"new.git", "src", "wt"}));
  all.push_back(Added("tests/fix.git/commondir"));
  EXPECT_EQ(MadeGitDirs(all, on_host), (std::vector<std::string>{"new.git", "src", "tests/fix.git", "wt"}));

  std::vector<Change> inside_git = {Added(".git/worktrees/w/HEAD"), Added(".git/worktrees/w/commondir"),
                                    Added("sub/.git/HEAD")};
  EXPECT_TRUE(MadeGitDirs(inside_git, on_host).empty()) << "git dirs in a .git: protected paths, NestedGitDir";
  std::vector<Change> with_dotgit = {Added("src/HEAD"), Added("src/.git", true)};
  EXPECT_TRUE(MadeGitDirs(with_dotgit, on_host).empty()) << "git uses src/.git first";
  Change gone = Make(ChangeKind::kDeleted, "src/refs", EntryType::kDirectory, EntryType::kMissing);
  std::vector<Change> refs_deleted = {Added("src/HEAD"), gone};
  EXPECT_TRUE(MadeGitDirs(refs_deleted, on_host).empty()) << "no refs after apply";
  std::vector<Change> at_root = {Added("HEAD"), Added("objects", true), Added("refs", true), Added("config")};
  EXPECT_EQ(MadeGitDirs(at_root, [](const std::string&) { return false; }), (std::vector<std::string>{""}));
}

TEST(MadeGitDirs, ChangesInOneAreRefusedUntilItIsNamed) {
  std::vector<std::string> made = {"src", ""};
  EXPECT_EQ(UnnamedProtectedPath(Added("src/config"), {}, {}, made), "src");
  EXPECT_EQ(UnnamedProtectedPath(Added("src/main.c"), {}, {}, made), "src") << "everything below it";
  EXPECT_EQ(UnnamedProtectedPath(Added("src/config"), {}, {"sr"}, made), "src");
  EXPECT_EQ(UnnamedProtectedPath(Added("src/config"), {}, {"src/config"}, made), "") << "as for protected paths";
  EXPECT_EQ(UnnamedProtectedPath(Added("src/config"), {}, {"src"}, made), "");
  EXPECT_EQ(UnnamedProtectedPath(Added("HEAD"), {}, {}, made), "HEAD") << "the project itself: git's entries";
  EXPECT_EQ(UnnamedProtectedPath(Added("hooks/post-checkout"), {}, {}, made), "hooks");
  EXPECT_EQ(UnnamedProtectedPath(Added("README"), {}, {}, made), "") << "the rest of the project";
  EXPECT_EQ(UnnamedProtectedPath(Added("HEAD"), {}, {"HEAD"}, made), "");
  PendingRun run;
  auto r = Refusals({Added("src/config"), Added("HEAD")}, {}, run, RunState::kEnded, made);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].reason,
            "the run made src look like a git dir (HEAD, objects, refs): git run inside it would use it as a bare "
            "repository, with the config and hooks the run wrote; name src (or a path below it) to apply it");
  EXPECT_NE(r[1].reason.find("the run made the project itself look like a git dir"), std::string::npos);
}

TEST(Refusals, EveryReasonAtOnce) {
  PendingRun run;
  run.id = "20261203-201512-3f2a";
  run.protected_paths = {".git/hooks"};
  Change conflict = Make(ChangeKind::kModified, "a", EntryType::kFile, EntryType::kFile);
  conflict.conflict = "a was changed on the host since the run started";
  Change fifo = Added("pipe");
  fifo.new_type = EntryType::kSpecial;
  Change rename = Make(ChangeKind::kRenamed, "y", EntryType::kFile, EntryType::kFile);
  rename.from = "x";
  rename.conflict = "x was changed on the host since the run started";
  std::vector<Change> selected = {conflict, Added(".git/hooks/h"), fifo, Added("ok"), rename, Added("d", true)};
  auto refusals = Refusals(selected, {}, run, RunState::kRunning, {});
  ASSERT_EQ(refusals.size(), 5u);
  EXPECT_EQ(refusals[0].object, "run 20261203-201512-3f2a");
  EXPECT_EQ(refusals[0].reason, "it is still running (wait for it to end, or stop it)");
  EXPECT_EQ(refusals[1].object, "a");
  EXPECT_EQ(refusals[1].reason, "conflict: a was changed on the host since the run started");
  EXPECT_EQ(refusals[2].object, ".git/hooks/h");
  EXPECT_EQ(refusals[2].reason,
            "it is at or below the protected path .git/hooks; name .git/hooks (or a path below it) to apply it");
  EXPECT_EQ(refusals[3].object, "pipe");
  EXPECT_EQ(refusals[4].object, "x -> y");
  EXPECT_TRUE(Refusals({Added("ok"), Added("d", true)}, {}, run, RunState::kInterrupted, {}).empty());
  EXPECT_TRUE(Refusals({Added("ok")}, {}, run, RunState::kEnded, {}).empty());
  EXPECT_EQ(Refusals({}, {}, run, RunState::kBroken, {}).size(), 1u);
}

}  // namespace
}  // namespace paddock::changes
