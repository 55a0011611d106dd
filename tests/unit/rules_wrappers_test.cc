// The wrapper table (wrappers.h): deny layers, code strings and the allow
// view read one entry per wrapper, so they agree on every wrapper's options.
#include <gtest/gtest.h>

#include "rules/evaluate.h"
#include "rules/normalize.h"
#include "rules/unwrap.h"
#include "rules/wrappers.h"

namespace paddock::rules {
namespace {

RuleSet Rules(std::vector<std::string> deny, std::vector<std::string> allow = {}) {
  RuleSet s;
  for (auto& r : deny) s.deny.push_back(ParseRule(r, RuleKind::kDeny));
  for (auto& r : allow) s.allow.push_back(ParseRule(r, RuleKind::kAllow));
  return s;
}
const EvalContext kCtx{"/p", "/home/u", nullptr};

Verdict Decide(const std::string& cmd, const RuleSet& rules) { return EvaluateBash(cmd, rules, kCtx).verdict; }

std::string View(const Words& w) {
  auto v = AllowView(w, {});
  return v ? DisplayWords(*v) : "<none>";
}

// Whatever the allow view strips down to must be a layer deny rules see:
// otherwise an allow rule would approve a command deny rules never judged.
TEST(WrapperTable, AllowViewIsADenyLayer) {
  for (const Words& w : std::vector<Words>{{"time", "-o", "ls", "rm", "-rf", "x"},
                                           {"time", "-f", "%e", "make"},
                                           {"timeout", "-k", "5", "30", "make"},
                                           {"timeout", "--signal=KILL", "5", "make"},
                                           {"nice", "-5", "make"},
                                           {"nice", "--adjustment", "5", "make"},
                                           {"stdbuf", "-oL", "-e", "0", "make"},
                                           {"nohup", "--", "make"},
                                           {"command", "-p", "make"},
                                           {"builtin", "--", "make"},
                                           {"noglob", "make"},
                                           {"xargs", "grep", "x"},
                                           {"git", "-C", "/p", "--no-pager", "log"},
                                           {"command", "time", "-o", "out", "timeout", "5", "nice", "make"}}) {
    auto view = AllowView(w, {});
    ASSERT_TRUE(view) << DisplayWords(w);
    bool seen = false;
    for (const auto& layer : DenyLayers(w)) seen = seen || layer == *view;
    EXPECT_TRUE(seen) << DisplayWords(w) << " has the allow view " << DisplayWords(*view);
  }
}

TEST(WrapperTable, AllowViewStripsOnlyWhatTheTableAllows) {
  EXPECT_EQ(View({"time", "-o", "ls", "rm", "-rf", "x"}), "rm -rf x");  // -o takes an argument
  EXPECT_EQ(View({"timeout", "5", "npm", "test"}), "npm test");
  EXPECT_EQ(View({"xargs", "grep", "x"}), "grep x");
  EXPECT_EQ(View({"xargs", "-n1", "grep", "x"}), "xargs -n1 grep x");  // only bare xargs
  EXPECT_EQ(View({"xargs"}), "xargs");                                 // runs echo: not stripped
  EXPECT_EQ(View({"git", "-C", "/p", "log"}), "git log");
  EXPECT_EQ(View({"git", "-c", "core.pager=x", "log"}), "git -c core.pager=x log");
  EXPECT_EQ(View({"command", "-v", "ls"}), "command -v ls");                   // a lookup
  EXPECT_EQ(View({"timeout", "5"}), "timeout 5");                              // nothing to run
  EXPECT_EQ(View({"timeout", "--bogus", "5", "ls"}), "timeout --bogus 5 ls");  // uncertain: matched as written
  EXPECT_EQ(View({"sudo", "ls"}), "sudo ls");
  EXPECT_EQ(View({"env", "ls"}), "env ls");
  EXPECT_EQ(View({"find", ".", "-delete"}), "<none>");
  EXPECT_EQ(View({"find", ".", "-fprintf", "f", "%p"}), "<none>");
  // argv[0] as written: a timeout found elsewhere is not the one the table knows.
  EXPECT_EQ(View({"/tmp/x/timeout", "5", "ls"}), "/tmp/x/timeout 5 ls");
  EXPECT_EQ(View({"TIMEOUT", "5", "ls"}), "TIMEOUT 5 ls");
}

// `time -o FILE` writes its report to FILE: the command is what follows.
// The allow view had its own table for time (only -p), so `ls` looked like
// the command and `Bash(ls *)` approved `rm -rf x`.
TEST(WrapperTable, TimeOptionArgumentIsNotTheCommand) {
  EXPECT_EQ(Decide("command time -o ls rm -rf x", Rules({}, {"Bash(ls *)"})), Verdict::kPassthrough);
  EXPECT_EQ(Decide("command time -o out ls -l", Rules({}, {"Bash(ls *)"})), Verdict::kAllow);
}

TEST(WrapperTable, ExactAllowOnlyWhateverThePath) {
  EXPECT_TRUE(ExactAllowOnly({"watch", "ls"}));
  EXPECT_TRUE(ExactAllowOnly({"/usr/bin/watch", "ls"}));
  EXPECT_TRUE(ExactAllowOnly({"flock", "f", "ls"}));
  EXPECT_FALSE(ExactAllowOnly({"timeout", "5", "ls"}));
  EXPECT_EQ(Decide("/usr/bin/setsid rm -rf x", Rules({}, {"Bash(/usr/bin/setsid *)"})), Verdict::kPassthrough);
  EXPECT_EQ(Decide("setsid ls", Rules({}, {"Bash(setsid ls)"})), Verdict::kAllow);
}

TEST(WrapperTable, OneOptionTableForLayersAndCode) {
  // flock's options come from the table for both its command and its -c payload.
  const Wrapper* flock = FindWrapper("flock");
  ASSERT_NE(flock, nullptr);
  WrapperStep s = Unwrap(*flock, {"flock", "-w", "5", "/tmp/l", "-c", "sudo id"});
  EXPECT_TRUE(s.inner.empty());
  ASSERT_EQ(s.codes.size(), 1u);
  EXPECT_EQ(s.codes[0], "sudo id");
  s = Unwrap(*flock, {"flock", "--timeout", "5", "/tmp/l", "sudo", "id"});
  ASSERT_EQ(s.inner.size(), 1u);
  EXPECT_EQ(DisplayWords(s.inner[0]), "sudo id");
  EXPECT_EQ(s.own_words, 4u);
  EXPECT_EQ(Decide("flock --timeout 5 /tmp/l -c 'sudo id'", Rules({"Bash(sudo:*)"})), Verdict::kDeny);
  EXPECT_EQ(Decide("script -q -c 'sudo id' /dev/null", Rules({"Bash(sudo:*)"})), Verdict::kDeny);
  EXPECT_EQ(Decide("script /dev/null -c 'sudo id'", Rules({"Bash(sudo:*)"})), Verdict::kDeny);
  EXPECT_EQ(Decide("watch -n 1 'sudo id'", Rules({"Bash(sudo:*)"})), Verdict::kDeny);
}

TEST(WrapperTable, EnvironmentOptions) {
  // systemd-run -E and strace -E put NAME=VALUE in the command's environment,
  // wherever they come among the other options.
  for (const char* cmd : {"systemd-run --unit x -E GIT_SSH_COMMAND='sudo id' git fetch origin",
                          "systemd-run --setenv=GIT_SSH_COMMAND='sudo id' --quiet git fetch origin",
                          "strace -f -o /dev/null -E GIT_SSH_COMMAND='sudo id' git fetch origin"})
    EXPECT_EQ(Decide(cmd, Rules({"Bash(sudo:*)"})), Verdict::kDeny) << cmd;
}

TEST(WrapperTable, OwnWords) {
  EXPECT_EQ(WrapperOwnWords({"timeout", "5", "ls", "x"}), 2u);
  EXPECT_EQ(WrapperOwnWords({"git", "-C", "d", "log"}), 3u);
  EXPECT_EQ(WrapperOwnWords({"sudo", "A=1", "-u", "root", "ls"}), 4u);
  EXPECT_EQ(WrapperOwnWords({"find", ".", "-exec", "cat", "{}", ";"}), 6u);  // -exec commands are layers
  EXPECT_EQ(WrapperOwnWords({"ls", "x"}), 2u);                               // not a wrapper
}

// fish takes its code as option arguments, also attached or as long options,
// and -C/--init-command runs before the program.
TEST(WrapperTable, FishCodeOptions) {
  for (const char* cmd : {"fish -c 'sudo id'", "fish --command='sudo id'", "fish --command 'sudo id'",
                          "fish -C 'sudo id'", "fish --init-command='sudo id' -c true", "fish -ic'sudo id'",
                          "fish -c true -c 'sudo id'", "echo 'sudo id' | fish"})
    EXPECT_EQ(Decide(cmd, Rules({"Bash(sudo:*)"})), Verdict::kDeny) << cmd;
  EXPECT_EQ(Decide("fish -c 'echo hi'", Rules({"Bash(sudo:*)"})), Verdict::kPassthrough);
  EXPECT_EQ(Decide("fish build.fish", Rules({"Bash(sudo:*)"})), Verdict::kPassthrough);
}

}  // namespace
}  // namespace paddock::rules

namespace paddock::rules {
namespace {

// The name index that keeps lookups from building every group agrees with
// the groups: a wrapper missing from it would silently stop being unwrapped.
TEST(WrapperTable, TheNameIndexCoversEveryWrapperOnce) {
  EXPECT_EQ(WrapperTableProblems(), std::vector<std::string>{});
  for (const char* name : {"sudo", "git", "valgrind", "linux64", "uv", "dotenv"}) {
    const Wrapper* w = FindWrapper(name);
    ASSERT_NE(w, nullptr) << name;
    EXPECT_EQ(w->name, name);
  }
  EXPECT_EQ(FindWrapper("cat"), nullptr);
  EXPECT_EQ(FindWrapper(""), nullptr);
}

// A runner's unknown option may take a value: the command is matched at
// both possible starts, and the parse is never an opaque point.
TEST(WrapperTable, ARunnerToleratesOptionsItsTableDoesNotKnow) {
  const Wrapper* uv = FindWrapper("uv");
  ASSERT_NE(uv, nullptr);
  WrapperStep s = Unwrap(*uv, {"uv", "run", "--future", "x", "sudo", "id"});
  EXPECT_TRUE(s.uncertain.empty());
  EXPECT_EQ(s.inner, (std::vector<Words>{{"x", "sudo", "id"}, {"sudo", "id"}}));
  EXPECT_TRUE(Unwrap(*uv, {"uv", "pip", "install", "sudo"}).inner.empty());
  s = Unwrap(*FindWrapper("mise"), {"mise", "x", "node@20", "--", "node", "-v"});
  EXPECT_EQ(s.inner, (std::vector<Words>{{"node", "-v"}}));
  s = Unwrap(*FindWrapper("direnv"), {"direnv", "exec", ".", "make"});
  EXPECT_EQ(s.inner, (std::vector<Words>{{"make"}}));
}

// GNU parallel runs its template through a shell once per input: plain
// words are checked as a command with the input in holes, anything else is
// a shell string; without a template the inputs are the command lines.
TEST(WrapperTable, ParallelTemplatesAndInputs) {
  const Wrapper* parallel = FindWrapper("parallel");
  ASSERT_NE(parallel, nullptr);
  const std::string hole(1, kHole);
  WrapperStep s = Unwrap(*parallel, {"parallel", "-j4", "gzip", "--best", "{}", ":::", "a", "b"});
  EXPECT_TRUE(s.uncertain.empty());
  EXPECT_EQ(s.inner, (std::vector<Words>{{"gzip", "--best", hole}}));
  // No replacement string: the input is appended.
  s = Unwrap(*parallel, {"parallel", "sudo", "id", ":::", "a"});
  EXPECT_EQ(s.inner, (std::vector<Words>{{"sudo", "id", hole}}));
  // The input as the command: a hole where the command name is.
  s = Unwrap(*parallel, {"parallel", "-I@@", "@@", "id", ":::", "sudo"});
  EXPECT_EQ(s.inner, (std::vector<Words>{{hole, "id"}}));
  // Shell syntax: a shell string. parallel quotes the input: without quotes
  // of the template's own, a replacement is one unknown word.
  s = Unwrap(*parallel, {"parallel", "gzip {} && rm {}", ":::", "a"});
  EXPECT_TRUE(s.inner.empty());
  const std::string unknown = std::string("\"${") + kUnknownVariable + "}\"";
  EXPECT_EQ(s.codes, (std::vector<std::string>{"gzip " + unknown + " && rm " + unknown}));
  // Inside the template's quotes the input could become code: a hole.
  s = Unwrap(*parallel, {"parallel", "X='{}'; $X id", ":::", "a"});
  EXPECT_EQ(s.codes, (std::vector<std::string>{"X='" + hole + "'; $X id"}));
  // -q: the template words are the command's words as they are.
  s = Unwrap(*parallel, {"parallel", "-q", "sh", "-c", "sudo id", ":::", "a"});
  EXPECT_EQ(s.inner, (std::vector<Words>{{"sh", "-c", "sudo id", hole}}));
  // No template: each input of the one ::: group is a command line.
  s = Unwrap(*parallel, {"parallel", ":::", "sudo id", "make"});
  EXPECT_EQ(s.codes, (std::vector<std::string>{"sudo id", "make"}));
  EXPECT_FALSE(Unwrap(*parallel, {"parallel", ":::", "sudo", ":::", "id"}).uncertain.empty());
  EXPECT_FALSE(Unwrap(*parallel, {"parallel", "-j2"}).uncertain.empty());  // commands on stdin
  // Options whose value is code.
  s = Unwrap(*parallel, {"parallel", "--limit", "sudo id", "gzip", ":::", "a"});
  EXPECT_EQ(s.codes, (std::vector<std::string>{"sudo id"}));
  EXPECT_FALSE(Unwrap(*parallel, {"parallel", "--rpl", "{x} s/a/b/", "echo", "{x}", ":::", "a"}).uncertain.empty());
  EXPECT_FALSE(Unwrap(*parallel, {"parallel", "echo", "{=", "s/a/b/", "=}", ":::", "a"}).uncertain.empty());
  EXPECT_TRUE(Unwrap(*parallel, {"parallel", "--version"}).inner.empty());
  // sem: the command, no input appended; `sem --wait` runs nothing.
  s = Unwrap(*FindWrapper("sem"), {"sem", "-j2", "make", "all"});
  EXPECT_EQ(s.inner, (std::vector<Words>{{"make", "all"}}));
  s = Unwrap(*FindWrapper("sem"), {"sem", "--wait"});
  EXPECT_TRUE(s.inner.empty() && s.codes.empty() && s.uncertain.empty());
}

TEST(WrapperTable, CmakeCommandsThatRunACommand) {
  const Wrapper* cmake = FindWrapper("cmake");
  ASSERT_NE(cmake, nullptr);
  WrapperStep s = Unwrap(*cmake, {"cmake", "-E", "env", "--unset=A", "--modify", "PATH=reset:", "B=1", "--", "make"});
  EXPECT_EQ(s.inner, (std::vector<Words>{{"make"}}));
  ASSERT_EQ(s.env.size(), 1u);
  EXPECT_EQ(s.env[0].name, "B");
  EXPECT_EQ(Unwrap(*cmake, {"cmake", "-E", "chdir", "build", "make", "-j2"}).inner,
            (std::vector<Words>{{"make", "-j2"}}));
  EXPECT_EQ(Unwrap(*cmake, {"cmake", "-E", "time", "sudo", "id"}).inner, (std::vector<Words>{{"sudo", "id"}}));
  EXPECT_TRUE(Unwrap(*cmake, {"cmake", "-E", "copy", "a", "b"}).inner.empty());
  EXPECT_TRUE(Unwrap(*cmake, {"cmake", "--build", "build", "--target", "all"}).inner.empty());
}

TEST(WrapperTable, RunconTakesAContextUnlessGivenItsParts) {
  const Wrapper* runcon = FindWrapper("runcon");
  ASSERT_NE(runcon, nullptr);
  EXPECT_EQ(Unwrap(*runcon, {"runcon", "u:r:t:s0", "sudo", "id"}).inner, (std::vector<Words>{{"sudo", "id"}}));
  EXPECT_EQ(Unwrap(*runcon, {"runcon", "-c", "-t", "x_t", "sudo", "id"}).inner, (std::vector<Words>{{"sudo", "id"}}));
  EXPECT_TRUE(Unwrap(*runcon, {"runcon", "--help"}).inner.empty());
}

// Sandboxes and development shells that run a command on this machine.
TEST(WrapperTable, SandboxesAndDevelopmentShells) {
  auto inner = [](const Words& w) { return Unwrap(*FindWrapper(CommandName(w[0])), w).inner; };
  using Inner = std::vector<Words>;
  EXPECT_EQ(inner({"bwrap", "--ro-bind", "/usr", "/usr", "--overlay", "a", "b", "c", "--", "make"}), (Inner{{"make"}}));
  WrapperStep s = Unwrap(*FindWrapper("bwrap"), {"bwrap", "--setenv", "PAGER", "less", "git", "log"});
  EXPECT_EQ(s.inner, (Inner{{"git", "log"}}));
  ASSERT_EQ(s.env.size(), 1u);
  EXPECT_EQ(s.env[0].value, "less");
  EXPECT_FALSE(Unwrap(*FindWrapper("bwrap"), {"bwrap", "--new-option", "x", "id"}).uncertain.empty());
  EXPECT_TRUE(inner({"bwrap", "--version"}).empty());
  EXPECT_EQ(inner({"proot", "-r", "/rootfs", "-b", "/dev", "-0", "sh"}), (Inner{{"sh"}}));
  EXPECT_EQ(inner({"flatpak-spawn", "--host", "--env=A=1", "make"}), (Inner{{"make"}}));
  EXPECT_EQ(inner({"toolbox", "run", "-c", "fedora", "make"}), (Inner{{"make"}}));
  EXPECT_TRUE(inner({"toolbox", "enter"}).empty());
  // distrobox, guix shell and nsjail run a command only after "--".
  EXPECT_EQ(inner({"distrobox", "enter", "box", "--", "make"}), (Inner{{"make"}}));
  EXPECT_TRUE(inner({"distrobox", "enter", "box"}).empty());
  EXPECT_EQ(inner({"guix", "shell", "gcc", "make", "--", "make"}), (Inner{{"make"}}));
  EXPECT_TRUE(inner({"guix", "shell", "sudo"}).empty());
  EXPECT_EQ(inner({"nsjail", "-Mo", "--chroot", "/", "--", "id"}), (Inner{{"id"}}));
  // nix-shell runs a bash string; nix develop|shell -c a command.
  EXPECT_EQ(Unwrap(*FindWrapper("nix-shell"), {"nix-shell", "-p", "hello", "--run", "make test"}).codes,
            (std::vector<std::string>{"make test"}));
  EXPECT_EQ(inner({"nix", "develop", ".#ci", "-c", "make", "test"}), (Inner{{"make", "test"}}));
  EXPECT_EQ(inner({"nix", "shell", "nixpkgs#jq", "--command", "jq", "."}), (Inner{{"jq", "."}}));
  EXPECT_TRUE(inner({"nix", "build", ".#shell"}).empty());
  EXPECT_EQ(inner({"sshpass", "-p", "pw", "ssh", "host"}), (Inner{{"ssh", "host"}}));
  EXPECT_EQ(inner({"chronic", "-e", "make"}), (Inner{{"make"}}));
  EXPECT_TRUE(inner({"nq", "-w"}).empty());
}

TEST(WrapperTable, SupervisorsEntryPointsAndQueues) {
  auto inner = [](const Words& w) { return Unwrap(*FindWrapper(CommandName(w[0])), w).inner; };
  using Inner = std::vector<Words>;
  EXPECT_EQ(inner({"run0", "-u", "build", "--setenv=A=1", "make"}), (Inner{{"make"}}));
  EXPECT_EQ(inner({"gosu", "nobody:nogroup", "make", "-j2"}), (Inner{{"make", "-j2"}}));
  EXPECT_EQ(inner({"su-exec", "1000", "id"}), (Inner{{"id"}}));
  EXPECT_EQ(inner({"tini", "-s", "-p", "SIGTERM", "--", "node", "app.js"}), (Inner{{"node", "app.js"}}));
  EXPECT_EQ(inner({"dumb-init", "--rewrite", "15:2", "nginx"}), (Inner{{"nginx"}}));
  EXPECT_EQ(inner({"s6-setlock", "-n", "-t", "5", "lockfile", "make"}), (Inner{{"make"}}));
  EXPECT_EQ(inner({"envdir", "./env", "id"}), (Inner{{"id"}}));
  EXPECT_EQ(inner({"softlimit", "-m", "100000", "id"}), (Inner{{"id"}}));
  // cpulimit and tsp have modes that act on processes or jobs that exist.
  EXPECT_EQ(inner({"cpulimit", "-l", "50", "--", "make"}), (Inner{{"make"}}));
  EXPECT_TRUE(inner({"cpulimit", "-p", "1234", "-l", "50"}).empty());
  EXPECT_EQ(inner({"tsp", "-L", "nightly", "-n", "make", "check"}), (Inner{{"make", "check"}}));
  EXPECT_TRUE(inner({"tsp", "-t", "3"}).empty());
  // start-stop-daemon: --startas wins over --exec; --stop runs nothing.
  EXPECT_EQ(inner({"start-stop-daemon", "--start", "--exec", "/usr/sbin/d", "--", "-f"}),
            (Inner{{"/usr/sbin/d", "-f"}}));
  EXPECT_EQ(inner({"start-stop-daemon", "-S", "-a", "/bin/sh", "-x", "/usr/sbin/d"}), (Inner{{"/bin/sh"}}));
  EXPECT_TRUE(inner({"start-stop-daemon", "--stop", "--exec", "/usr/sbin/d"}).empty());
  // GNU tools with Homebrew's "g" prefix are the same wrappers.
  EXPECT_EQ(inner({"gtimeout", "5", "make"}), (Inner{{"make"}}));
  EXPECT_EQ(FindWrapper("gsed"), nullptr);
  EXPECT_EQ(FindWrapper("g"), nullptr);
}

TEST(WrapperTable, HyperfineCommandsAreShellStrings) {
  auto codes = [](const Words& w) { return Unwrap(*FindWrapper("hyperfine"), w).codes; };
  using Codes = std::vector<std::string>;
  EXPECT_EQ(codes({"hyperfine", "-w", "3", "make -j2", "--prepare", "make clean", "ninja"}),
            (Codes{"make -j2", "make clean", "ninja"}));
  EXPECT_EQ(codes({"hyperfine", "-r3", "--setup=./configure", "-s'make x'", "true"}),
            (Codes{"./configure", "'make x'", "true"}));
  // -L runs each command once per listed value; -P once per number.
  EXPECT_EQ(codes({"hyperfine", "-L", "tool", "gzip,xz", "{tool} -k f", "ls"}), (Codes{"gzip -k f", "xz -k f", "ls"}));
  EXPECT_EQ(codes({"hyperfine", "-P", "n", "1", "8", "make -j{n}"}), (Codes{"make -j1"}));
  EXPECT_EQ(codes({"hyperfine", "--", "-rf"}), (Codes{"-rf"}));
  EXPECT_FALSE(Unwrap(*FindWrapper("hyperfine"), {"hyperfine", "--new-thing", "ls"}).uncertain.empty());
}

TEST(WrapperTable, ContainersRunTheirCommand) {
  auto inner = [](const Words& w) { return Unwrap(*FindWrapper(CommandName(w[0])), w).inner; };
  using Inner = std::vector<Words>;
  EXPECT_EQ(inner({"docker", "run", "--rm", "-v", "/a:/b", "-e", "X=1", "alpine", "ls", "-l"}), (Inner{{"ls", "-l"}}));
  EXPECT_EQ(inner({"docker", "exec", "-it", "-u", "root", "web", "id"}), (Inner{{"id"}}));
  EXPECT_TRUE(inner({"docker", "exec", "web"}).empty());
  EXPECT_TRUE(inner({"docker", "ps", "-a"}).empty());
  EXPECT_EQ(inner({"kubectl", "exec", "-it", "pod", "-c", "app", "--", "id"}), (Inner{{"id"}}));
  EXPECT_TRUE(inner({"kubectl", "exec", "pod", "id"}).empty());  // kubectl wants "--" before the command
  EXPECT_EQ(Unwrap(*FindWrapper("docker"), {"docker", "run", "--entrypoint", "make", "img", "test"}).codes,
            (std::vector<std::string>{"make"}));
}

// env -C, sudo -D, cmake -E chdir: the directory the command runs in.
TEST(WrapperTable, DirectoryOptions) {
  auto chdir = [](const Words& w) { return Unwrap(*FindWrapper(CommandName(w[0])), w).chdir; };
  EXPECT_EQ(chdir({"env", "-C", "src", "touch", "a.c"}), std::optional<std::string>("src"));
  EXPECT_EQ(chdir({"env", "--chdir=/tmp", "A=1", "ls"}), std::optional<std::string>("/tmp"));
  EXPECT_EQ(chdir({"sudo", "-D", "/srv", "ls"}), std::optional<std::string>("/srv"));
  EXPECT_EQ(chdir({"cmake", "-E", "chdir", "build", "make"}), std::optional<std::string>("build"));
  EXPECT_EQ(chdir({"env", "ls"}), std::nullopt);
  EXPECT_EQ(chdir({"env", "-C", "src"}), std::nullopt);  // runs nothing
}

}  // namespace
}  // namespace paddock::rules
