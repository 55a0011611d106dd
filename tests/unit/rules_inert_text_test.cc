// Text in inline code that the program cannot run (rules/inert_text.h), and
// what the spawn scan makes of API names found there.
#include <gtest/gtest.h>

#include "rules/inert_text.h"
#include "rules/spawn_scan.h"

namespace paddock::rules {
namespace {

// The spawn scan found nothing to check: no script, no argv, nothing opaque.
bool RunsNothing(const std::string& code, const std::string& lang) {
  auto f = ScanSpawns(code, lang);
  return f.scripts.empty() && f.argvs.empty() && !f.opaque;
}

// Everything the scan still finds as a spawn: the script it runs.
std::vector<std::string> Scripts(const std::string& code, const std::string& lang) {
  return ScanSpawns(code, lang).scripts;
}

TEST(InertText, WhereTheTextIs) {
  std::string py = "print('os.system') # os.system(x)\nos.system(y)";
  InertText t(py, "python");
  EXPECT_FALSE(t.Contains(py.find("os.system")));  // a string: some library may resolve the name
  EXPECT_TRUE(t.Contains(py.find("# os") + 2));
  EXPECT_FALSE(t.Contains(py.rfind("os.system")));
  EXPECT_FALSE(t.Contains(py.find("print")));
  // A language with no reading has no text.
  EXPECT_FALSE(InertText("puts 'system'", "ruby").Contains(7));
}

TEST(InertText, ApiNamesInTextRunNothing) {
  EXPECT_TRUE(RunsNothing("# os.system(x)\nprint(1)", "python"));
  EXPECT_TRUE(RunsNothing("print('#') # it's os.system(x)", "python"));
  EXPECT_TRUE(RunsNothing("print('''a \"#\" b''') # os.popen(x)", "python"));
  EXPECT_TRUE(RunsNothing("print(b'#', r'\\'#') # os.system(x)", "python"));
  EXPECT_TRUE(RunsNothing("/system/", "awk"));
  EXPECT_TRUE(RunsNothing("{ print \"system(x)\" } # system(y)", "awk"));
  EXPECT_TRUE(RunsNothing("/a|b/ { n++ } END { print n }", "awk"));
  EXPECT_TRUE(RunsNothing("$1 ~ /getline|system/ { print $2 / 2 }", "awk"));
  EXPECT_TRUE(RunsNothing("s/system/sys/g", "perl"));
  EXPECT_TRUE(RunsNothing("s/os\\.system\\(/run(/g; tr/a-z/A-Z/;", "perl"));
  EXPECT_TRUE(RunsNothing("s#qx/x/#y#; s/a$/$1/", "perl"));
}

TEST(InertText, TextThatCanBecomeCodeIsStillRead) {
  // Python: a string may be evaluated, or name what a library resolves.
  EXPECT_FALSE(RunsNothing("exec('import os; os.system(x)')", "python"));
  EXPECT_FALSE(RunsNothing("getattr(os, 'system')('id')", "python"));
  EXPECT_FALSE(RunsNothing("pkgutil.resolve_name('os.system')('id')", "python"));
  EXPECT_FALSE(RunsNothing("call({'_target_': 'os.system', 'command': 'id'})", "python"));
  EXPECT_FALSE(RunsNothing("print(\"os.system is dangerous\")", "python"));
  EXPECT_FALSE(RunsNothing("print(f\"{os.system(x)}\")", "python"));
  EXPECT_FALSE(RunsNothing("print(rf'{os.system(x)}')", "python"));
  EXPECT_EQ(Scripts("print(f'{os.system(\"sudo id\")}')", "python"), std::vector<std::string>{"sudo id"});
  // Perl: /e evaluates the replacement, ${\ } and @{[ ]} interpolate code,
  // (?{ }) runs in the pattern; anything beyond s///, tr/// and m// is read.
  EXPECT_FALSE(RunsNothing("s/system/sys/e", "perl"));
  EXPECT_FALSE(RunsNothing("s/x/${\\ system('id')}/", "perl"));
  EXPECT_FALSE(RunsNothing("s/x/@{[ system('id') ]}/", "perl"));
  EXPECT_FALSE(RunsNothing("s/(?{ system('id') })//", "perl"));
  EXPECT_FALSE(RunsNothing("s/x/$h{system('id')}/", "perl"));
  EXPECT_FALSE(RunsNothing("s/a/$)[system('id')]/", "perl"));  // $) interpolates in a replacement
  EXPECT_FALSE(RunsNothing("s/a/$|[system('id')]/", "perl"));
  EXPECT_FALSE(RunsNothing("s/(a)/$1->[system('id')]/", "perl"));
  EXPECT_FALSE(RunsNothing("s/(a)/$1{system('id')}/", "perl"));
  EXPECT_TRUE(RunsNothing("s/(a$)|b/x/; s/(a)/$1$2-/", "perl"));
  EXPECT_EQ(Scripts("s/a/b/; system('sudo id')", "perl"), std::vector<std::string>{"sudo id"});
  EXPECT_EQ(Scripts("s/a/b/ system('sudo id')", "perl"), std::vector<std::string>{"sudo id"});
  // awk: gawk's indirect call of a function a string names.
  EXPECT_FALSE(RunsNothing("BEGIN { f = \"system\"; @f(\"id\") }", "awk"));
}

TEST(InertText, CodeIsNeverTakenForText) {
  // A '#' or quote in a string does not start a comment or end the string.
  EXPECT_EQ(Scripts("x = '#'; os.system('sudo id')", "python"), std::vector<std::string>{"sudo id"});
  EXPECT_EQ(Scripts("x = \"\\\"#\"; os.system('sudo id')", "python"), std::vector<std::string>{"sudo id"});
  EXPECT_EQ(Scripts("x = r'\\'#'; os.system('sudo id')", "python"), std::vector<std::string>{"sudo id"});
  EXPECT_EQ(Scripts("x = '''a'b\"#'''; os.system('sudo id')", "python"), std::vector<std::string>{"sudo id"});
  EXPECT_EQ(Scripts("x = 'a\\\\'; os.system('sudo id') # '", "python"), std::vector<std::string>{"sudo id"});
  // Python 3.12 reuses the quote inside an f-string's braces: not read at all.
  EXPECT_EQ(Scripts("x = f\"{\"#\"}\"; os.system('sudo id')", "python"), std::vector<std::string>{"sudo id"});
  // awk: a '/' after an operand divides; after ++ or a continuation, give up.
  EXPECT_EQ(Scripts("{ a = b / 2; system(\"sudo id\"); c = d / 3 }", "awk"), std::vector<std::string>{"sudo id"});
  EXPECT_EQ(Scripts("{ a = x[1] / 2; system(\"sudo id\"); c = (d) / 3 }", "awk"), std::vector<std::string>{"sudo id"});
  EXPECT_EQ(Scripts("{ a = $1 / 2; system(\"sudo id\"); c = NF / 3 }", "awk"), std::vector<std::string>{"sudo id"});
  EXPECT_EQ(Scripts("{ a++ / 2; system(\"sudo id\"); c = d / 3 }", "awk"), std::vector<std::string>{"sudo id"});
  EXPECT_EQ(Scripts("{ a = b \\\n/ 2; system(\"sudo id\"); c = d / 3 }", "awk"), std::vector<std::string>{"sudo id"});
  EXPECT_EQ(Scripts("/a\\/b/ { system(\"sudo id\") }", "awk"), std::vector<std::string>{"sudo id"});
  EXPECT_EQ(Scripts("{ x = \"a\\\"b\"; system(\"sudo id\") }", "awk"), std::vector<std::string>{"sudo id"});
  EXPECT_EQ(Scripts("# c\n{ system(\"sudo id\") }", "awk"), std::vector<std::string>{"sudo id"});
  // Python ends a comment at a carriage return too.
  EXPECT_EQ(Scripts("# c\ros.system('sudo id')", "python"), std::vector<std::string>{"sudo id"});
  // An unterminated literal: the program is not what the reading thinks.
  EXPECT_FALSE(RunsNothing("x = 'os.system(y)", "python"));
  EXPECT_FALSE(RunsNothing("/[/]/ { system(x) }", "awk"));
}

TEST(SpawnScan, ANameRightAfterANumberIsRead) {
  // awk and Perl read a number, then the name: "1system(…)" calls system.
  EXPECT_EQ(Scripts("BEGIN { 1system(\"sudo id\") }", "awk"), std::vector<std::string>{"sudo id"});
  EXPECT_EQ(Scripts("x$1system(\"sudo id\")", "perl"), std::vector<std::string>{"sudo id"});
  EXPECT_EQ(Scripts("x = 0x1e5system(\"sudo id\")", "awk"), std::vector<std::string>{"sudo id"});
  EXPECT_TRUE(RunsNothing("x = 1e5; y = a1system", "awk"));  // one name, "a1system"
  // A long run costs one walk, not one per letter.
  std::string run = "BEGIN { x = 1" + std::string(200000, 'a') + "1system(\"sudo id\") }";
  EXPECT_EQ(Scripts(run, "awk"), std::vector<std::string>{"sudo id"});
}

}  // namespace
}  // namespace paddock::rules
