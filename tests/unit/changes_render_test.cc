#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "changes/render.h"

namespace paddock::changes {
namespace {

Change Make(ChangeKind kind, std::string path, EntryType old_type, EntryType new_type, uint32_t old_mode = 0644,
            uint32_t new_mode = 0644) {
  Change c;
  c.kind = kind;
  c.path = std::move(path);
  c.old_type = old_type;
  c.new_type = new_type;
  c.old_mode = old_type == EntryType::kMissing ? 0 : old_mode;
  c.new_mode = new_type == EntryType::kMissing ? 0 : new_mode;
  c.directory =
      new_type == EntryType::kDirectory || (new_type == EntryType::kMissing && old_type == EntryType::kDirectory);
  return c;
}

TEST(ChangeLine, GitLike) {
  EXPECT_EQ(ChangeLine(Make(ChangeKind::kAdded, "src/new.c", EntryType::kMissing, EntryType::kFile)), "A src/new.c");
  EXPECT_EQ(ChangeLine(Make(ChangeKind::kAdded, "lib", EntryType::kMissing, EntryType::kDirectory)), "A lib/");
  EXPECT_EQ(ChangeLine(Make(ChangeKind::kModified, "a.c", EntryType::kFile, EntryType::kFile)), "M a.c");
  EXPECT_EQ(ChangeLine(Make(ChangeKind::kDeleted, "old", EntryType::kDirectory, EntryType::kMissing)), "D old/");
  EXPECT_EQ(ChangeLine(Make(ChangeKind::kTypeChanged, "x", EntryType::kFile, EntryType::kSymlink)), "T x");
  EXPECT_EQ(ChangeLine(Make(ChangeKind::kModeChanged, "run.sh", EntryType::kFile, EntryType::kFile, 0644, 0755)),
            "M run.sh (mode 0644 -> 0755)");
  EXPECT_EQ(ChangeLine(Make(ChangeKind::kModeChanged, "d", EntryType::kDirectory, EntryType::kDirectory, 0755, 0700)),
            "M d/ (mode 0755 -> 0700)");
  EXPECT_EQ(ChangeLine(Make(ChangeKind::kModified, "b", EntryType::kFile, EntryType::kFile, 0600, 0640)),
            "M b (mode 0600 -> 0640)");
  Change r = Make(ChangeKind::kRenamed, "b.c", EntryType::kFile, EntryType::kFile);
  r.from = "a.c";
  EXPECT_EQ(ChangeLine(r), "R a.c -> b.c");
}

TEST(Render, ModesStatesAndCommands) {
  EXPECT_EQ(ModeText(0755), "0755");
  EXPECT_EQ(ModeText(04711), "4711");
  EXPECT_EQ(ModeText(0), "0000");
  PendingRun run;
  run.exit_status = 0;
  EXPECT_EQ(StateText(run, RunState::kEnded), "ended (exit 0)");
  run.exit_status = 137;
  EXPECT_EQ(StateText(run, RunState::kEnded), "ended (signal 9)");
  run.exit_status = 3;
  EXPECT_EQ(StateText(run, RunState::kEnded), "ended (exit 3)");
  EXPECT_EQ(StateText(run, RunState::kInterrupted), "interrupted");
  EXPECT_EQ(StateText(run, RunState::kRunning), "running");
  EXPECT_EQ(CommandText({"claude", "-p", "fix it", "it's", "a=b", ""}), "claude -p 'fix it' 'it'\\''s' a=b ''");
}

TEST(Render, JsonForTools) {
  PendingRun run;
  run.id = "20261203-201512-3f2a";
  run.project = "/p";
  run.argv = {"claude"};
  run.started_ns = 5;
  Change m = Make(ChangeKind::kModified, "a", EntryType::kFile, EntryType::kFile, 0644, 0755);
  m.conflict = "a was changed on the host since the run started";
  Change r = Make(ChangeKind::kRenamed, "n", EntryType::kFile, EntryType::kFile);
  r.from = "o";
  auto j = nlohmann::json::parse(RunChangesJson(run, RunState::kEnded, {m, r}, {".git/hooks", ""}));
  EXPECT_EQ(j["run"]["id"], run.id);
  EXPECT_EQ(j["run"]["state"], "ended");
  EXPECT_TRUE(j["run"]["exit_status"].is_null()) << "not ended in the record";
  ASSERT_EQ(j["changes"].size(), 2u);
  EXPECT_EQ(j["changes"][0]["kind"], "modified");
  EXPECT_EQ(j["changes"][0]["old_mode"], "0644");
  EXPECT_EQ(j["changes"][0]["new_mode"], "0755");
  EXPECT_EQ(j["changes"][0]["conflict"], m.conflict);
  EXPECT_EQ(j["changes"][0]["protected"], ".git/hooks");
  EXPECT_TRUE(j["changes"][0]["from"].is_null());
  EXPECT_EQ(j["changes"][1]["kind"], "renamed");
  EXPECT_EQ(j["changes"][1]["from"], "o");
  EXPECT_TRUE(j["changes"][1]["protected"].is_null());

  auto list = nlohmann::json::parse(RunListJson("/p", {{run, RunState::kInterrupted, 3, ""}}));
  EXPECT_EQ(list["project"], "/p");
  EXPECT_EQ(list["runs"][0]["changes"], 3);
  EXPECT_EQ(list["runs"][0]["state"], "interrupted");
  EXPECT_TRUE(list["runs"][0]["problem"].is_null());
  EXPECT_TRUE(list["runs"][0]["base"].is_null()) << "a run on the project";
  run.base = "20261203-190000-0a0b";
  list = nlohmann::json::parse(RunListJson("/p", {{run, RunState::kEnded, 1, ""}}));
  EXPECT_EQ(list["runs"][0]["base"], run.base) << "--overlay-on: the run it continues";
}

}  // namespace
}  // namespace paddock::changes
