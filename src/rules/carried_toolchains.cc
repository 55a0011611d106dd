#include "rules/carried_toolchains.h"

#include <optional>
#include <string_view>

#include "base/strings.h"
#include "rules/carried_emit.h"
#include "rules/normalize.h"
#include "rules/plain_words.h"

namespace paddock::rules::carried_detail {
namespace {

// A program the toolchain runs, given as command text (`ccache gcc`, `sudo
// id`): a compiler's stand-in is covered by the toolchain's approval; a
// value with shell syntax, or a program that is not one, is checked as a
// command line of its own.
void Program(std::vector<Carried>& out, const std::string& value, const std::string& what, bool compiler) {
  Words words = compiler ? PlainShellWords(value) : Words{};
  if (!words.empty()) return Covered(out, std::move(words), what);
  Shell(out, value, what);
}

std::string TrimBlanks(std::string_view s) {
  size_t a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
  return a == std::string_view::npos ? "" : std::string(s.substr(a, b - a + 1));
}

bool EndsWithAny(std::string_view s, std::initializer_list<std::string_view> tails) {
  for (auto t : tails)
    if (s.size() >= t.size() && s.substr(s.size() - t.size()) == t) return true;
  return false;
}

// `-C linker=PROG`, `-Clinker=PROG`, `--codegen linker=PROG` in rustc's
// arguments (also cargo's rustflags).
void RustLinker(const Words& w, size_t start, const std::string& what, std::vector<Carried>& out) {
  for (size_t i = start; i < w.size(); ++i) {
    std::string_view a = w[i];
    std::string value;
    if ((a == "-C" || a == "--codegen") && i + 1 < w.size()) value = w[++i];
    else if (a.starts_with("-C")) value = a.substr(2);
    else if (a.starts_with("--codegen=")) value = a.substr(10);
    else continue;
    if (value.starts_with("linker=")) Covered(out, {value.substr(7)}, what + " -C linker");
  }
}

// go's flag package: -name, --name, -name=value, -name value; the flags end
// at -args (the test binary's own) or "--".
void GoFlags(const Words& w, size_t start, std::vector<Carried>& out) {
  for (size_t i = start; i < w.size(); ++i) {
    const std::string& a = w[i];
    if (a == "--" || a == "-args" || a == "--args") break;
    if (a.size() < 2 || a[0] != '-') continue;
    std::string body = a.substr(a[1] == '-' ? 2 : 1);
    size_t eq = body.find('=');
    std::string name = body.substr(0, eq);
    if (name != "exec" && name != "toolexec" && name != "vettool" && name != "ldflags") continue;
    std::string value = eq != std::string::npos ? body.substr(eq + 1) : (i + 1 < w.size() ? w[++i] : "");
    if (name != "ldflags") {
      Program(out, value, "go -" + name, false);
      continue;
    }
    // -ldflags=[PATTERN=]FLAGS: the external linker (-extld PROG) runs.
    if (!value.starts_with("-") && value.find('=') != std::string::npos) value = value.substr(value.find('=') + 1);
    if (value.find("extld") == std::string::npos) continue;
    Words flags = PlainShellWords(value);
    if (flags.empty()) {
      Opaque(out, "go -ldflags names an external linker in text not read here");
      continue;
    }
    for (size_t j = 0; j < flags.size(); ++j) {
      std::string_view f = flags[j];
      if (f.starts_with("--")) f.remove_prefix(1);
      if (f == "-extld" && j + 1 < flags.size()) Covered(out, {flags[++j]}, "go -ldflags -extld");
      else if (f.starts_with("-extld=")) Covered(out, {std::string(f.substr(7))}, "go -ldflags -extld");
    }
  }
}

void Go(const Words& w, std::vector<Carried>& out) {
  if (w.size() < 2) return;
  if (w[1] != "env") return GoFlags(w, 2, out);
  // go env -w NAME=VALUE: recorded in go's env file for every later go command.
  bool write = false;
  for (size_t i = 2; i < w.size(); ++i) {
    if (w[i] == "-w" || w[i] == "--w") {
      write = true;
      continue;
    }
    size_t eq = w[i].find('=');
    if (!write || eq == std::string::npos) continue;
    std::string name = w[i].substr(0, eq), value = w[i].substr(eq + 1);
    if (name == "GOFLAGS") {
      Words flags = {"go"};
      for (auto& f : PlainShellWords(value)) flags.push_back(f);
      GoFlags(flags, 1, out);
    } else if (name == "CC" || name == "CXX" || name == "FC" || name == "AR" || name == "PKG_CONFIG") {
      Program(out, value, "go env -w " + name, true);
    } else if (IsDynamic(name)) {
      Opaque(out, "go env -w: a setting built at run time");
    }
  }
}

// A TOML value on cargo's --config: a string ("…" without escapes, '…') or an
// array of them; the words of a program and its arguments. nullopt when it
// is something else.
std::optional<Words> TomlStrings(std::string v) {
  v = TrimBlanks(v);
  auto one = [](std::string_view s) -> std::optional<std::string> {
    if (s.size() < 2 || (s[0] != '"' && s[0] != '\'') || s.back() != s[0]) return std::nullopt;
    std::string_view inner = s.substr(1, s.size() - 2);
    if (inner.find(s[0]) != std::string_view::npos || (s[0] == '"' && inner.find('\\') != std::string_view::npos))
      return std::nullopt;
    return std::string(inner);
  };
  if (auto s = one(v)) {
    Words words;
    for (auto& part : Split(*s, ' '))
      if (!part.empty()) words.push_back(part);
    return words;
  }
  if (v.size() < 2 || v[0] != '[' || v.back() != ']') return std::nullopt;
  Words words;
  for (auto& item : Split(v.substr(1, v.size() - 2), ',')) {
    std::string t = TrimBlanks(item);
    if (t.empty()) continue;
    auto s = one(t);
    if (!s) return std::nullopt;
    words.push_back(*s);
  }
  return words;
}

void CargoConfig(const std::string& text, std::vector<Carried>& out) {
  size_t eq = text.find('=');
  if (eq == std::string::npos) {
    if (StartsWith(text, "/dev/") || StartsWith(text, "/proc/") || IsDynamic(text))
      Opaque(out, "cargo --config reads a configuration, which may name programs, from " + Display(text));
    return;
  }
  std::string key = TrimBlanks(text.substr(0, eq));
  std::string last = key.substr(key.rfind('.') == std::string::npos ? 0 : key.rfind('.') + 1);
  std::string what = "cargo --config " + Display(key);
  bool compiler = last == "linker" || last == "rustc" || last == "rustdoc" || last == "rustc-wrapper" ||
                  last == "rustc-workspace-wrapper";
  bool program =
      last == "runner" || last == "browser" || last == "credential-provider" || last == "global-credential-providers";
  bool flags = last == "rustflags" || last == "rustdocflags";
  if (!compiler && !program && !flags) {
    if (IsDynamic(key)) Opaque(out, "cargo --config: a key built at run time");
    return;
  }
  auto words = TomlStrings(text.substr(eq + 1));
  if (!words) return Opaque(out, what + ": a value not read here");
  if (words->empty()) return;
  if (flags) return RustLinker(*words, 0, what, out);
  if (compiler) return Covered(out, std::move(*words), what);
  Argv(out, std::move(*words), what);
}

void Cargo(const Words& w, std::vector<Carried>& out) {
  for (size_t i = 1; i < w.size() && w[i] != "--"; ++i) {
    if (w[i] == "--config" && i + 1 < w.size()) CargoConfig(w[++i], out);
    else if (StartsWith(w[i], "--config=")) CargoConfig(w[i].substr(9), out);
  }
}

bool IsCCompiler(const std::string& name) {
  return name == "cc" || name == "c++" || name.find("gcc") != std::string::npos ||
         name.find("g++") != std::string::npos || name.find("clang") != std::string::npos;
}

// gcc -wrapper PROG,ARG,...: every subprocess (cc1, as, collect2) runs under
// it. -specs=FILE may name the programs of each stage.
void CCompiler(const std::string& name, const Words& w, std::vector<Carried>& out) {
  for (size_t i = 1; i < w.size(); ++i) {
    const std::string& a = w[i];
    if (a == "-wrapper" && i + 1 < w.size()) {
      Words argv;
      for (auto& part : Split(w[++i], ',')) argv.push_back(part);
      Argv(out, std::move(argv), name + " -wrapper");
      continue;
    }
    std::string specs;
    if ((a == "-specs" || a == "--specs") && i + 1 < w.size()) specs = w[++i];
    else if (StartsWith(a, "-specs=") || StartsWith(a, "--specs=")) specs = a.substr(a.find('=') + 1);
    if (!specs.empty() && (StartsWith(specs, "/dev/") || StartsWith(specs, "/proc/") || IsDynamic(specs)))
      Opaque(out, name + " -specs reads programs to run from " + Display(specs));
  }
}

// cmake -D NAME[:TYPE]=VALUE naming a compiler, launcher, linker or linter
// (a ;-list: the program and its arguments); script files from a stream.
void CMake(const Words& w, std::vector<Carried>& out) {
  auto stream = [](const std::string& f) {
    return f == "-" || StartsWith(f, "/dev/") || StartsWith(f, "/proc/") || IsDynamic(f);
  };
  for (size_t i = 1; i < w.size(); ++i) {
    const std::string& a = w[i];
    if (a == "-E") return;  // cmake -E TOOL: a wrapper layer (wrappers.cc)
    std::string def;
    if (a == "-D" && i + 1 < w.size()) def = w[++i];
    else if (StartsWith(a, "-D")) def = a.substr(2);
    else if ((a == "-P" || a == "-C" || a == "--toolchain") && i + 1 < w.size() && stream(w[i + 1]))
      Opaque(out, "cmake " + a + " runs a cmake script, which may run commands, from " + Display(w[++i]));
    size_t eq = def.find('=');
    if (eq == std::string::npos) continue;
    std::string name = def.substr(0, def.find_first_of(":="));
    std::string value = def.substr(eq + 1);
    bool program = StartsWith(name, "CMAKE_") &&
                   (EndsWithAny(name, {"_COMPILER", "_COMPILER_LAUNCHER", "_LINKER_LAUNCHER", "_LINKER", "_CLANG_TIDY",
                                       "_CPPLINT", "_CPPCHECK", "_INCLUDE_WHAT_YOU_USE", "_EMULATOR"}) ||
                    name == "CMAKE_MAKE_PROGRAM" || name == "CMAKE_AR" || name == "CMAKE_RANLIB");
    bool script = name == "CMAKE_TOOLCHAIN_FILE" || StartsWith(name, "CMAKE_PROJECT_") ||
                  name == "CMAKE_USER_MAKE_RULES_OVERRIDE";
    if (program) {
      // cmake runs the list's items as argv, through no shell.
      Words argv;
      for (auto& item : Split(value, ';'))
        if (!item.empty()) argv.push_back(item);
      if (IsDynamic(value)) Opaque(out, "cmake -D" + name + ": a program built at run time");
      else Covered(out, std::move(argv), "cmake -D" + name);
    } else if (script && stream(value)) Opaque(out, "cmake -D" + name + " runs a cmake script from " + Display(value));
    else if (IsDynamic(name)) Opaque(out, "cmake -D: a variable name built at run time");
  }
}

// tox -x/--override SECTION.commands=…: the test environment's commands.
void Tox(const Words& w, std::vector<Carried>& out) {
  for (size_t i = 1; i < w.size() && w[i] != "--"; ++i) {
    const std::string& a = w[i];
    std::string o;
    if ((a == "-x" || a == "--override") && i + 1 < w.size()) o = w[++i];
    else if (StartsWith(a, "--override=")) o = a.substr(11);
    else if (StartsWith(a, "-x")) o = a.substr(2);
    size_t eq = o.find('=');
    if (eq == std::string::npos) continue;
    std::string key = o.substr(0, eq);
    if (!key.empty() && key.back() == '+') key.pop_back();
    if (EndsWithAny(key, {"commands", "commands_pre", "commands_post"}) || IsDynamic(key))
      for (auto& line : Split(o.substr(eq + 1), '\n')) Shell(out, line, "tox --override " + Display(key));
  }
}

// meson test --wrapper=CMD (each test runs under it) and --gdb-path; meson
// setup's cross and native files from a stream name the compilers.
void Meson(const Words& w, std::vector<Carried>& out) {
  for (size_t i = 1; i < w.size() && w[i] != "--"; ++i) {
    const std::string& a = w[i];
    size_t eq = a.find('=');
    std::string name = a.substr(0, eq);
    bool program = name == "--wrapper" || name == "--wrap" || name == "--gdb-path";
    bool file = name == "--cross-file" || name == "--native-file";
    if (!program && !file) continue;
    std::string value = eq != std::string::npos ? a.substr(eq + 1) : (i + 1 < w.size() ? w[++i] : "");
    if (program) Program(out, value, "meson " + name, false);
    else if (StartsWith(value, "/dev/") || StartsWith(value, "/proc/") || IsDynamic(value))
      Opaque(out, "meson " + name + " reads the programs to run from " + Display(value));
  }
}

// mvn exec:exec -Dexec.executable=PROG (the exec plugin runs it).
void Maven(const Words& w, std::vector<Carried>& out) {
  for (size_t i = 1; i < w.size(); ++i) {
    std::string def = w[i] == "-D" && i + 1 < w.size() ? w[++i] : StartsWith(w[i], "-D") ? w[i].substr(2) : "";
    if (StartsWith(def, "exec.executable=")) Program(out, def.substr(16), "mvn -Dexec.executable", false);
  }
}

// bear's own programs: --wrapper (every compiler call), --bear-path.
void Bear(const Words& w, std::vector<Carried>& out) {
  for (size_t i = 1; i < w.size() && w[i] != "--"; ++i) {
    if ((w[i] == "--wrapper" || w[i] == "--bear-path") && i + 1 < w.size()) {
      std::string what = "bear " + w[i];
      Argv(out, {w[++i]}, what);
    }
  }
}

}  // namespace

bool ToolchainCarried(const std::string& name, const Words& w, std::vector<Carried>& out) {
  if (name == "go") Go(w, out);
  else if (name == "cargo") Cargo(w, out);
  else if (name == "rustc") RustLinker(w, 1, "rustc", out);
  else if (name == "cmake") CMake(w, out);
  else if (name == "bazel" || name == "bazelisk")
    for (size_t i = 1; i < w.size() && w[i] != "--"; ++i) {
      if (w[i] == "--run_under" && i + 1 < w.size()) Program(out, w[++i], "bazel --run_under", false);
      else if (StartsWith(w[i], "--run_under=")) Program(out, w[i].substr(12), "bazel --run_under", false);
    }
  else if (name == "tox") Tox(w, out);
  else if (name == "meson") Meson(w, out);
  else if (name == "mvn" || name == "mvnw") Maven(w, out);
  else if (name == "bear") Bear(w, out);
  else if (IsCCompiler(name)) CCompiler(name, w, out);
  else return false;
  return true;
}

}  // namespace paddock::rules::carried_detail
