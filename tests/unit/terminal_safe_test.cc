// Names a run made (files, directories, refs, review details) reach the
// terminal escaped: a jailed agent cannot erase, hide or forge paddock's
// lines with escape sequences in them.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "audit/log_view.h"
#include "base/strings.h"
#include "changes/ref_rules.h"
#include "changes/render.h"
#include "review/review.h"

namespace paddock {
namespace {

TEST(TerminalSafe, PlainTextIsKept) {
  EXPECT_EQ(TerminalSafe(""), "");
  EXPECT_EQ(TerminalSafe("src/main.c"), "src/main.c");
  EXPECT_EQ(TerminalSafe("a b ~!@#$%^&*()[]{}'\"`|;:,.<>?/"), "a b ~!@#$%^&*()[]{}'\"`|;:,.<>?/");
}

TEST(TerminalSafe, ControlCharactersAreEscaped) {
  EXPECT_EQ(TerminalSafe("v\x1b[2K\r\x1b[1A\x1b[8m"), "v\\x1b[2K\\r\\x1b[1A\\x1b[8m");
  EXPECT_EQ(TerminalSafe("a\nA README.md"), "a\\nA README.md");
  EXPECT_EQ(TerminalSafe("\t"), "\\t");
  EXPECT_EQ(TerminalSafe(std::string("a\0b", 3)), "a\\x00b");
  EXPECT_EQ(TerminalSafe("\x01\x07\x08\x1f"), "\\x01\\x07\\x08\\x1f");
  EXPECT_EQ(TerminalSafe("x\x7fy"), "x\\x7fy");
}

TEST(TerminalSafe, BackslashIsEscapedSoTheResultIsUnambiguous) {
  EXPECT_EQ(TerminalSafe("a\\b"), "a\\\\b");
  EXPECT_EQ(TerminalSafe("\\x1b"), "\\\\x1b");
  EXPECT_NE(TerminalSafe("\\x1b"), TerminalSafe("\x1b"));
}

TEST(TerminalSafe, C1ControlsInUtf8AreEscaped) {
  EXPECT_EQ(TerminalSafe("a\xc2\x9b"
                         "2Kb"),
            "a\\xc2\\x9b2Kb");  // CSI
  EXPECT_EQ(TerminalSafe("\xc2\x80\xc2\x9f"), "\\xc2\\x80\\xc2\\x9f");
  EXPECT_EQ(TerminalSafe("\xc2\xa0"), "\xc2\xa0");  // U+00A0 is printable
}

TEST(TerminalSafe, InvalidUtf8IsEscapedByteByByte) {
  EXPECT_EQ(TerminalSafe("\x9b"), "\\x9b");  // a lone C1 byte (8-bit CSI)
  EXPECT_EQ(TerminalSafe("a\xff"
                         "b"),
            "a\\xffb");
  EXPECT_EQ(TerminalSafe("\xc3"), "\\xc3");  // cut short
  EXPECT_EQ(TerminalSafe("\xc3"
                         "A"),
            "\\xc3A");                                                  // bad continuation
  EXPECT_EQ(TerminalSafe("\xc0\xaf"), "\\xc0\\xaf");                    // overlong '/'
  EXPECT_EQ(TerminalSafe("\xe0\x80\xaf"), "\\xe0\\x80\\xaf");           // overlong
  EXPECT_EQ(TerminalSafe("\xed\xa0\x80"), "\\xed\\xa0\\x80");           // a surrogate
  EXPECT_EQ(TerminalSafe("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80");  // past U+10FFFF
  EXPECT_EQ(TerminalSafe("\xe6\x97"
                         "\x1b"),
            "\\xe6\\x97\\x1b");  // cut short by ESC
}

TEST(TerminalSafe, ValidMultibyteUtf8IsKept) {
  EXPECT_EQ(TerminalSafe("caf\xc3\xa9"), "caf\xc3\xa9");                            // café
  EXPECT_EQ(TerminalSafe("\xe6\x97\xa5\xe6\x9c\xac"), "\xe6\x97\xa5\xe6\x9c\xac");  // 日本
  EXPECT_EQ(TerminalSafe("\xf0\x9f\x98\x80.txt"), "\xf0\x9f\x98\x80.txt");          // U+1F600
  EXPECT_EQ(TerminalSafe("\xef\xbf\xbd"), "\xef\xbf\xbd");                          // U+FFFD
}

TEST(TerminalSafe, LineSeparatorsAndBidiControlsAreEscaped) {
  EXPECT_EQ(TerminalSafe("a\xe2\x80\xae"
                         "b"),
            "a\\xe2\\x80\\xaeb");                              // U+202E RIGHT-TO-LEFT OVERRIDE
  EXPECT_EQ(TerminalSafe("\xe2\x80\xa8"), "\\xe2\\x80\\xa8");  // U+2028 LINE SEPARATOR
  EXPECT_EQ(TerminalSafe("\xe2\x81\xa6"), "\\xe2\\x81\\xa6");  // U+2066
  EXPECT_EQ(TerminalSafe("\xe2\x80\x94"), "\xe2\x80\x94");     // U+2014 EM DASH is kept
}

changes::Change Added(std::string path, bool directory = false) {
  changes::Change c;
  c.kind = changes::ChangeKind::kAdded;
  c.path = std::move(path);
  c.old_type = changes::EntryType::kMissing;
  c.new_type = directory ? changes::EntryType::kDirectory : changes::EntryType::kFile;
  c.new_mode = directory ? 0755 : 0644;
  c.directory = directory;
  return c;
}

TEST(TerminalSafeRender, ChangeLinesCannotForgeOrEraseLines) {
  EXPECT_EQ(changes::ChangeLine(Added("v\x1b[2K\r\x1b[1A\x1b[2K\r\x1b[8m", true)),
            "A v\\x1b[2K\\r\\x1b[1A\\x1b[2K\\r\\x1b[8m/");
  EXPECT_EQ(changes::ChangeLine(Added("x\nA README.md")), "A x\\nA README.md");
  changes::Change r = Added("b\x1b[8m");
  r.kind = changes::ChangeKind::kRenamed;
  r.from = "a\r";
  r.old_type = changes::EntryType::kFile;
  r.old_mode = 0644;
  EXPECT_EQ(changes::ChangeLine(r), "R a\\r -> b\\x1b[8m");
  EXPECT_EQ(changes::ChangeLine(Added("caf\xc3\xa9")), "A caf\xc3\xa9");
}

TEST(TerminalSafeRender, RefLinesAreEscaped) {
  changes::RefReview r;
  r.update = {"refs/heads/x\x1b[2K", "", "0123456789abcdef\n"};
  EXPECT_EQ(changes::RefLine(r), "ref x\\x1b[2K created at 0123456789ab");
  r.update = {"refs/heads/main", "", "\x1b[8m0123456789"};
  EXPECT_EQ(changes::RefLine(r), "ref main created at \\x1b[8m01234567");
}

TEST(TerminalSafeRender, JsonTakesNamesThatAreNotUtf8) {
  changes::PendingRun run;
  run.id = "20261203-201512-3f2a";
  std::string json;
  EXPECT_NO_THROW(json = changes::RunChangesJson(run, changes::RunState::kEnded, {Added("bad\xff\x1b")}, {""}));
  auto doc = nlohmann::json::parse(json);
  EXPECT_EQ(doc["changes"][0]["path"], "bad\xef\xbf\xbd\x1b");
  EXPECT_NE(json.find("\\u001b"), std::string::npos);
  EXPECT_NO_THROW(changes::ChangeJson(Added("\xc3"), ""));
}

TEST(TerminalSafeRender, LogLinesAreEscaped) {
  auto shown = audit::ShowEntry(
      audit::ParseLogLine(R"({"ts":"2026-12-03T20:15:12Z","run":"3f9a1c2b","event":"review","kind":"new-repository",)"
                          R"("path":"/p/v\u001b[8m/.git","detail":"new git repository at v\u001b[2K\r\u001b[8m/"})"));
  EXPECT_EQ(shown.text.find('\x1b'), std::string::npos);
  EXPECT_NE(shown.text.find("at v\\x1b[2K\\r\\x1b[8m/"), std::string::npos);
  auto other = audit::ShowEntry(audit::ParseLogLine(R"({"event":"something-new","path":"a\nb\u009b"})"));
  EXPECT_NE(other.text.find("path=a\\nb\\xc2\\x9b"), std::string::npos);
}

review::Finding Decoy(int i) {
  return {"new-repository", "/p/d" + std::to_string(i) + "/.git", "new git repository at d" + std::to_string(i), false};
}

TEST(ReviewForDisplay, WhatRunsCodeComesFirst) {
  std::vector<review::Finding> f = {
      Decoy(0), {"hidden-index-entry", "a", "hidden", false}, Decoy(1), {"todo-exec", "t", "exec", true}};
  auto shown = review::ForDisplay(f, 20);
  ASSERT_EQ(shown.size(), 4u);
  EXPECT_EQ(shown[0].kind, "todo-exec");
  EXPECT_EQ(shown[1].path, "/p/d0/.git");  // the others keep their order
  EXPECT_EQ(shown[2].kind, "hidden-index-entry");
  EXPECT_EQ(shown[3].path, "/p/d1/.git");
}

TEST(ReviewForDisplay, DecoysCannotPushAnotherKindOutOfTheShown) {
  std::vector<review::Finding> f;
  for (int i = 0; i < 30; ++i) f.push_back(Decoy(i));
  f.push_back({"hidden-index-entry", "src/a.c", "src/a.c was marked skip-worktree", false});
  for (int i = 30; i < 40; ++i) f.push_back({"protected-path-changed", "/p/.envrc" + std::to_string(i), "x", true});
  auto shown = review::ForDisplay(f, 20);
  ASSERT_EQ(shown.size(), f.size());
  std::vector<review::Finding> head(shown.begin(), shown.begin() + 20);
  auto count = [&](const std::string& kind) {
    return std::count_if(head.begin(), head.end(), [&](const auto& x) { return x.kind == kind; });
  };
  EXPECT_EQ(count("protected-path-changed"), 10);
  EXPECT_EQ(count("hidden-index-entry"), 1);
  EXPECT_EQ(count("new-repository"), 9);
  EXPECT_EQ(head[0].kind, "protected-path-changed");
  EXPECT_EQ(head[19].kind, "hidden-index-entry");  // shown in the order: it comes after the decoys
  EXPECT_EQ(review::KindCounts(shown, 20), "21 new-repository");
  EXPECT_EQ(review::KindCounts(f), "30 new-repository, 1 hidden-index-entry, 10 protected-path-changed");
}

TEST(ReviewForDisplay, NewRepositoriesThatRunSomethingOutrankEmptyOnes) {
  review::Snapshot before, after;
  for (int i = 0; i < 25; ++i) after.git_entries.insert("/p/a" + std::to_string(i) + "/.git");
  after.git_entries.insert("/p/z/.git");
  after.traits["/p/z/.git"] = review::AnalyzeRepo("", {"post-checkout"});
  auto shown = review::ForDisplay(review::Compare(before, after, "/p"), 20);
  ASSERT_EQ(shown.size(), 26u);
  EXPECT_EQ(shown[0].path, "/p/z/.git");
  EXPECT_TRUE(shown[0].runs_code);
  EXPECT_FALSE(shown[1].runs_code);
}

}  // namespace
}  // namespace paddock
