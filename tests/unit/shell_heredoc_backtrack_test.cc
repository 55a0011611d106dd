// A heredoc opened inside an attempt the parser abandons (an arithmetic
// command that turns out to be nested subshells) must not stay pending, and
// one read during the attempt must be read again: the fuzzer found a
// use-after-free here (ASan runs these in CI).
#include <gtest/gtest.h>

#include "shell/ast.h"

namespace paddock::shell {
namespace {

// Is there a simple command whose first word is the literal `name`, at any depth?
bool HasCommand(const Script& script, const std::string& name);

bool WordHasCommand(const Word& word, const std::string& name) {
  for (const auto& part : word.parts)
    for (const auto& s : part.scripts)
      if (s && HasCommand(*s, name)) return true;
  return false;
}

bool HasCommand(const Script& script, const std::string& name) {
  for (const auto& p : script.pipelines)
    for (const auto& c : p.commands) {
      if (!c.words.empty() && c.words[0].parts.size() == 1 && c.words[0].parts[0].text == name) return true;
      for (const auto& w : c.words)
        if (WordHasCommand(w, name)) return true;
      for (const auto& b : c.bodies)
        if (b && HasCommand(*b, name)) return true;
    }
  return false;
}

TEST(ShellHeredocBacktrack, OuterHeredocReadAgainAfterAbandonedArithmetic) {
  // "(( $(true" starts an arithmetic attempt whose substitution reads the
  // outer heredoc at its newline; ") ) )" then fails the attempt, which is
  // parsed again as nested subshells. The body is heredoc text both times,
  // never a command.
  auto r = Parse("cat <<A; (( $(true\nevil\nA\n) ) )\n");
  ASSERT_TRUE(r.script);
  EXPECT_TRUE(HasCommand(*r.script, "true"));
  EXPECT_FALSE(HasCommand(*r.script, "evil"));
}

TEST(ShellHeredocBacktrack, HeredocInsideAbandonedAttemptsIsSafe) {
  for (const char* in : {"(( $(cat <<EOF\nhi\nEOF\n) ) )\necho after\n", "echo $(( $(cat <<X\n1\nX\n) ) )\n",
                         "cat <<A; (( y\nbody\nA\n= $(cat <<B\nx\nB\n) ) )\n"}) {
    auto r = Parse(in);
    EXPECT_TRUE(r.script) << in;
  }
}

}  // namespace
}  // namespace paddock::shell
