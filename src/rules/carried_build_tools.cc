#include "rules/carried_build_tools.h"

#include <string>
#include <string_view>

#include "base/strings.h"
#include "rules/carried_emit.h"
#include "rules/make_line.h"
#include "rules/normalize.h"
#include "rules/plain_words.h"

namespace paddock::rules::carried_detail {
namespace {

// A file read as code from a stream or a process: its text is not here.
bool IsStream(const std::string& path) {
  return path == "-" || StartsWith(path, "/dev/") || StartsWith(path, "/proc/") || IsDynamic(path);
}

// The value of option `name` at w[*i] ("--name=V", "--name V", or "-xV" /
// "-x V" for a one-letter `name`); moves *i past a separate value.
bool OptionAt(const Words& w, size_t* i, std::string_view name, std::string* value) {
  std::string_view a = w[*i];
  if (a == name) {
    if (*i + 1 >= w.size()) return false;
    *value = w[++*i];
    return true;
  }
  bool one_letter = name.size() == 2;
  if (a.size() > name.size() && a.substr(0, name.size()) == name && (one_letter || a[name.size()] == '=')) {
    *value = std::string(a.substr(name.size() + (one_letter ? 0 : 1)));
    return true;
  }
  return false;
}

// A variable make's command line defines: make puts its value into every
// recipe line that refers to it, where the shell reads it (`make CC='sudo
// id;' hello` runs sudo through the built-in rule `$(CC) … -o $@`).
void MakeVariable(const MakeAssignment& a, std::vector<Carried>& out) {
  std::string what = "make " + Display(a.name);
  if (a.name == "SHELL") return Argv(out, {a.value}, "make SHELL (every recipe runs through it)");
  if (a.name == ".SHELLFLAGS") return Opaque(out, "make .SHELLFLAGS: every recipe's shell gets options set here");
  if (a.op == "!=") return Shell(out, a.value, what + "!= (make runs it when it reads the line)");
  if (a.value.find('$') != std::string::npos)
    return Opaque(out, what + ": make expands the references in its value ($(shell …) runs a command)");
  if (a.name == "MAKEFLAGS" || a.name == "GNUMAKEFLAGS" || a.name == "MAKEFILES") return;  // read as make's own input
  Words words = PlainShellWords(a.value);
  if (!words.empty()) return Covered(out, std::move(words), what + " (a recipe may run its value)");
  Shell(out, a.value, what + " (its value is put into recipe lines)");
}

}  // namespace

// make --eval TEXT (-E): makefile text, whose rules' recipes and $(shell)
// run commands; -f - (a makefile from stdin or a process); variables the
// command line defines (SHELL=PROGRAM, CC=…, MAKEFLAGS=--eval=…).
void MakeCarried(const Words& w, std::vector<Carried>& out) {
  MakeLine line = ParseMakeLine(w);
  if (!line.evals.empty()) Opaque(out, "make --eval: makefile text whose recipes run commands");
  for (const auto& f : line.makefiles_var)
    if (IsStream(f)) Opaque(out, "make MAKEFILES=" + Display(f) + ": a makefile read from a stream runs its recipes");
  for (const auto& f : line.files)
    if (IsStream(f)) Opaque(out, "make -f " + Display(f) + ": a makefile read from a stream runs its recipes");
  for (const auto& a : line.assignments) MakeVariable(a, out);
}

// npm takes its configuration as options anywhere on the line.
void NpmCarried(const Words& w, std::vector<Carried>& out) {
  const std::string program = CommandBase(w[0]);
  // Keys whose value is a program npm runs: the shell of every script, the
  // editor of `npm edit`/`config edit`, ... (pnpm and yarn read script-shell too).
  static constexpr std::string_view kProgramKeys[] = {"script-shell", "shell", "editor", "browser", "git", "viewer"};
  auto program_key = [](std::string_view key) {
    for (auto k : kProgramKeys)
      if (key == k) return true;
    return false;
  };
  for (size_t i = 1; i < w.size(); ++i) {
    std::string value;
    for (auto k : kProgramKeys)
      if (OptionAt(w, &i, "--" + std::string(k), &value)) {
        Argv(out, {value}, program + " --" + std::string(k));
        break;
      }
  }
  // npm config set KEY VALUE / KEY=VALUE (also `npm set`, `pnpm config set`,
  // `yarn config set`); npm pkg set scripts.NAME=CMD: what they record runs
  // at the next `npm run`, `npm test`, `npm install`.
  size_t sub = 1;
  while (sub < w.size() && StartsWith(w[sub], "-")) ++sub;
  if (sub >= w.size()) return;
  bool config = (w[sub] == "set" && program == "npm") ||
                ((w[sub] == "config" || w[sub] == "c") && sub + 1 < w.size() && w[sub + 1] == "set");
  bool pkg = program == "npm" && w[sub] == "pkg" && sub + 1 < w.size() && w[sub + 1] == "set";
  if (!config && !pkg) return;
  for (size_t i = sub + (w[sub] == "set" ? 1 : 2); i < w.size(); ++i) {
    if (StartsWith(w[i], "-")) continue;
    std::string key = w[i], value;
    size_t eq = key.find('=');
    if (eq != std::string::npos) {
      value = key.substr(eq + 1);
      key.resize(eq);
    } else if (i + 1 < w.size()) {
      value = w[++i];
    }
    if (config && (program_key(key) || IsDynamic(key))) Argv(out, {value}, program + " config set " + Display(key));
    else if (pkg && (StartsWith(key, "scripts.") || StartsWith(key, "scripts[") || IsDynamic(key)))
      Shell(out, value, "npm pkg set " + Display(key));
  }
}

}  // namespace paddock::rules::carried_detail
