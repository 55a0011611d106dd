#include <gtest/gtest.h>

#include "overlay/diff.h"
#include "overlay/fd.h"
#include "overlay/upper_walk.h"
#include "overlay_test_tree.h"

namespace paddock::overlay {
namespace {

class DiffTest : public OverlayTree {
 protected:
  std::string Diffs(bool color = false) {
    auto all = ReadChanges(run_dir_, Stored().run);
    EXPECT_TRUE(all) << all.error().message;
    if (!all) return "";
    std::string out_path = dir_ + "/diff.out";
    Fd out(open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
    auto st = WriteDiffs(Stored(), *all, out.get(), color);
    EXPECT_TRUE(st) << st.error().message;
    return Read(out_path);
  }
};

TEST_F(DiffTest, UnifiedDiffsWithGitLikeHeaders) {
  HostFile("a.txt", "one\ntwo\n");
  HostFile("gone", "bye\n");
  HostFile("bin", std::string("\0\1\2", 3));
  HostLink("link", "a.txt");
  HostFile("run.sh", "echo\n");
  StartRun();
  UpperFile("a.txt", "one\nthree\n", 0644, true);
  Whiteout("gone");
  UpperFile("bin", std::string("\0\1\3", 3), 0644, true);
  UpperLink("link", "gone");
  UpperFile("run.sh", "echo\n", 0755, true);
  UpperDir("closed");  // unreadable to its owner: still shown
  UpperFile("closed/new", "new\n");
  ASSERT_EQ(chmod((upper_ + "/closed").c_str(), 0), 0);
  EXPECT_EQ(Diffs(),
            "diff a/a.txt b/a.txt\n"
            "--- a/a.txt\n+++ b/a.txt\n@@ -1,2 +1,2 @@\n one\n-two\n+three\n"
            "diff a/bin b/bin\n"
            "Binary files a/bin and b/bin differ\n"
            "diff a/closed b/closed\nnew directory mode 0000\n"
            "diff a/closed/new b/closed/new\nnew file mode 0644\n"
            "--- /dev/null\n+++ b/closed/new\n@@ -0,0 +1 @@\n+new\n"
            "diff a/gone b/gone\ndeleted file mode 0644\n"
            "--- a/gone\n+++ /dev/null\n@@ -1 +0,0 @@\n-bye\n"
            "diff a/link b/link\n--- a/link\n+++ b/link\n-a.txt\n+gone\n"
            "diff a/run.sh b/run.sh\nold mode 0644\nnew mode 0755\n");
  EXPECT_EQ(Mode(upper_ + "/closed"), 0u) << "its mode is restored";
  std::string colored = Diffs(true);
  EXPECT_NE(colored.find("\033[1mdiff a/a.txt b/a.txt\033[m\n"), std::string::npos);
  EXPECT_NE(colored.find("m+three"), std::string::npos) << "diff's own colours too: " << colored;
}

}  // namespace
}  // namespace paddock::overlay
