#include "jail/user_dirs.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <string>

namespace paddock::jail {
namespace {

TEST(StateDir, FollowsAnAbsoluteXdgStateHomeElseTheHome) {
  const char* old = getenv("XDG_STATE_HOME");
  std::string saved = old ? old : "";
  setenv("XDG_STATE_HOME", "/x/state", 1);
  EXPECT_EQ(StateDir("/home/u"), "/x/state/paddock");
  setenv("XDG_STATE_HOME", "relative", 1);  // the XDG spec ignores a relative one
  EXPECT_EQ(StateDir("/home/u"), "/home/u/.local/state/paddock");
  unsetenv("XDG_STATE_HOME");
  EXPECT_EQ(StateDir("/home/u"), "/home/u/.local/state/paddock");
  if (old) setenv("XDG_STATE_HOME", saved.c_str(), 1);
}

}  // namespace
}  // namespace paddock::jail
