#include "rules/carried_build_tools.h"

#include <string>
#include <string_view>

#include "base/strings.h"
#include "rules/carried_emit.h"
#include "rules/normalize.h"

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

}  // namespace

// make --eval TEXT (-E): makefile text, whose rules' recipes and $(shell)
// run commands; -f - (a makefile from stdin or a process); SHELL=PROGRAM
// and .SHELLFLAGS on its command line: every recipe runs through them.
void MakeCarried(const Words& w, std::vector<Carried>& out) {
  for (size_t i = 1; i < w.size(); ++i) {
    std::string value;
    const std::string& a = w[i];
    if (OptionAt(w, &i, "--eval", &value) || OptionAt(w, &i, "-E", &value)) {
      Opaque(out, "make --eval: makefile text whose recipes run commands");
    } else if (OptionAt(w, &i, "--file", &value) || OptionAt(w, &i, "--makefile", &value) ||
               OptionAt(w, &i, "-f", &value)) {
      if (IsStream(value))
        Opaque(out, "make -f " + Display(value) + ": a makefile read from a stream runs its recipes");
    } else if (StartsWith(a, "SHELL=") || StartsWith(a, "SHELL:=") || StartsWith(a, "SHELL::=")) {
      Argv(out, {a.substr(a.find('=') + 1)}, "make SHELL (every recipe runs through it)");
    } else if (StartsWith(a, ".SHELLFLAGS=") || StartsWith(a, ".SHELLFLAGS:=")) {
      Opaque(out, "make .SHELLFLAGS: every recipe's shell gets options set here");
    }
  }
}

// npm takes its configuration as options anywhere on the line.
void NpmCarried(const Words& w, std::vector<Carried>& out) {
  // Keys whose value is a program npm runs: the shell of every script, the
  // editor of `npm edit`/`config edit`, ...
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
        Argv(out, {value}, "npm --" + std::string(k));
        break;
      }
  }
  // npm config set KEY VALUE / KEY=VALUE; npm pkg set scripts.NAME=CMD:
  // what they record runs at the next `npm run`, `npm test`, `npm install`.
  size_t sub = 1;
  while (sub < w.size() && StartsWith(w[sub], "-")) ++sub;
  if (sub + 1 >= w.size() || w[sub + 1] != "set") return;
  const std::string& what = w[sub];
  for (size_t i = sub + 2; i < w.size(); ++i) {
    if (StartsWith(w[i], "-")) continue;
    std::string key = w[i], value;
    size_t eq = key.find('=');
    if (eq != std::string::npos) {
      value = key.substr(eq + 1);
      key.resize(eq);
    } else if (i + 1 < w.size()) {
      value = w[++i];
    }
    if ((what == "config" || what == "c") && (program_key(key) || IsDynamic(key)))
      Argv(out, {value}, "npm config set " + Display(key));
    else if (what == "pkg" && (StartsWith(key, "scripts.") || StartsWith(key, "scripts[") || IsDynamic(key)))
      Shell(out, value, "npm pkg set " + Display(key));
  }
}

}  // namespace paddock::rules::carried_detail
