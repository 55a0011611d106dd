// Which operands programs write (src/rules/operand_writes.cc): option values
// are not taken for files, option clusters are read letter by letter, and
// the modes that write nothing write nothing.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "rules/operand_writes.h"

namespace paddock::rules {
namespace {

// "path" for a write, "path/" for a tree, "path!" for a mode change.
std::vector<std::string> Writes(const Words& w) {
  std::vector<FileAccess> out;
  OperandWrites(w, out);
  std::vector<std::string> got;
  for (const auto& f : out) {
    EXPECT_TRUE(f.write);
    got.push_back(f.path + (f.below ? "/" : "") + (f.metadata_only ? "!" : ""));
  }
  return got;
}

using V = std::vector<std::string>;

TEST(OperandWrites, InPlaceEditsWriteTheirOperandsOnly) {
  EXPECT_EQ(Writes({"perl", "-pi", "-e", "s/a/b/", "x", "y"}), (V{"x", "y"}));
  EXPECT_EQ(Writes({"perl", "-lpi.bak", "-e", "s/a/b/", "x"}), (V{"x"}));
  EXPECT_EQ(Writes({"perl", "-i", "fix.pl", "x"}), (V{"x"}));  // the program file is read
  EXPECT_EQ(Writes({"perl", "-I", "lib", "-i", "-pe", "1", "x"}), (V{"x"}));
  EXPECT_EQ(Writes({"perl", "-ne", "print", "x"}), V{});
  EXPECT_EQ(Writes({"perl", "-e", "-i", "x"}), V{});  // -i is perl's code there
  EXPECT_EQ(Writes({"ruby", "-i.orig", "-pe", "1", "x"}), (V{"x"}));
}

TEST(OperandWrites, EditorsWriteFilesNotCommandsOrLines) {
  EXPECT_EQ(Writes({"vim", "-c", "wq", "+3", "a", "b"}), (V{"a", "b"}));
  EXPECT_EQ(Writes({"vim", "-u", "NONE", "-es", "a"}), (V{"a"}));
  EXPECT_EQ(Writes({"ed", "-s", "-p", "*", "a"}), (V{"a"}));
  EXPECT_EQ(Writes({"emacs", "--batch", "--eval", "(x)", "a"}), (V{"a"}));
  EXPECT_EQ(Writes({"nano", "-T", "4", "a"}), (V{"a"}));
}

TEST(OperandWrites, PatchWritesItsFileOrBelowItsDirectory) {
  EXPECT_EQ(Writes({"patch", "-p1", "a", "fix.diff"}), (V{"a"}));
  EXPECT_EQ(Writes({"patch", "-d", "sub", "a", "fix.diff"}), (V{"sub/a"}));
  EXPECT_EQ(Writes({"patch", "-o", "out", "a", "fix.diff"}), (V{"out"}));
  EXPECT_EQ(Writes({"patch", "-r", "rej", "-p1", "-i", "fix.diff"}), (V{"rej"}));
  EXPECT_EQ(Writes({"patch", "-p1", "--directory", "sub"}), (V{"sub/"}));
  EXPECT_EQ(Writes({"patch", "--dry-run", "a", "fix.diff"}), V{});
}

TEST(OperandWrites, ExtractionIntoADirectoryWritesItsTree) {
  EXPECT_EQ(Writes({"cpio", "-idm", "-D", "out"}), (V{"out/"}));
  EXPECT_EQ(Writes({"cpio", "-pdm", "dest"}), (V{"dest/"}));
  EXPECT_EQ(Writes({"cpio", "-it"}), V{});
  EXPECT_EQ(Writes({"cpio", "-idm"}), V{});  // the working directory: not guessed at
  EXPECT_EQ(Writes({"7z", "x", "a.7z", "-oout"}), (V{"out/"}));
  EXPECT_EQ(Writes({"7z", "l", "a.7z"}), V{});
  EXPECT_EQ(Writes({"unrar", "x", "a.rar", "out/"}), (V{"out//"}));
  EXPECT_EQ(Writes({"ar", "rcs", "lib.a", "x.o"}), (V{"lib.a"}));
  EXPECT_EQ(Writes({"ar", "x", "lib.a"}), V{});
}

TEST(OperandWrites, CompressorsReplaceTheirInputs) {
  EXPECT_EQ(Writes({"gzip", "-9", "a"}), (V{"a", "a.gz"}));
  EXPECT_EQ(Writes({"gzip", "-k", "a"}), (V{"a.gz"}));
  EXPECT_EQ(Writes({"gzip", "-S", ".z", "a"}), (V{"a", "a.z"}));
  EXPECT_EQ(Writes({"gzip", "-dc", "a.gz"}), V{});
  EXPECT_EQ(Writes({"gunzip", "a.gz", "b.tgz"}), (V{"a.gz", "a", "b.tgz", "b.tar"}));
  EXPECT_EQ(Writes({"xz", "-d", "-T0", "a.xz"}), (V{"a.xz", "a"}));
  EXPECT_EQ(Writes({"zstd", "a"}), (V{"a.zst"}));  // zstd keeps its input
  EXPECT_EQ(Writes({"zstd", "--rm", "a", "-o", "b"}), (V{"a", "b"}));
  EXPECT_EQ(Writes({"lz4", "a", "b"}), (V{"b"}));
  EXPECT_EQ(Writes({"bzip2", "-t", "a.bz2"}), V{});
}

TEST(OperandWrites, SplitNamesItsPiecesByThePrefix) {
  EXPECT_EQ(Writes({"split", "-l", "10", "data", "part"}), (V{"partaa"}));
  EXPECT_EQ(Writes({"split", "-b", "1M", "data"}), (V{"xaa"}));
  EXPECT_EQ(Writes({"split", "--filter=gzip > $FILE.gz", "data"}), V{});
  EXPECT_EQ(Writes({"csplit", "-f", "part", "data", "/x/"}), (V{"part00"}));
}

TEST(OperandWrites, ModeOwnerAndAttributeChanges) {
  EXPECT_EQ(Writes({"chmod", "600", "a", "b"}), (V{"a!", "b!"}));
  EXPECT_EQ(Writes({"chmod", "-w", "a"}), (V{"a!"}));  // a mode, not an option
  EXPECT_EQ(Writes({"chmod", "-R", "u+w", "d"}), (V{"d/!"}));
  EXPECT_EQ(Writes({"chmod", "--reference=r", "a"}), (V{"a!"}));
  EXPECT_EQ(Writes({"chown", "-h", "u:g", "a"}), (V{"a!"}));
  EXPECT_EQ(Writes({"chattr", "-R", "-i", "+a", "d"}), (V{"d/!"}));
  EXPECT_EQ(Writes({"setfacl", "-m", "u:x:rw", "a"}), (V{"a!"}));
}

}  // namespace
}  // namespace paddock::rules
