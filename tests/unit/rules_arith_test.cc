// Strings bash evaluates: arithmetic (a value is an expression whose array
// subscripts run command substitutions) and prompt strings.
#include <gtest/gtest.h>

#include <chrono>

#include "rules/arith.h"

namespace paddock::rules {
namespace {

// The command names found in the scripts of `f`.
std::vector<std::string> Commands(const ArithFindings& f) {
  std::vector<std::string> out;
  for (const auto& s : f.scripts)
    for (const auto& p : s->pipelines)
      for (const auto& c : p.commands)
        if (!c.words.empty() && !c.words[0].parts.empty()) out.push_back(c.words[0].parts[0].text);
  return out;
}

VarEnv Env(std::map<std::string, std::string> vars) {
  VarEnv e;
  e.vars = std::move(vars);
  return e;
}

TEST(Arith, LiteralValueWithSubscriptCodeIsExtracted) {
  ArithFindings f;
  CheckArithSource("x", Env({{"x", "a[$(sudo id)]"}}), false, f);
  EXPECT_EQ(Commands(f), std::vector<std::string>{"sudo"});
  EXPECT_FALSE(f.opaque.empty());  // and the substitution's output is evaluated too
}

TEST(Arith, ValuesAreEvaluatedRecursively) {
  ArithFindings f;
  CheckArithSource("y + 1", Env({{"y", "x*2"}, {"x", "b[`sudo id`]"}}), false, f);
  EXPECT_EQ(Commands(f), std::vector<std::string>{"sudo"});
}

TEST(Arith, ExpandedTextIsEvaluatedAgain) {
  ArithFindings f;  // $(( $x )): the value becomes expression text
  CheckArithSource("$x", Env({{"x", "a[$(sudo id)]"}}), false, f);
  EXPECT_EQ(Commands(f), std::vector<std::string>{"sudo"});
}

TEST(Arith, UnknownValuesAreOpaque) {
  for (const char* src : {"n", "$n + 1", "$(cat f)", "${x:-1}", "a[0]", "${!r}"}) {
    ArithFindings f;
    CheckArithSource(src, VarEnv{}, false, f);
    EXPECT_FALSE(f.opaque.empty()) << src;
  }
}

TEST(Arith, KnownIntegersAndLiteralNumbersAreFine) {
  VarEnv env = Env({{"n", "5"}, {"m", "n*2"}});
  env.ints = {"i", "RANDOM"};
  for (const char* src :
       {"1 + 2", "n * 2", "m", "i++", "RANDOM % 6", "16#ff + 0x1f", "${#arr[@]} + 1", "$((1)) * i", "x = 3, x + 1"}) {
    ArithFindings f;
    CheckArithSource(src, env, false, f);
    EXPECT_TRUE(f.opaque.empty()) << src << ": " << (f.opaque.empty() ? "" : f.opaque[0]);
  }
}

TEST(Arith, AssignmentsAreReportedInOrder) {
  ArithFindings f;
  CheckArithSource("i = 0, j += i, k++, --l, a[1] = 2", VarEnv{}, false, f);
  // j, k and l are read before they are written: unknown values.
  EXPECT_EQ(f.int_writes, (std::vector<std::string>{"i", "j", "k", "l"}));
  EXPECT_EQ(f.writes, std::vector<std::string>{"a"});
  EXPECT_EQ(f.opaque.size(), 3u);
}

TEST(Arith, SubstitutionsInTheSourceAreNotExtractedTwice) {
  ArithFindings f;  // $(( a[$(id)] )): the walker already sees $(id)
  CheckArithSource("a[$(id)]", VarEnv{}, false, f);
  EXPECT_TRUE(f.scripts.empty());
  EXPECT_FALSE(f.opaque.empty());
}

TEST(Arith, HostileValuesAreBounded) {
  // A cycle is an error in bash (no code runs); each value is read once here.
  ArithFindings cycle;
  CheckArithSource("x", Env({{"x", "x+y"}, {"y", "x+b[$(sudo id)]"}}), false, cycle);
  EXPECT_EQ(Commands(cycle), std::vector<std::string>{"sudo"});
  std::map<std::string, std::string> bomb;
  std::string prev = "1";
  for (char c = 'a'; c <= 'z'; ++c) {
    std::string name(1, c);
    bomb[name] = prev + "+" + prev + "+" + prev;
    prev = name;
  }
  auto start = std::chrono::steady_clock::now();
  ArithFindings f;
  CheckArithSource(prev, Env(bomb), false, f);  // 3^26 visits if every read evaluated again
  EXPECT_TRUE(f.opaque.empty());
  // Nesting past the depth limit is opaque.
  std::map<std::string, std::string> chain;
  for (int i = 0; i < 100; ++i) chain["v" + std::to_string(i)] = i ? "v" + std::to_string(i - 1) + "+1" : "a";
  ArithFindings d;
  CheckArithSource("v99", Env(chain), false, d);
  EXPECT_FALSE(d.opaque.empty());
  std::string big(100000, 'a');  // a long value is scanned within the budget
  for (size_t i = 1; i < big.size(); i += 2) big[i] = '+';
  ArithFindings b;
  CheckArithSource("x", Env({{"x", big}}), false, b);
  EXPECT_LT(b.opaque.size(), 9u);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

TEST(Arith, BraceParameterContexts) {
  VarEnv env = Env({{"x", "a[$(sudo id)]"}, {"ok", "b"}});
  for (const char* raw : {"y[x]", "s:x", "s:0:x", "!x", "arr[@]:x:1", "#y[x]", "z:-$((x))"}) {
    ArithFindings f;
    CheckBraceParam(raw, env, false, f);
    EXPECT_EQ(Commands(f), std::vector<std::string>{"sudo"}) << raw;
  }
  for (const char* raw : {"ok", "#ok", "ok:-x", "ok/a/b", "!ok", "!pre*", "!arr[@]", "ok@Q", "ok:1:2"}) {
    ArithFindings f;
    CheckBraceParam(raw, env, false, f);
    EXPECT_TRUE(f.scripts.empty() && f.opaque.empty()) << raw;
  }
  ArithFindings assign;
  CheckBraceParam("v:=1", env, false, assign);
  EXPECT_EQ(assign.writes, std::vector<std::string>{"v"});
}

TEST(Arith, AssociativeSubscriptsAreStrings) {
  VarEnv env = Env({{"x", "a[$(sudo id)]"}});
  env.assoc = {"m"};
  ArithFindings f;
  CheckBraceParam("m[x]", env, false, f);
  EXPECT_TRUE(f.scripts.empty() && f.opaque.empty());
  ArithFindings g;
  CheckBraceParam("m[$k]", env, false, g);  // expanded once, never evaluated
  EXPECT_TRUE(g.opaque.empty());
}

TEST(Arith, NameOperands) {
  ArithFindings f;
  CheckNameOperand("a[$(sudo id)]", VarEnv{}, f);
  EXPECT_EQ(Commands(f), std::vector<std::string>{"sudo"});
  ArithFindings plain;
  CheckNameOperand("line", VarEnv{}, plain);
  EXPECT_TRUE(plain.scripts.empty() && plain.opaque.empty());
  ArithFindings dynamic;
  CheckNameOperand(std::string(1, kHole), VarEnv{}, dynamic);
  EXPECT_FALSE(dynamic.opaque.empty());
}

TEST(Arith, PromptStrings) {
  for (const char* ps : {"$(sudo id)", "`sudo id`", "\\044(sudo id)", "x ${y:-$(sudo id)}"}) {
    ArithFindings f;
    CheckPromptString(ps, VarEnv{}, f);
    EXPECT_EQ(Commands(f), std::vector<std::string>{"sudo"}) << ps;
  }
  for (const char* ps : {"+ ", "\\u@\\h:\\w\\$ ", "\\$(sudo id)", "+ $BASH_SOURCE:$LINENO: "}) {
    ArithFindings f;
    CheckPromptString(ps, VarEnv{}, f);
    EXPECT_TRUE(f.scripts.empty() && f.opaque.empty()) << ps;
  }
}

}  // namespace
}  // namespace paddock::rules
