// Execution units and opaque points (units.cc and the walker behind it):
// shell semantics that decide which command runs.
#include <gtest/gtest.h>

#include "rules/normalize.h"
#include "rules/printf_format.h"
#include "rules/units.h"

namespace paddock::rules {
namespace {

Extraction X(const std::string& cmd) { return Extract(cmd, {}); }

// Does some layer of some unit read exactly `text` (holes shown as $?)?
bool Runs(const Extraction& ex, const std::string& text) {
  for (const auto& u : ex.units)
    for (const auto& l : u.layers)
      if (DisplayWords(l) == text) return true;
  return false;
}

// ... or starts with `text` and a word boundary (bash appends arguments to callbacks).
bool RunsPrefix(const Extraction& ex, const std::string& text) {
  for (const auto& u : ex.units)
    for (const auto& l : u.layers) {
      std::string d = DisplayWords(l);
      if (d == text || d.rfind(text + " ", 0) == 0) return true;
    }
  return false;
}

bool Opaque(const Extraction& ex) { return !ex.opaque.empty(); }

std::string Dump(const Extraction& ex) {
  std::string s;
  for (const auto& u : ex.units)
    for (const auto& l : u.layers) s += "[" + DisplayWords(l) + "] ";
  for (const auto& o : ex.opaque) s += "{" + o.what + "} ";
  return s;
}

TEST(Units, LiteralVariablesResolve) {
  EXPECT_TRUE(Runs(X("x=sudo; $x id"), "sudo id"));
  EXPECT_TRUE(Runs(X("x=s; x+=udo; $x id"), "sudo id"));
  EXPECT_TRUE(Runs(X("x=ls; declare x=sudo; $x id"), "sudo id"));
  EXPECT_TRUE(Runs(X("set -- sudo id; \"$@\""), "sudo id"));
  EXPECT_TRUE(Runs(X("set -- x sudo; shift; $1 id"), "sudo id"));
  EXPECT_TRUE(Runs(X("IFS=,; y=sudo,id; $y"), "sudo id"));
  EXPECT_TRUE(Runs(X("y=sudo,id; IFS=, eval '$y'"), "sudo id"));
}

TEST(Units, AValueThatMayDifferIsNotALiteral) {
  // Each would resolve $x to ls while bash may run sudo.
  for (const char* cmd :
       {"x=sudo; true || x=ls; $x id", "x=sudo; if c; then x=ls; fi; $x id", "x=sudo; case $y in a) x=ls;; esac; $x id",
        "x=ls; for i in 1 2; do $x id; x=sudo; done", "x=ls; while c; do $x id; x=sudo; done",
        "x=ls; f() { x=sudo; }; f; $x id", "x=ls; f() { $x id; }; x=sudo; f", "x=ls; read x; $x id",
        "x=ls; printf -v x sudo; $x id", "x=ls; mapfile x < f; $x id", "x=ls; : ${x:=sudo}; $x id",
        "x=sudo; x[1]=ls; $x id", "x=ls; declare -l x=SUDO; $x id", "x=ls; trap 'x=sudo' DEBUG; $x id",
        "x=ls; $cmd; $x id", "x=ls; source ./env.sh; $x id", "x=ls; x=sudo :; $x id",
        "bash -c 'f() { $1 id; }; f sudo' x", "x=ls; (( x = 1 )); $x id"}) {
    auto ex = X(cmd);
    EXPECT_FALSE(Runs(ex, "ls id")) << cmd << ": " << Dump(ex);
    EXPECT_TRUE(Opaque(ex) || Runs(ex, "sudo id")) << cmd << ": " << Dump(ex);
  }
}

TEST(Units, SubshellsKeepTheirAssignments) {
  for (const char* cmd : {"x=sudo; (x=ls); $x id", "x=sudo; echo $(x=ls); $x id", "x=sudo; x=ls | cat; $x id",
                          "x=sudo; { x=ls; } & $x id", "x=sudo; bash -c 'x=ls'; $x id"}) {
    EXPECT_TRUE(Runs(X(cmd), "sudo id")) << cmd << ": " << Dump(X(cmd));
  }
}

TEST(Units, LoopCountersStayKnownIntegers) {
  for (const char* cmd : {"for ((i=0;i<3;i++)); do echo $i; done", "i=0; while (( i < 3 )); do i=$((i+1)); done",
                          "for i in 1 2 3; do echo $((i*2)); done", "n=5; echo $((n*2))", "echo $((RANDOM % 6))",
                          "declare -i t=0; t+=5", "[[ $# -eq 0 ]]", "arr=(a b); echo ${#arr[@]} ${arr[1]}",
                          "declare -A m; for k in a b; do m[$k]=1; done; echo ${m[$k]}",
                          "arr=(a b); for i in \"${!arr[@]}\"; do echo \"${arr[$i]}\"; done"}) {
    auto ex = X(cmd);
    EXPECT_FALSE(Opaque(ex)) << cmd << ": " << Dump(ex);
  }
}

TEST(Units, ArithmeticContextsEvaluateValues) {
  const std::string x = "x='a[$(sudo id)]'; ";
  for (const char* use : {"(( x ))",
                          "echo $((x))",
                          "echo $[x]",
                          "let x",
                          "[[ $x -eq 0 ]]",
                          "[[ 1 -lt x ]]",
                          "for ((;x;)); do :; done",
                          "declare -i n; n=x",
                          "declare -i n=x",
                          "echo ${!x}",
                          "y=(1); echo ${y[x]}",
                          "echo ${s:x}",
                          "a[x]=1",
                          "a[$x]=1",
                          "unset \"$x\"",
                          "read \"$x\"",
                          "printf -v \"$x\" 1",
                          "test -v \"$x\"",
                          "[[ -v $x ]]",
                          "declare \"$x=1\"",
                          "arr=([x]=1)"}) {
    auto ex = X(x + use);
    EXPECT_TRUE(Runs(ex, "sudo id")) << use << ": " << Dump(ex);
  }
  for (const char* text : {"read 'a[$(sudo id)]'", "unset 'a[$(sudo id)]'", "wait -p 'a[$(sudo id)]'",
                           "declare -n r='a[$(sudo id)]'", "a[$(sudo id)]=1"}) {
    EXPECT_TRUE(Runs(X(text), "sudo id")) << text << ": " << Dump(X(text));
  }
  for (const char* unknown :
       {"(( n ))", "echo $(( $(cat f) + 1 ))", "declare -i n; read n", "echo ${!r}", "x=$(cat f); echo $((x+1))"}) {
    EXPECT_TRUE(Opaque(X(unknown))) << unknown;
  }
}

// A value whose subscript runs $( ) that reads the value again is walked anew at
// every use, each use finding two more: the whole command shares one budget, so
// the walk stops (opaque: the hook asks) instead of growing 2^depth (a fuzzer
// found 241 bytes that took 24 GB).
TEST(Units, SelfReferencingValuesShareOneBudget) {
  // The fuzzer's input: the \377 and \310 runs are bytes it added.
  std::string self = "x='a[$(cho0${y[x]} ${s:x:1} \233{sudo id)" + std::string(21, '\377') + "\373" +
                     std::string(28, '\377') + "]'; (( x )); a[$x]=" + std::string(104, '\310') +
                     "1; echo ${y[x]} ${s:x:1} ${!x}";
  ASSERT_EQ(self.size(), 241u);
  auto ex = X(self);  // took 24 GB and minutes before the budget
  EXPECT_TRUE(Opaque(ex));
  EXPECT_LE(ex.opaque.size(), 16u);
  EXPECT_LT(ex.units.size(), 20000u);
  // The budget counts every script walked, however shallow.
  std::string wide;
  for (int n = 0; n < 200; ++n) wide += "echo $(true); ";
  ExtractOptions small;
  small.max_work = 100;
  auto w = Extract(wide, small);
  ASSERT_TRUE(Opaque(w));
  EXPECT_EQ(w.opaque.front().what, "command too complex to evaluate");
  // Ordinary long commands stay far from the budget.
  std::string many = "i=1; ";
  for (int n = 0; n < 2000; ++n) many += "echo $(date +%s) $((i + " + std::to_string(n) + ")); ";
  EXPECT_FALSE(Opaque(X(many))) << Dump(X(many)).substr(0, 300);
}

TEST(Units, CommandTables) {
  EXPECT_TRUE(Runs(X("hash -p /usr/bin/sudo x; x id"), "/usr/bin/sudo id"));
  EXPECT_TRUE(Runs(X("f() { x id; }; hash -p /usr/bin/sudo x; f"), "/usr/bin/sudo id"));  // use before definition
  EXPECT_TRUE(Runs(X("hash -p /bin/bash x; x -c 'sudo id'"), "sudo id"));
  EXPECT_TRUE(Runs(X("BASH_CMDS[x]=/usr/bin/sudo; x id"), "/usr/bin/sudo id"));
  EXPECT_TRUE(Runs(X("BASH_CMDS=([x]=/usr/bin/sudo); x id"), "/usr/bin/sudo id"));
  EXPECT_TRUE(Opaque(X("BASH_CMDS[$k]=/usr/bin/sudo; x id")));
  EXPECT_TRUE(Opaque(X("read 'BASH_CMDS[x]'")));
  EXPECT_TRUE(Runs(X("declare -n r=BASH_CMDS; r=([x]=/usr/bin/sudo); x id"), "/usr/bin/sudo id"));
}

TEST(Units, Aliases) {
  EXPECT_TRUE(Runs(X("alias x=eval\nx 'sudo id'"), "sudo id"));
  EXPECT_TRUE(Runs(X("alias w='command ' x=eval\nw x 'sudo id'"), "sudo id"));  // trailing blank: next word too
  EXPECT_TRUE(Runs(X("alias a='echo '\na a b"), "echo echo b"));
  EXPECT_TRUE(Runs(X("alias x=bash\nx <<< 'sudo id'"), "sudo id"));
  EXPECT_TRUE(Runs(X("BASH_ALIASES[x]=eval\nx 'sudo id'"), "sudo id"));
  EXPECT_TRUE(Runs(X("BASH_ALIASES=([x]=sudo)\nx rm -rf /"), "sudo rm -rf /"));
  EXPECT_TRUE(Opaque(X("alias x='su\\'\nx\ndo id")));  // joins the next line
  EXPECT_TRUE(Opaque(X("alias \"$n\"=eval")));
  auto ll = X("alias ll='ls -l'; ll; alias ls='ls -F'\nls");
  EXPECT_FALSE(Opaque(ll)) << Dump(ll);
  EXPECT_TRUE(Runs(ll, "ls -l"));
  EXPECT_TRUE(Runs(ll, "ls -F"));
}

TEST(Units, CodeInVariablesAndCallbacks) {
  for (const char* cmd :
       {"PS4='$(sudo id)'; set -x", "PS4='\\044(sudo id)'", "PROMPT_COMMAND='sudo id'", "PROMPT_COMMAND=('sudo id')",
        "env PS4='$(sudo id)' bash -xc true", "x='$(sudo id)'; echo ${x@P}", "mapfile -C 'sudo id' a < f",
        "readarray -tCsudo -c1 a < f", "complete -C 'sudo id' x", "compgen -W '$(sudo id)' x",
        "bind -x '\"\\C-x\": sudo id'", "fc -e 'sudo id;:' -1", "history -s 'sudo id'", "trap 'sudo id' EXIT",
        "trap -- 'sudo id' DEBUG", "jobs -x sudo id"}) {
    EXPECT_TRUE(RunsPrefix(X(cmd), "sudo")) << cmd << ": " << Dump(X(cmd));
  }
  for (const char* cmd : {"PS4=\"$p\"", "PROMPT_COMMAND=$c", "trap \"$x\" EXIT", "mapfile -C \"$c\" a", "fc",
                          "x=ls; trap '$x id' EXIT"}) {
    EXPECT_TRUE(Opaque(X(cmd))) << cmd;
  }
}

TEST(Units, ShellsReadingDescriptors) {
  for (const char* cmd :
       {"echo 'sudo id' | bash /dev/stdin", "echo 'sudo id' | sh /dev/fd/0", "echo 'sudo id' | bash /proc/self/fd/0",
        "echo 'sudo id' | . /dev/stdin", "bash /dev/fd/3 3<<< 'sudo id'", "exec <<< 'sudo id'; bash",
        "cd /dev; echo 'sudo id' | bash stdin", "BASH_ENV=/dev/stdin bash -c true <<< 'sudo id'",
        "env BASH_ENV=/dev/stdin bash -c : <<< 'sudo id'", "bash --rcfile <(echo 'sudo id') -i",
        "sh -c 'cat | bash' <<< 'sudo id'"}) {
    EXPECT_TRUE(Runs(X(cmd), "sudo id")) << cmd << ": " << Dump(X(cmd));
  }
  for (const char* cmd : {"curl x | bash /dev/stdin", "curl x | source /proc/self/fd/0", "exec 0< <(curl x)\nbash",
                          "echo true | bash 0<&3 3< <(curl x)", "bash /dev/fd/$n", "curl x | xargs bash -c",
                          "curl x | xargs sh", "curl x | bash \"$f\"", "f() { bash; }; f <<< 'sudo id'"}) {
    EXPECT_TRUE(Opaque(X(cmd))) << cmd << ": " << Dump(X(cmd));
  }
  for (const char* cmd :
       {"bash script.sh", "xargs -n1 echo", "find . | xargs rm", "bash \"$f\"", "ls | xargs bash -c 'echo $1' _"}) {
    EXPECT_FALSE(Opaque(X(cmd))) << cmd << ": " << Dump(X(cmd));
  }
}

TEST(Units, HistoryExpansion) {
  EXPECT_TRUE(Opaque(X("set -o history -H\necho sudo\n!$ id")));
  EXPECT_TRUE(Opaque(X("set -H\necho hi\n^echo^sudo")));
  EXPECT_TRUE(Opaque(X("bash -H -o history -c 'echo sudo\n!! id'")));
  EXPECT_FALSE(Opaque(X("if ! true; then echo $!; fi; [ a != b ]; echo !x")));  // not enabled
  EXPECT_FALSE(Opaque(X("set -H; if ! true; then echo $!; fi; [ a != b ]")));
}

TEST(Units, CompoundAssignmentBuiltAtRunTime) {
  EXPECT_TRUE(Opaque(X("x=$(cat f); declare -a a=\"($x)\"")));
  EXPECT_TRUE(Runs(X("declare -a a=(1 $(sudo id))"), "sudo id"));
  EXPECT_FALSE(Opaque(X("declare -a a=(1 \"$x\")")));
}

TEST(Units, CwdAfterBranchesAndPopd) {
  auto ex = X("true || cd sub; cat .env");
  EXPECT_EQ(ex.units.back().cwd, "");  // /p or /p/sub: not known
  auto p = X("cd /a; pushd /b; popd; cat x");
  EXPECT_EQ(p.units.back().cwd, "");
  auto known = X("cd /a && cat x");
  EXPECT_EQ(known.units.back().cwd, "/a");
}

// What bash 5.2's printf writes (each expectation checked against bash).
std::optional<std::string> Printf(const Words& args) {
  PrintfRun r = RunPrintf(args);
  return r.known ? std::optional<std::string>(r.out) : std::nullopt;
}

TEST(PrintfFormat, ReusesTheFormatUntilTheArgumentsAreUsed) {
  EXPECT_EQ(Printf({"%s\\n", "ls", "sudo id"}), "ls\nsudo id\n");
  EXPECT_EQ(Printf({"%s", "sud", "o id"}), "sudo id");
  EXPECT_EQ(Printf({"%s %s\\n", "a", "b", "c"}), "a b\nc \n");  // missing arguments are empty
  EXPECT_EQ(Printf({"x\\n", "a", "b"}), "x\n");                 // no conversion: once
  EXPECT_EQ(Printf({"%s|%d|%c|%b|%q|"}), std::string("|0|\0||''|", 9));
}

TEST(PrintfFormat, Conversions) {
  EXPECT_EQ(Printf({"%.4s id", "sudoxx"}), "sudo id");
  EXPECT_EQ(Printf({"%*s id", "4", "sudo"}), "sudo id");
  EXPECT_EQ(Printf({"%*s|%-*s|%.*s|%*.*s|", "4", "ab", "-4", "cd", "1", "efg", "5", "2", "hij"}), "  ab|cd  |e|   hi|");
  EXPECT_EQ(Printf({"%05s|%5c|%-3c|%.1c|", "ab", "x", "y", "z"}), "   ab|    x|y  |z|");
  EXPECT_EQ(Printf({"%d|%i|%u|%x|%o|%X|%#x|%#o|%+d|% d|%05d|%-5d|%.3d|%.0d|", "12", "-3", "-1", "255", "8", "255",
                    "255", "8", "5", "5", "42", "42", "7", "0"}),
            "12|-3|18446744073709551615|ff|10|FF|0xff|010|+5| 5|00042|42   |007||");
  EXPECT_EQ(Printf({"%d|", "0x1f", "010", " 12", "12abc", "'A", "\"B", "", "abc"}), "31|8|12|12|65|66|0|0|");
  EXPECT_EQ(Printf({"%ld|%hhd|%%|", "1", "300"}), "1|300|%|");
  EXPECT_EQ(Printf({"%q %q %q %q", "sudo id", "it's", "~a", "#x"}), "sudo\\ id it\\'s \\~a \\#x");
  EXPECT_EQ(Printf({"%q|%q", "a\tb", ""}), "$'a\\tb'|''");
  EXPECT_EQ(Printf({"%.2Q|%.2q|", "c d", "c d"}), "c\\ |c\\|");
  EXPECT_EQ(Printf({"%b\\n", "sudo id"}), "sudo id\n");
}

TEST(PrintfFormat, Escapes) {
  EXPECT_EQ(Printf({"su\\u0064o id"}), "sudo id");
  EXPECT_EQ(Printf({"\\0163udo id"}),
            "\016"
            "3udo id");                                  // three digits in a format
  EXPECT_EQ(Printf({"%b", "\\0163udo id"}), "sudo id");  // \0 and three more in %b
  EXPECT_EQ(Printf({"\\x73\\163\\U00000064\\\\\\\"\\'\\?\\z\\c\\"}), "ssd\\\"'?\\z\\c\\");
  EXPECT_EQ(Printf({"\\x|\\u|\\xZ"}), "\\x|\\u|\\xZ");
  EXPECT_EQ(Printf({"%b|%b", "a\\'\\\"\\?", "b\\cxx"}), "a\\'\\\"\\?|b");  // \c in %b ends everything
  EXPECT_EQ(Printf({"%5b|%s", "a\\c", "x"}), "    a");
  EXPECT_EQ(Printf({"\\a\\b\\e\\f\\n\\r\\t\\v"}), "\a\b\x1b\f\n\r\t\v");
}

TEST(PrintfFormat, OptionsAndErrors) {
  EXPECT_EQ(Printf({"-v", "x", "sudo id"}), "");  // assigned, not printed
  EXPECT_EQ(Printf({"-vx", "sudo id"}), "");
  EXPECT_EQ(Printf({"--", "%s", "a"}), "a");
  EXPECT_EQ(Printf({"-x", "a"}), "");   // invalid option
  EXPECT_EQ(Printf({"-%s", "a"}), "");  // so is this
  EXPECT_EQ(Printf({"-", "a"}), "-");
  EXPECT_EQ(Printf({"ab%"}), "ab");         // missing conversion: stops after what it wrote
  EXPECT_EQ(Printf({"ab%z|", "x"}), "ab");  // invalid conversion character
  EXPECT_EQ(Printf({"%s %n %s|", "a", "v", "b", "c"}), "a  b|c  |");
  PrintfRun n = RunPrintf({"abc%n%s%n", "x", "de", "y"});
  EXPECT_EQ(n.counts, (std::vector<std::pair<std::string, size_t>>{{"x", 3}, {"y", 5}}));
  EXPECT_TRUE(RunPrintf({"-v", "1x", "%n", "x"}).counts.empty());  // an invalid -v name: printf does nothing
}

TEST(PrintfFormat, WhatItCannotComputeIsUnknown) {
  for (const Words& args : std::vector<Words>{{"%f", "1"},
                                              {"%(%Y)T", "0"},
                                              {"\\u00e9"},
                                              {"%d", "'\xc3\xa9"},
                                              {"%q", "\xc3\xa9"},
                                              {"%'d", "1000"},
                                              {"%.-3s", "abc"},
                                              {"%100000s", "x"},
                                              {"%*s", "99999999999", "x"},
                                              {"--help"}})
    EXPECT_FALSE(RunPrintf(args).known) << args[0];
}

TEST(PrintfFormat, Echo) {
  EXPECT_EQ(RunEcho({"-Ee", "sudo\\x20id"}, false), "sudo id\n");  // the last of -E/-e wins
  EXPECT_EQ(RunEcho({"-e", "-E", "sudo\\x20id"}, false), "sudo\\x20id\n");
  EXPECT_EQ(RunEcho({"-n", "-e", "a\\tb"}, false), "a\tb");
  EXPECT_EQ(RunEcho({"-x", "-e", "a"}, false), "-x -e a\n");  // not only n, e, E: options end
  EXPECT_EQ(RunEcho({"-", "--", "a"}, false), "- -- a\n");
  EXPECT_EQ(RunEcho({"-e", "a\\101\\0101\\x41\\u0041\\cb", "c"}, false), "a\\101AAA");  // \c: nothing more
  EXPECT_EQ(RunEcho({"-e", "\\'\\\"\\?\\z\\\\"}, false), "\\'\\\"\\?\\z\\\n");
  EXPECT_EQ(RunEcho({"sudo\\x20id"}, true), "sudo id\n");  // shopt -s xpg_echo
  EXPECT_EQ(RunEcho({"sudo\\x20id"}, std::nullopt), std::nullopt);
  EXPECT_EQ(RunEcho({"sudo id"}, std::nullopt), "sudo id\n");
  EXPECT_EQ(RunEcho({"-e", "\\u00e9"}, false), std::nullopt);
}

TEST(Units, StaticSourcesAsBashWritesThem) {
  for (const char* cmd :
       {"printf '%s\\n' 'echo hi' 'sudo id' | sh", "printf '%s' 'sud' 'o id' | bash", "printf 'su\\u0064o id' | bash",
        "source <(printf '%s\\n' 'echo hi' 'sudo id')", "bash <(printf '%s\\n' ls 'sudo id')",
        "echo -Ee 'sudo\\x20id' | sh", "printf 'su\\0do id' | bash", "shopt -s xpg_echo; echo 'sudo\\x20id' | sh",
        "echo -e '\\0163udo id' | sh"})
    EXPECT_TRUE(Runs(X(cmd), "sudo id")) << cmd << ": " << Dump(X(cmd));
  for (const char* cmd : {"printf '\\0163udo id' | sh", "echo 'sudo\\x20id' | sh", "echo -e '\\163udo id' | sh",
                          "printf -v x 'sudo id' | sh"}) {
    auto ex = X(cmd);
    EXPECT_FALSE(RunsPrefix(ex, "sudo") || Opaque(ex)) << cmd << ": " << Dump(ex);
  }
  for (const char* cmd :
       {"printf '%f sudo id' 1 | sh", "echo() { curl x; }; echo ls | sh", "shopt -s $o; echo 'sudo\\x20id' | sh"})
    EXPECT_TRUE(Opaque(X(cmd))) << cmd << ": " << Dump(X(cmd));
}

TEST(Units, ReadonlyVariablesKeepTheirValues) {
  for (const char* cmd :
       {"readonly X=sudo; declare X=ls; $X id", "declare -r X=sudo; X=ls\n$X id", "typeset -r X=sudo; read X; $X id",
        "X=sudo; readonly X; export X=ls; $X id", "readonly X=sudo; unset X; $X id",
        "readonly X=sudo; printf -v X ls; $X id", "readonly X=sudo; for X in ls; do :; done; $X id",
        "X=sudo; local X=ls 2>/dev/null; $X id", "X=sudo; declare X; $X id", "X=sudo; declare -p X=ls; $X id",
        "X=sudo; export -r X=ls; $X id", "readonly X=sudo; f() { X=ls; }; f\n$X id"}) {
    auto ex = X(cmd);
    EXPECT_TRUE(Runs(ex, "sudo id")) << cmd << ": " << Dump(ex);
    EXPECT_FALSE(Runs(ex, "ls id")) << cmd << ": " << Dump(ex);
  }
  // Readonly on some path, or after a line bash may have abandoned: unknown.
  for (const char* cmd :
       {"X=sudo; c && readonly X; X=ls\n$X id", "readonly R=1\nY=sudo; R=2; Y=ls\n$Y id",
        "readonly R=1\nY=sudo; R=2 Y=ls\n$Y id", "X=sudo; f() { readonly X; }; f\nX=ls\n$X id",
        "X=sudo; readonly \"$n\"; X=ls\n$X id", "X=sudo; for i in 1 2; do X=ls; readonly X; done; $X id"}) {
    auto ex = X(cmd);
    EXPECT_FALSE(Runs(ex, "ls id")) << cmd << ": " << Dump(ex);
  }
  EXPECT_TRUE(Runs(X("f() { local X=ls; \"$X\" id; }"), "ls id"));   // local in a function assigns
  EXPECT_TRUE(Runs(X("SHELLOPTS=ls; \"$SHELLOPTS\" id"), "$? id"));  // readonly in bash
  EXPECT_TRUE(Runs(X("X=sudo; printf 'abc%n' X; $X id"), "3 id"));
}

}  // namespace
}  // namespace paddock::rules
