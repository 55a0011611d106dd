// Escapes in interpreter string literals, each expectation checked with the
// language itself here (python3 3.11, perl 5.36, node 18, mawk 1.3) or its
// reference manual (Ruby, PHP, Lua, which this machine does not have).
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "rules/spawn_scan.h"
#include "rules/string_escapes.h"

namespace paddock::rules {
namespace {

// The literal's body decoded, nullopt when an escape is not decodable.
std::optional<std::string> Decode(std::string_view body, EscapeStyle style, char quote = '"') {
  std::string out;
  for (size_t k = 0; k < body.size(); ++k) {
    if (body[k] != '\\') {
      out += body[k];
    } else if (!AppendEscape(body, &k, style, quote, &out)) {
      return std::nullopt;
    }
  }
  return out;
}

using Scripts = std::vector<std::string>;

TEST(StringEscapes, Python) {
  EXPECT_EQ(Decode(R"(\x73udo \u0075 \163 \U00000073 \q)", EscapeStyle::kPython), "sudo u s s \\q");
  EXPECT_EQ(Decode(R"(a\nb\t\\)", EscapeStyle::kPython), "a\nb\t\\");
  EXPECT_EQ(Decode(R"(\x7)", EscapeStyle::kPython), std::nullopt);  // a SyntaxError in Python
  EXPECT_EQ(Decode(R"(\N{LATIN SMALL LETTER S})", EscapeStyle::kPython), std::nullopt);
  EXPECT_EQ(Decode(R"(\x73\n)", EscapeStyle::kRaw), "\\x73\\n");
  EXPECT_EQ(Decode("\\u00e9", EscapeStyle::kPython), "\xc3\xa9");
}

TEST(StringEscapes, PerlNodeAwk) {
  EXPECT_EQ(Decode(R"(\x73\x{75}do \163 \cA)", EscapeStyle::kPerlDouble), "sudo s \x01");
  EXPECT_EQ(Decode(R"(\Usudo)", EscapeStyle::kPerlDouble), std::nullopt);  // case change: not followed
  EXPECT_EQ(Decode(R"(a\x73)", EscapeStyle::kSingleQuoted, '\''), "a\\x73");
  EXPECT_EQ(Decode(R"(a\\b\'c)", EscapeStyle::kSingleQuoted, '\''), "a\\b'c");
  EXPECT_EQ(Decode(R"(\x73\u0075\u{64}o \163 \q \a)", EscapeStyle::kNode), "sudo s q a");
  EXPECT_EQ(Decode(R"(\x73\165do)", EscapeStyle::kC), "sudo");
}

TEST(StringEscapes, RubyPhpLua) {
  EXPECT_EQ(Decode(R"(\x73\u0075do\s\e)", EscapeStyle::kRubyDouble), "sudo \x1b");
  EXPECT_EQ(Decode(R"(\M-a)", EscapeStyle::kRubyDouble), std::nullopt);
  EXPECT_EQ(Decode(R"(\x73\165do \q \$)", EscapeStyle::kPhpDouble), "sudo \\q $");
  EXPECT_EQ(Decode(R"(\115\x73 \z   x)", EscapeStyle::kLua), "ss x");
  EXPECT_EQ(Decode(R"(\q)", EscapeStyle::kLua), std::nullopt);  // Lua refuses unknown escapes
}

TEST(StringEscapes, Utf8Bounds) {
  std::string out;
  EXPECT_FALSE(AppendUtf8(0xd800, &out));
  EXPECT_FALSE(AppendUtf8(0x110000, &out));
  EXPECT_TRUE(AppendUtf8(0x1f600, &out));
  EXPECT_EQ(out, "\xf0\x9f\x98\x80");
}

// A command hidden behind escapes reaches the shell parser decoded; an escape
// that cannot be decoded makes the call opaque.
TEST(StringEscapes, SpawnedCommandsDecoded) {
  EXPECT_EQ(ScanSpawns(R"(import os; os.system("\x73udo id"))", "python").scripts, (Scripts{"sudo id"}));
  EXPECT_EQ(ScanSpawns(R"(os.system("echo x\x0a\x73udo id"))", "python").scripts, (Scripts{"echo x\nsudo id"}));
  EXPECT_EQ(ScanSpawns(R"(os.system(r"\x73udo"))", "python").scripts, (Scripts{"\\x73udo"}));
  EXPECT_EQ(ScanSpawns(R"(system "\x73udo id")", "perl").scripts, (Scripts{"sudo id"}));
  EXPECT_EQ(ScanSpawns(R"(system qq{\x73udo id})", "perl").scripts, (Scripts{"sudo id"}));
  EXPECT_EQ(ScanSpawns(R"(print `\x73udo id`)", "perl").scripts, (Scripts{"sudo id"}));
  EXPECT_EQ(ScanSpawns(R"(require("child_process").execSync("\u0073udo id"))", "node").scripts, (Scripts{"sudo id"}));
  EXPECT_EQ(ScanSpawns(R"(BEGIN{system("\163udo id")})", "awk").scripts, (Scripts{"sudo id"}));
  EXPECT_TRUE(ScanSpawns(R"(os.system("\N{LATIN SMALL LETTER S}udo id"))", "python").opaque);
  EXPECT_TRUE(ScanSpawns(R"(system "\Usudo")", "perl").opaque);
}

}  // namespace
}  // namespace paddock::rules
