// Programs that compilers' and toolchains' own options make them run
// (rules/carried_toolchains.h), seen through CarriedByOptions.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "rules/carried.h"

namespace paddock::rules {
namespace {

std::vector<Carried> Of(const Words& w) {
  std::vector<Carried> out;
  CarriedByOptions(w, {}, out);
  return out;
}

// "kind:argv words" or "kind:code" for each carried command.
std::vector<std::string> Shown(const Words& w) {
  std::vector<std::string> out;
  for (const auto& c : Of(w)) {
    std::string s = c.kind == Carried::kCovered ? "covered:"
                    : c.kind == Carried::kArgv  ? "argv:"
                    : c.kind == Carried::kShell ? "shell:"
                                                : "opaque:";
    if (c.kind == Carried::kShell) s += c.code;
    for (size_t i = 0; i < c.argv.size(); ++i) s += (i ? " " : "") + c.argv[i];
    out.push_back(s);
  }
  return out;
}

using Strings = std::vector<std::string>;

TEST(CarriedToolchains, GoRunsItsExecToolexecVettoolAndExternalLinker) {
  EXPECT_EQ(Shown({"go", "test", "-exec", "sudo", "./..."}), Strings{"shell:sudo"});
  EXPECT_EQ(Shown({"go", "build", "--toolexec=strace -f", "."}), Strings{"shell:strace -f"});
  EXPECT_EQ(Shown({"go", "vet", "-vettool=/x/v", "."}), Strings{"shell:/x/v"});
  EXPECT_EQ(Shown({"go", "build", "-ldflags=all=-linkmode external -extld=clang", "."}), Strings{"covered:clang"});
  EXPECT_EQ(Shown({"go", "build", "-ldflags", "-s -w", "."}), Strings{});
  // After -args the words are the test binary's.
  EXPECT_EQ(Shown({"go", "test", ".", "-args", "-exec", "sudo"}), Strings{});
  EXPECT_EQ(Shown({"go", "env", "-w", "GOFLAGS=-toolexec=sudo", "CC=ccache gcc", "GOPROXY=direct"}),
            (Strings{"shell:sudo", "covered:ccache gcc"}));
  EXPECT_EQ(Shown({"go", "env", "CC=sudo"}), Strings{});  // printing, not writing
}

TEST(CarriedToolchains, CargoConfigProgramsAndRustLinkers) {
  EXPECT_EQ(Shown({"cargo", "--config", "target.x86_64-unknown-linux-gnu.runner='valgrind -q'", "run"}),
            Strings{"argv:valgrind -q"});
  EXPECT_EQ(Shown({"cargo", "run", "--config=target.'cfg(unix)'.runner=[\"sudo\", \"-E\"]"}), Strings{"argv:sudo -E"});
  EXPECT_EQ(Shown({"cargo", "build", "--config", "build.rustc-wrapper=\"sccache\""}), Strings{"covered:sccache"});
  EXPECT_EQ(Shown({"cargo", "build", "--config", "build.rustflags=['-C', 'linker=clang']"}), Strings{"covered:clang"});
  EXPECT_EQ(Shown({"cargo", "build", "--config", "profile.release.lto=true"}), Strings{});
  // An escape or a bare value is not read: opaque; a stream too.
  EXPECT_EQ(Shown({"cargo", "build", "--config", "build.rustc=\"\\u0073udo\""}).size(), 1u);
  EXPECT_EQ(Shown({"cargo", "build", "--config", "build.rustc=\"\\u0073udo\""})[0].rfind("opaque:", 0), 0u);
  EXPECT_EQ(Shown({"cargo", "build", "--config", "/dev/stdin"}), Strings{"opaque:"});
  // After "--", the program's own arguments.
  EXPECT_EQ(Shown({"cargo", "run", "--", "--config", "build.rustc='sudo'"}), Strings{});
  EXPECT_EQ(Shown({"rustc", "-C", "linker=sudo", "x.rs"}), Strings{"covered:sudo"});
  EXPECT_EQ(Shown({"rustc", "--codegen=linker=clang", "-Copt-level=3", "x.rs"}), Strings{"covered:clang"});
}

TEST(CarriedToolchains, CompilersCMakeBazelTox) {
  EXPECT_EQ(Shown({"gcc", "-wrapper", "gdb,--args", "x.c"}), Strings{"argv:gdb --args"});
  EXPECT_EQ(Shown({"x86_64-linux-gnu-g++-12", "-specs=/dev/fd/3", "x.cc"}), Strings{"opaque:"});
  EXPECT_EQ(Shown({"clang", "-O2", "-o", "x", "x.c"}), Strings{});
  EXPECT_EQ(Shown({"cmake", "-DCMAKE_C_COMPILER_LAUNCHER=ccache", "-D",
                   "CMAKE_CXX_CLANG_TIDY:STRING=clang-tidy;-checks=*", "-DCMAKE_BUILD_TYPE=Release", "-B", "b"}),
            (Strings{"covered:ccache", "covered:clang-tidy -checks=*"}));
  EXPECT_EQ(Shown({"cmake", "-P", "/dev/stdin"}), Strings{"opaque:"});
  EXPECT_EQ(Shown({"cmake", "-DCMAKE_TOOLCHAIN_FILE=/proc/self/fd/0", "."}), Strings{"opaque:"});
  EXPECT_EQ(Shown({"cmake", "-DCMAKE_TOOLCHAIN_FILE=cmake/arm.cmake", "."}), Strings{});
  EXPECT_EQ(Shown({"bazel", "run", "--run_under=valgrind --leak-check=full", "//:x"}),
            Strings{"shell:valgrind --leak-check=full"});
  EXPECT_EQ(Shown({"tox", "-x", "testenv.commands+=pytest\nsudo id"}), (Strings{"shell:pytest", "shell:sudo id"}));
  EXPECT_EQ(Shown({"tox", "--override=testenv.deps=pytest"}), Strings{});
}

TEST(CarriedToolchains, TestRunnersAndTracers) {
  EXPECT_EQ(Shown({"meson", "test", "-C", "b", "--wrapper=valgrind -q"}), Strings{"shell:valgrind -q"});
  EXPECT_EQ(Shown({"meson", "test", "--gdb-path", "/x/gdb", "--gdb"}), Strings{"shell:/x/gdb"});
  EXPECT_EQ(Shown({"meson", "setup", "b", "--native-file=/dev/fd/3"}), Strings{"opaque:"});
  EXPECT_EQ(Shown({"meson", "setup", "b", "--cross-file", "arm.ini"}), Strings{});
  EXPECT_EQ(Shown({"mvn", "exec:exec", "-D", "exec.executable=python3", "-Dexec.args=x.py"}), Strings{"shell:python3"});
  EXPECT_EQ(Shown({"bear", "--wrapper", "/x/w", "--", "make"}), Strings{"argv:/x/w"});
  EXPECT_EQ(Shown({"bear", "--", "make", "--wrapper", "/x/w"}), Strings{});
  // strace -o |CMD / !CMD pipes the trace to a shell command; a file is a file.
  EXPECT_EQ(Shown({"strace", "-f", "--trace", "open", "-o", "|gzip > t.gz", "make"}), Strings{"shell:gzip > t.gz"});
  EXPECT_EQ(Shown({"strace", "-fo!tee t", "true"}), Strings{"shell:tee t"});
  EXPECT_EQ(Shown({"strace", "-o", "trace.txt", "make", "-o", "|x"}), Strings{});
}

TEST(CarriedToolchains, OtherProgramsThatRunACommandTheyAreGiven) {
  EXPECT_EQ(Shown({"ansible", "localhost", "-a", "sudo id"}), Strings{"shell:sudo id"});  // command is the default
  EXPECT_EQ(Shown({"ansible", "all", "-m", "ansible.builtin.shell", "--args=id | tee x"}), Strings{"shell:id | tee x"});
  EXPECT_EQ(Shown({"ansible", "all", "-mping"}), Strings{});
  EXPECT_EQ(Shown({"ansible", "all", "-m", "copy", "-a", "src=a dest=b"}), Strings{});
  EXPECT_EQ(Shown({"wget", "--use-askpass=/x/ask", "https://x"}), Strings{"shell:/x/ask"});
  EXPECT_EQ(Shown({"gpg", "--photo-viewer", "eog %i", "--list-keys"}), Strings{"shell:eog %i"});
  EXPECT_EQ(Shown({"debuild", "-rfakeroot", "-us", "-uc"}), Strings{"shell:fakeroot"});
  EXPECT_EQ(Shown({"dpkg-buildpackage", "--root-command=fakeroot"}), Strings{"shell:fakeroot"});
  EXPECT_EQ(Shown({"ctest", "--build-and-test", ".", "b", "--test-command", "./t", "-v"}), Strings{"argv:./t -v"});
}

}  // namespace
}  // namespace paddock::rules
