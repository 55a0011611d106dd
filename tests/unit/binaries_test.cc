#include "jail/binaries.h"

#include <sys/stat.h>

#include <fstream>

#include "temp_dir_test.h"

namespace paddock::jail {
namespace {

class Binaries : public TempDirTest {
 protected:
  void Make(const std::string& name, mode_t mode) {
    std::ofstream(dir_ + "/" + name) << "#!/bin/sh\n";
    ASSERT_EQ(chmod((dir_ + "/" + name).c_str(), mode), 0);
  }
};

TEST_F(Binaries, TheHookBinaryIsFoundBesidePaddockWhenExecutable) {
  Make("paddock", 0755);
  EXPECT_EQ(HookBinaryBeside(dir_ + "/paddock"), "");
  Make("paddock-hook", 0644);  // not executable: Claude Code could not run it
  EXPECT_EQ(HookBinaryBeside(dir_ + "/paddock"), "");
  ASSERT_EQ(chmod((dir_ + "/paddock-hook").c_str(), 0755), 0);
  EXPECT_EQ(HookBinaryBeside(dir_ + "/paddock"), dir_ + "/paddock-hook");
}

TEST_F(Binaries, ADirectoryOrARelativePathIsNoHookBinary) {
  ASSERT_EQ(mkdir((dir_ + "/paddock-hook").c_str(), 0755), 0);
  EXPECT_EQ(HookBinaryBeside(dir_ + "/paddock"), "");
  EXPECT_EQ(HookBinaryBeside(""), "");
  EXPECT_EQ(HookBinaryBeside("paddock"), "");
}

TEST(HookBinaryPathFor, IsBesidePaddockForAnAbsolutePathOnly) {
  EXPECT_EQ(HookBinaryPathFor("/usr/local/bin/paddock"), "/usr/local/bin/paddock-hook");
  EXPECT_EQ(HookBinaryPathFor("/paddock"), "/paddock-hook");
  EXPECT_EQ(HookBinaryPathFor("paddock"), "");
  EXPECT_EQ(HookBinaryPathFor(""), "");
}

TEST(PaddockBinaryFor, PaddockIsItselfAndTheHookBinaryNamesThePaddockBesideIt) {
  EXPECT_EQ(PaddockBinaryFor("/usr/local/bin/paddock"), "/usr/local/bin/paddock");
  EXPECT_EQ(PaddockBinaryFor("/usr/local/bin/paddock-hook"), "/usr/local/bin/paddock");
  EXPECT_EQ(PaddockBinaryFor("/opt/paddock-hook/bin/paddock"), "/opt/paddock-hook/bin/paddock");
  EXPECT_EQ(PaddockBinaryFor(""), "");
}

}  // namespace
}  // namespace paddock::jail
