// Parser: one test per construct, plus the limits that must turn into an
// opaque result instead of a crash.
#include <gtest/gtest.h>

#include <chrono>

#include "shell/ast.h"

namespace paddock::shell {
namespace {

std::string Lit(const Word& w) {
  std::string s;
  for (const auto& p : w.parts)
    s += p.kind == PartKind::kLiteral ? p.text : "<" + std::to_string(static_cast<int>(p.kind)) + ">";
  return s;
}

const Command& First(const ParseResult& r) { return r.script->pipelines.at(0).commands.at(0); }

TEST(ShellParser, ListsAndPipelines) {
  auto r = Parse("a && b || c; d & e\nf | g |& h");
  ASSERT_TRUE(r.ok) << r.error;
  ASSERT_EQ(r.script->pipelines.size(), 6u);
  EXPECT_EQ(r.script->pipelines[5].commands.size(), 3u);
}

TEST(ShellParser, NegationTimeAndCoproc) {
  auto r = Parse("! time -p coproc sleep 1");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_TRUE(r.script->pipelines[0].negated);
  EXPECT_TRUE(r.script->pipelines[0].timed);
  EXPECT_EQ(First(r).kind, CommandKind::kCoproc);
}

TEST(ShellParser, CompoundCommands) {
  const char* cases[] = {"( a; b )",
                         "{ a; b; }",
                         "if a; then b; elif c; then d; else e; fi",
                         "while a; do b; done",
                         "until a; do b; done",
                         "for x in 1 2; do b; done",
                         "for ((i=0;i<3;i++)); do b; done",
                         "select x in a b; do b; done",
                         "case $x in a|b) c ;; (d) e ;& *) f ;;& esac",
                         "(( x = 1 + 2 ))",
                         "[[ -n $x && $y =~ ^(a|b)$ ]]",
                         "for x in a; { echo; }"};
  for (const char* c : cases) {
    auto r = Parse(c);
    EXPECT_TRUE(r.ok) << c << ": " << r.error;
  }
}

TEST(ShellParser, Functions) {
  auto r = Parse("f() { sudo id; }; function g { x; }; function h() ( y )");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(First(r).kind, CommandKind::kFunction);
  EXPECT_EQ(First(r).name, "f");
  EXPECT_EQ(r.script->pipelines[2].commands[0].name, "h");
}

TEST(ShellParser, QuotingForms) {
  auto r = Parse("s'u'do \"a b\" $'\\x73\\n' $\"t\" \\r\\m");
  ASSERT_TRUE(r.ok) << r.error;
  const auto& w = First(r).words;
  ASSERT_EQ(w.size(), 5u);
  EXPECT_EQ(Lit(w[0]), "sudo");
  EXPECT_EQ(Lit(w[1]), "a b");
  EXPECT_EQ(Lit(w[2]), "s\n");
  EXPECT_EQ(Lit(w[3]), "t");
  EXPECT_EQ(Lit(w[4]), "rm");
}

TEST(ShellParser, LineContinuationAndComments) {
  auto r = Parse("su\\\ndo id # sudo\n# whole line\necho hi#x");
  ASSERT_TRUE(r.ok) << r.error;
  ASSERT_EQ(r.script->pipelines.size(), 2u);
  EXPECT_EQ(Lit(First(r).words[0]), "sudo");
  EXPECT_EQ(First(r).words.size(), 2u);
  EXPECT_EQ(Lit(r.script->pipelines[1].commands[0].words[1]), "hi#x");
}

TEST(ShellParser, Heredocs) {
  auto r = Parse("cat <<'EOF' | sh\n$(x)\nEOF\ncat <<-E2\n\t$(y)\n\tE2\n");
  ASSERT_TRUE(r.ok) << r.error;
  const auto& quoted = First(r).redirects.at(0);
  EXPECT_TRUE(quoted.heredoc_quoted);
  EXPECT_EQ(quoted.heredoc_body, "$(x)\n");
  const auto& unquoted = r.script->pipelines[1].commands[0].redirects.at(0);
  EXPECT_FALSE(unquoted.heredoc_quoted);
  ASSERT_FALSE(unquoted.heredoc_word.parts.empty());
  bool has_subst = false;
  for (const auto& p : unquoted.heredoc_word.parts) has_subst |= p.kind == PartKind::kCommandSubst;
  EXPECT_TRUE(has_subst);
}

TEST(ShellParser, HereStringAndRedirections) {
  auto r = Parse("cmd <<< 'x' 2>&1 >out 3<in &>>log {fd}>f >| g <> h");
  ASSERT_TRUE(r.ok) << r.error;
  const auto& rs = First(r).redirects;
  ASSERT_EQ(rs.size(), 8u);
  EXPECT_EQ(rs[0].op, "<<<");
  EXPECT_EQ(rs[1].fd, 2);
  EXPECT_EQ(rs[1].op, ">&");
  EXPECT_EQ(rs[3].fd, 3);
  EXPECT_EQ(rs[4].op, "&>>");
}

TEST(ShellParser, Substitutions) {
  auto r = Parse("echo $(a) `b` <(c) >(d) =(e) ${x:-$(f)} $((1+$(g))) $[1]");
  ASSERT_TRUE(r.ok) << r.error;
  const auto& w = First(r).words;
  ASSERT_EQ(w.size(), 9u);
  EXPECT_EQ(w[1].parts[0].kind, PartKind::kCommandSubst);
  EXPECT_EQ(w[2].parts[0].kind, PartKind::kCommandSubst);
  EXPECT_EQ(w[3].parts[0].kind, PartKind::kProcessSubst);
  EXPECT_EQ(w[5].parts[0].direction, '=');
  EXPECT_EQ(w[6].parts[0].kind, PartKind::kParam);
  EXPECT_EQ(w[6].parts[0].scripts.size(), 1u);
  EXPECT_EQ(w[7].parts[0].kind, PartKind::kArith);
  EXPECT_EQ(w[7].parts[0].scripts.size(), 1u);
}

TEST(ShellParser, ParameterForms) {
  auto r = Parse("echo $x ${y} ${#z} ${!p} ${a[1]} ${(f)zsh} $1 $@");
  ASSERT_TRUE(r.ok) << r.error;
  const auto& w = First(r).words;
  EXPECT_FALSE(w[1].parts[0].complex);
  EXPECT_FALSE(w[2].parts[0].complex);
  EXPECT_TRUE(w[3].parts[0].complex);
  EXPECT_TRUE(w[4].parts[0].complex);
  EXPECT_TRUE(w[5].parts[0].complex);
  EXPECT_TRUE(w[6].parts[0].complex);
  EXPECT_EQ(w[7].parts[0].text, "1");
}

TEST(ShellParser, CaseInsideSubstitution) {
  auto r = Parse("echo $(case x in a) sudo id;; esac)");
  ASSERT_TRUE(r.ok) << r.error;
}

TEST(ShellParser, AssignmentsAndArrays) {
  auto r = Parse("A=1 B+=2 C[3]=x D=(a b) cmd");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(First(r).assignments.size(), 4u);
  EXPECT_EQ(First(r).assignments[2].name, "C");
  EXPECT_TRUE(First(r).assignments[3].is_array);
  EXPECT_EQ(First(r).words.size(), 1u);
}

TEST(ShellParser, ConnectorsAndBackground) {
  // Which pipelines run on which path decides what a variable holds after them.
  auto r = Parse("a; b && c || d & e\nf && g &");
  ASSERT_TRUE(r.ok) << r.error;
  const auto& p = r.script->pipelines;
  ASSERT_EQ(p.size(), 7u);
  EXPECT_EQ(p[0].connector, Connector::kSequence);
  EXPECT_EQ(p[2].connector, Connector::kAnd);
  EXPECT_EQ(p[3].connector, Connector::kOr);
  EXPECT_FALSE(p[0].background);
  EXPECT_TRUE(p[1].background && p[2].background && p[3].background);  // the whole and-or list
  EXPECT_FALSE(p[4].background);
  EXPECT_TRUE(p[5].background && p[6].background);
}

TEST(ShellParser, AssignmentSubscriptsAndAppend) {
  auto r = Parse("a[$(sudo id)]=1 b[1 + 2]+=x c+=y d=([k]=v [$(e)]=w plain) f[x]");
  ASSERT_TRUE(r.ok) << r.error;
  const auto& as = First(r).assignments;
  ASSERT_EQ(as.size(), 4u);
  EXPECT_TRUE(as[0].has_subscript);
  ASSERT_EQ(as[0].subscript.parts.size(), 1u);
  EXPECT_EQ(as[0].subscript.parts[0].kind, PartKind::kArith);
  EXPECT_EQ(as[0].subscript.parts[0].text, "$(sudo id)");
  EXPECT_EQ(as[0].subscript.parts[0].scripts.size(), 1u);  // the substitution runs: it is walked
  EXPECT_EQ(as[1].subscript.parts[0].text, "1 + 2");       // blanks are allowed in a subscript
  EXPECT_TRUE(as[1].append);
  EXPECT_TRUE(as[2].append);
  EXPECT_FALSE(as[2].has_subscript);
  ASSERT_EQ(as[3].elements.size(), 3u);
  EXPECT_TRUE(as[3].element_has_subscript[0]);
  EXPECT_EQ(as[3].element_subscripts[0].parts[0].text, "k");
  EXPECT_EQ(Lit(as[3].elements[0]), "v");
  EXPECT_EQ(as[3].element_subscripts[1].parts[0].scripts.size(), 1u);
  EXPECT_FALSE(as[3].element_has_subscript[2]);
  ASSERT_EQ(First(r).words.size(), 1u);  // f[x] is not an assignment: a (glob) word
  EXPECT_EQ(Lit(First(r).words[0]), "f[x]");
}

TEST(ShellParser, UnclosedSubscriptsAreWordsAndCheap) {
  auto r = Parse("a[b c");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(First(r).words.size(), 2u);
  std::string s;
  for (int i = 0; i < 50000; ++i) s += "a[";  // each failed scan is not redone from every '['
  auto start = std::chrono::steady_clock::now();
  (void)Parse(s);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

TEST(ShellParser, BraceParameterKeepsItsSource) {
  auto r = Parse("echo ${a[i+1]} ${s:x:2} ${!ref} ${#n} ${v@P}");
  ASSERT_TRUE(r.ok) << r.error;
  const auto& w = First(r).words;
  EXPECT_EQ(w[1].parts[0].raw, "a[i+1]");
  EXPECT_EQ(w[2].parts[0].raw, "s:x:2");
  EXPECT_EQ(w[3].parts[0].raw, "!ref");
  EXPECT_EQ(w[4].parts[0].raw, "#n");
  EXPECT_EQ(w[5].parts[0].raw, "v@P");
}

TEST(ShellParser, DeclarationCompoundAssignmentIsOneLiteralWord) {
  // bash parses declare a=(...) as an assignment; the policy re-parses the text.
  auto r = Parse("declare -a a=(1 $(sudo id)) b=2; local x=( y ); f a=(1)");
  EXPECT_FALSE(r.ok);  // f a=(1) is a syntax error in bash too
  const auto& w = First(r).words;
  ASSERT_EQ(w.size(), 4u);
  EXPECT_EQ(Lit(w[2]), "a=(1 $(sudo id))");
  EXPECT_TRUE(w[2].parts[0].quoted);
  EXPECT_EQ(Lit(w[3]), "b=2");
  EXPECT_EQ(Lit(r.script->pipelines[1].commands[0].words[1]), "x=( y )");
}

TEST(ShellParser, ErrorsKeepEarlierCommands) {
  auto r = Parse("sudo id\nfi");
  EXPECT_FALSE(r.ok);
  ASSERT_GE(r.script->pipelines.size(), 1u);
  EXPECT_EQ(Lit(First(r).words[0]), "sudo");
  for (const char* bad :
       {"echo \"x", "echo 'x", "(a", "{ a; ", "if a; then b", "echo $(", "a |", "case x in", "; a", "echo ${x"}) {
    EXPECT_FALSE(Parse(bad).ok) << bad;
  }
}

TEST(ShellParser, DeepNestingIsOpaqueNotACrash) {
  std::string s;
  for (int i = 0; i < 10000; ++i) s += "$(";
  s += "x";
  for (int i = 0; i < 10000; ++i) s += ")";
  auto r = Parse("echo " + s);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("too deep"), std::string::npos);
  std::string parens(10000, '(');
  EXPECT_FALSE(Parse(parens).ok);
  std::string braces;
  for (int i = 0; i < 10000; ++i) braces += "${x:-";
  EXPECT_FALSE(Parse("echo " + braces).ok);
  std::string ticks;
  for (int i = 0; i < 200; ++i) ticks = "`echo " + ticks + "`";
  (void)Parse(ticks);  // must return
}

TEST(ShellParser, ArithmeticBacktrackingIsNotExponential) {
  // Each "$((" that is not arithmetic is retried as "$( (" once, not once per
  // enclosing attempt (which took minutes for 40 levels).
  std::string s = "echo ";
  for (int i = 0; i < 40; ++i) s += "$((";
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(Parse(s).ok);
  std::string t;
  for (int i = 0; i < 40; ++i) t += "((";
  EXPECT_FALSE(Parse(t).ok);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

TEST(ShellParser, TenThousandChainedCommands) {
  std::string s;
  for (int i = 0; i < 10000; ++i) s += "true; ";
  s += "sudo id";
  auto r = Parse(s);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.script->pipelines.size(), 10001u);
}

TEST(ShellParser, OneMegabyteCommand) {
  std::string s = "echo ";
  s.append(1 << 20, 'a');
  auto r = Parse(s);
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(First(r).words[1].parts[0].text.size(), 1u << 20);
}

TEST(ShellParser, SizeLimit) {
  ParseLimits limits;
  limits.max_bytes = 10;
  EXPECT_FALSE(Parse("echo 0123456789", limits).ok);
}

}  // namespace
}  // namespace paddock::shell
