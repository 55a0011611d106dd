// A fixture for tests that write files: a fresh directory under /tmp for each
// test (dir_), removed after it.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <string>

namespace paddock {

class TempDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/paddock-unit.XXXXXX";
    ASSERT_TRUE(mkdtemp(tmpl));
    dir_ = tmpl;
  }
  void TearDown() override { (void)!system(("rm -rf '" + dir_ + "'").c_str()); }
  std::string dir_;
};

}  // namespace paddock
