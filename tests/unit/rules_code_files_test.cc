// Files named inside carried programs: vi-family Ex commands and awk's
// redirections (src/rules/code_files.cc, carried_editor.cc).
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "rules/carried_editor.h"
#include "rules/code_files.h"
#include "rules/normalize.h"

namespace paddock::rules {
namespace {

using Files = std::vector<std::pair<std::string, bool>>;

// Checked with vim 9.0 here: `vim -u NONE -esc 'r F|%p|q!'` and `-c'r F|…'`
// both print F.
TEST(CodeFiles, ExCommandsFromEveryForm) {
  EXPECT_EQ(EditorFiles({"vim", "-es", "-c", "e .env", "-c", "%p"}), (Files{{".env", false}}));
  EXPECT_EQ(EditorFiles({"vim", "-esc", "r .env|%p|q!"}), (Files{{".env", false}}));
  EXPECT_EQ(EditorFiles({"vim", "-es", "-cw out.txt"}), (Files{{"out.txt", true}}));
  EXPECT_EQ(EditorFiles({"vim", "--cmd", "so x.vim", "+sav y"}), (Files{{"x.vim", false}, {"y", true}}));
  EXPECT_EQ(EditorFiles({"vim", "-c", "silent! wq! a|e ++enc=latin1 +10 b"}), (Files{{"a", true}, {"b", false}}));
  EXPECT_EQ(EditorFiles({"vim", "-c", "redir! >> log", "-c", "redir @a", "-c", "redir END"}), (Files{{"log", true}}));
  EXPECT_EQ(EditorFiles({"vim", "-c", "call writefile(['x'], 'hook')"}), (Files{{"x", true}, {"hook", true}}));
  EXPECT_EQ(EditorFiles({"vim", "-c", "w !sudo id", "-c", "set nu", "-c", "wq"}), Files{});
  EXPECT_EQ(EditorFiles({"vim", "--", "-c", "e .env"}), Files{});  // after --, file names
}

// Ex commands that run another Ex command (checked with vim 9.0 here:
// `vim -es -c 'g/x/!CMD'`, `bufdo !CMD` and `norm! :!CMD<CR>` each run CMD).
TEST(CodeFiles, ExCommandsInsideOtherExCommands) {
  EXPECT_EQ(EditorFiles({"vim", "-c", "g/x\\/y/w >> out"}), (Files{{"out", true}}));  // :w >> F appends
  EXPECT_EQ(EditorFiles({"vim", "-c", "v!/x/sil w hook"}), (Files{{"hook", true}}));
  EXPECT_EQ(EditorFiles({"vim", "-c", "bufdo update | argdo sav hook"}), (Files{{"hook", true}}));
  EXPECT_EQ(EditorFiles({"vim", "-c", "norm! gg:w hook\rdd:e .env"}), (Files{{"hook", true}, {".env", false}}));
  EXPECT_EQ(EditorFiles({"vim", "-c", "ex .env|n .envrc|vi x|wN y|wp z"}),
            (Files{{".env", false}, {".envrc", false}, {"x", false}, {"y", true}, {"z", true}}));
  // Commands that only look alike: :global without a file command, :normal without ':'.
  EXPECT_EQ(EditorFiles({"vim", "-c", "g/TODO/d", "-c", "norm! gg=G"}), Files{});
}

std::vector<std::string> Written(const Words& w, bool write) {
  std::vector<FileAccess> out;
  CodeFileAccesses(w, out);
  std::vector<std::string> paths;
  for (const auto& f : out)
    if (f.write == write) paths.push_back(f.path);
  return paths;
}

TEST(CodeFiles, AwkRedirectionsAndAssignments) {
  using P = std::vector<std::string>;
  EXPECT_EQ(Written({"awk", "BEGIN{while((getline l < \".env\")>0) print l}"}, false), P{".env"});
  EXPECT_EQ(Written({"awk", "{ getline < \"a\"; print >> \"b\"; printf \"%s\" > \"c\" }"}, true), (P{"b", "c"}));
  EXPECT_EQ(Written({"awk", "{print > \"out/\" $1 \".txt\"}", "f"}, true), P{std::string("out/") + kHole});
  EXPECT_EQ(Written({"awk", "-v", "f=.env", "-vOFS=,", "BEGIN{getline < f}"}, false), (P{".env", ","}));
  EXPECT_TRUE(Written({"awk", "{print $1}", "f"}, true).empty());
  EXPECT_TRUE(Written({"python3", "-c", "open('.env')"}, false).empty());  // the sandbox's part
}

}  // namespace
}  // namespace paddock::rules
