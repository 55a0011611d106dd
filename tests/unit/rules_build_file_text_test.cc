// Commands in build files a command line writes and then runs.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "rules/build_file_text.h"

namespace paddock::rules {
namespace {

using Lines = std::vector<std::string>;

TEST(BuildFileText, MakefileRecipes) {
  EXPECT_EQ(MakefileRecipes("all:\n\tsudo id\n"), (Lines{"sudo id"}));
  EXPECT_EQ(MakefileRecipes("all: dep ; @echo $$HOME\n# c\ndep:\n\t-rm x \\\n\t  y\n"),
            (Lines{"echo $HOME", "rm x  \t  y"}));
  EXPECT_EQ(MakefileRecipes("x:\n\t+@true\n"), (Lines{"true"}));
  EXPECT_EQ(MakefileRecipes(""), Lines{});
  // What the reading does not follow.
  EXPECT_EQ(MakefileRecipes("all:\n\t$(CC) x.c\n"), std::nullopt);
  EXPECT_EQ(MakefileRecipes("X := $(shell sudo id)\n"), std::nullopt);
  EXPECT_EQ(MakefileRecipes("X != sudo id\n"), std::nullopt);
  EXPECT_EQ(MakefileRecipes("include other.mk\n"), std::nullopt);
  EXPECT_EQ(MakefileRecipes(".RECIPEPREFIX = >\nall:\n>sudo id\n"), std::nullopt);
  EXPECT_EQ(MakefileRecipes("SHELL = /tmp/x\nall:\n\ttrue\n"), std::nullopt);
}

TEST(BuildFileText, PackageScripts) {
  EXPECT_EQ(PackageScripts(R"({"scripts":{"test":"sudo id","postinstall":"make"}})"), (Lines{"make", "sudo id"}));
  EXPECT_EQ(PackageScripts(R"({"name":"x"})"), Lines{});
  EXPECT_EQ(PackageScripts(R"({"scripts":{"test":1}})"), std::nullopt);
  EXPECT_EQ(PackageScripts(R"({"scripts":)"), std::nullopt);
  EXPECT_EQ(PackageScripts(R"([1])"), std::nullopt);
}

}  // namespace
}  // namespace paddock::rules
