// Compilers and language toolchains whose own options name a program they
// run (carried.h): `go test -exec PROG`, `go build -toolexec CMD`, `go vet
// -vettool`, go's external linker (`-ldflags=-extld=PROG`), `go env -w`
// (GOFLAGS, CC, CXX: recorded for the next go command); `cargo --config
// KEY=VALUE` (a target's runner, linker, rustc and its wrappers); `rustc -C
// linker=PROG`; `gcc -wrapper PROG,ARGS`; cmake's compiler, launcher and
// linter variables (`-DCMAKE_C_COMPILER_LAUNCHER=ccache`) and a script from
// a stream (`cmake -P /dev/stdin`); `bazel --run_under=CMD`; `tox -x
// KEY=VALUE` overriding a test environment's commands. Internal to src/rules.
//
// A program in the compiler's place (a compiler, linker, compiler cache:
// `CC=clang`, `-C linker=clang`, `..._LAUNCHER=ccache`) is covered by the
// toolchain's own approval, as make's CC is (Carried::kCovered: deny and ask
// rules see it); a program that wraps or runs what was built (`-exec`,
// `-toolexec`, a runner, `-wrapper`, `--run_under`) needs its own allow
// rule, as git's pager does.
#pragma once

#include <string>
#include <vector>

#include "rules/carried.h"

namespace paddock::rules::carried_detail {

// Adds what `w` carries when `name` (CommandName of w[0]) is one of these
// toolchains; false when it is none of them.
bool ToolchainCarried(const std::string& name, const Words& w, std::vector<Carried>& out);

}  // namespace paddock::rules::carried_detail
