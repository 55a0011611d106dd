// The child's stage table (src/jail/child.cc): the runner stops at the first
// failing stage and names it, the parent prints that name, and
// docs/design.md lists the same stages in the same order.
#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "jail/child.h"

namespace paddock::jail {
namespace {

std::vector<std::string> ran;

bool Passes(ChildContext&, ChildError&) {
  ran.push_back("passes");
  return true;
}
bool FailsWithEnoent(ChildContext&, ChildError& error) {
  ran.push_back("fails");
  SetChildError(error, ENOENT, "bind-mount", "/x");
  return false;
}
bool MustNotRun(ChildContext&, ChildError&) {
  ran.push_back("must-not-run");
  return true;
}

TEST(ChildStages, TheFirstFailingStageIsNamedAndNothingAfterItRuns) {
  ran.clear();
  const ChildStage stages[] = {{"first", Passes}, {"mounts", FailsWithEnoent}, {"later", MustNotRun}};
  ChildContext ctx;
  ChildError error;
  EXPECT_FALSE(RunChildStages(stages, ctx, error));
  EXPECT_EQ(ran, (std::vector<std::string>{"passes", "fails"}));
  EXPECT_STREQ(error.stage, "mounts");
  EXPECT_EQ(error.kind, ChildError::kSetup);
  EXPECT_EQ(error.err, ENOENT);
  EXPECT_EQ(DescribeChildError(error), "stage mounts: cannot bind-mount /x: No such file or directory");
}

TEST(ChildStages, EveryStageRunsInOrderWhenNoneFails) {
  ran.clear();
  const ChildStage stages[] = {{"a", Passes}, {"b", Passes}, {"c", MustNotRun}};
  ChildContext ctx;
  ChildError error;
  EXPECT_TRUE(RunChildStages(stages, ctx, error));
  EXPECT_EQ(ran, (std::vector<std::string>{"passes", "passes", "must-not-run"}));
  EXPECT_STREQ(error.stage, "");
}

TEST(ChildError, AnExecFailureIsAboutTheCommandNotAStage) {
  ChildError error;
  error.kind = ChildError::kExec;
  SetChildError(error, EACCES, "execute", "./tool");
  EXPECT_EQ(DescribeChildError(error), "cannot execute ./tool: Permission denied");
}

TEST(ChildError, UnterminatedFieldsFromThePipeAreCutAtTheirSize) {
  ChildError error;
  memset(error.stage, 's', sizeof error.stage);
  memset(error.message, 'm', sizeof error.message);
  std::string described = DescribeChildError(error);
  EXPECT_EQ(described, "stage " + std::string(sizeof error.stage, 's') + ": " + std::string(sizeof error.message, 'm'));
}

size_t IndexOf(const std::string& name) {
  auto stages = ChildStages();
  for (size_t i = 0; i < stages.size(); ++i)
    if (name == stages[i].name) return i;
  ADD_FAILURE() << "no stage " << name;
  return stages.size();
}

TEST(ChildStages, NamesAreUniqueAndFitTheErrorRecord) {
  std::vector<std::string> seen;
  for (const ChildStage& stage : ChildStages()) {
    ASSERT_NE(stage.run, nullptr) << stage.name;
    EXPECT_LT(strlen(stage.name), sizeof ChildError{}.stage) << stage.name;
    EXPECT_EQ(std::count(seen.begin(), seen.end(), stage.name), 0) << stage.name;
    seen.push_back(stage.name);
  }
}

// The orders docs/design.md and the kernel pitfalls call for.
TEST(ChildStages, KeepTheOrderTheKernelNeeds) {
  auto stages = ChildStages();
  ASSERT_GE(stages.size(), 2u);
  EXPECT_STREQ(stages.front().name, "sync");
  EXPECT_STREQ(stages.back().name, "init");
  EXPECT_STREQ(stages[stages.size() - 2].name, "seccomp");
  EXPECT_LT(IndexOf("mount-sources"), IndexOf("ids"));
  EXPECT_LT(IndexOf("ids"), IndexOf("new-root"));
  EXPECT_LT(IndexOf("new-root"), IndexOf("mounts"));
  EXPECT_LT(IndexOf("mounts"), IndexOf("read-only"));
  EXPECT_LT(IndexOf("read-only"), IndexOf("pivot"));
  EXPECT_LT(IndexOf("pivot"), IndexOf("cwd"));
  for (const char* needs_caps : {"mounts", "pivot", "hostname", "loopback", "network", "rlimits"})
    EXPECT_LT(IndexOf(needs_caps), IndexOf("capabilities")) << needs_caps;
  EXPECT_LT(IndexOf("capabilities"), IndexOf("no-new-privs"));
  EXPECT_LT(IndexOf("no-new-privs"), IndexOf("landlock"));
  EXPECT_LT(IndexOf("landlock"), IndexOf("seccomp"));
  EXPECT_LT(IndexOf("fds"), IndexOf("seccomp"));
  // The cgroup v1 join is first once released; nothing forks before paddock
  // confirms the cgroup, which overlaps the mounts.
  EXPECT_EQ(IndexOf("cgroup-join"), IndexOf("sync") + 1);
  EXPECT_LT(IndexOf("read-only"), IndexOf("cgroup"));
  EXPECT_LT(IndexOf("cgroup"), IndexOf("init"));
  EXPECT_LT(IndexOf("cgroup"), IndexOf("seccomp"));
}

// The first column of the table under "## The child's stages".
std::vector<std::string> StagesInDesignDoc() {
  std::ifstream in(std::string(PADDOCK_SOURCE_DIR) + "/docs/design.md");
  std::vector<std::string> names;
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("## ", 0) == 0) inside = line.rfind("## The child's stages", 0) == 0;
    if (!inside || line.rfind("| `", 0) != 0) continue;
    size_t end = line.find('`', 3);
    if (end != std::string::npos) names.push_back(line.substr(3, end - 3));
  }
  return names;
}

TEST(ChildStages, DesignDocListsTheSameStagesInOrder) {
  std::vector<std::string> code;
  for (const ChildStage& stage : ChildStages()) code.push_back(stage.name);
  EXPECT_EQ(StagesInDesignDoc(), code);
}

}  // namespace
}  // namespace paddock::jail
