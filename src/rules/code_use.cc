#include "rules/code_use.h"

#include <map>
#include <set>

#include "base/strings.h"
#include "rules/interpreter_code.h"
#include "rules/job_commands.h"
#include "rules/normalize.h"
#include "rules/options.h"
#include "rules/sed_script.h"
#include "rules/tool_commands.h"
#include "rules/unwrap.h"
#include "rules/wrappers.h"

namespace paddock::rules {
namespace {

Words Tail(const Words& w, size_t i) {
  return i < w.size() ? Words(w.begin() + static_cast<long>(i), w.end()) : Words{};
}

CodeUse ShellString(std::string code, std::string what) {
  CodeUse use;
  use.kind = CodeUse::kShellString;
  use.codes.push_back(std::move(code));
  use.what = std::move(what);
  return use;
}

// sh [options] [-c CODE [$0 $1…] | FILE [ARGS…]]; -s or no operand: stdin.
// With -n (-o noexec) a non-interactive shell only reads its code: a syntax
// check runs nothing.
CodeUse ShellLayer(const Words& w, const std::string& name) {
  bool c = false, s = false, noexec = false, interactive = false;
  size_t i = 1;
  while (i < w.size()) {
    const std::string& a = w[i];
    if (a == "--" || a == "-") {
      ++i;
      break;
    }
    if (a.size() < 2 || (a[0] != '-' && a[0] != '+')) break;
    if (a == "--rcfile" || a == "--init-file") {
      i += 2;
      continue;
    }
    if (a[1] == '-') {
      ++i;
      continue;
    }
    // Each o or O of a cluster takes the next word (`-euo pipefail`, `-oc
    // pipefail CODE`); the code is the first operand after them.
    size_t takes = 0;
    for (size_t k = 1; k < a.size(); ++k) {
      if (a[k] == 'o' && i + 1 + takes < w.size() && w[i + 1 + takes] == "noexec") noexec = a[0] == '-';
      if (a[k] == 'o' || a[k] == 'O') ++takes;
      if (a[0] == '-' && a[k] == 'c') c = true;
      if (a[0] == '-' && a[k] == 's') s = true;
      if (a[k] == 'n') noexec = a[0] == '-';
      if (a[0] == '-' && a[k] == 'i') interactive = true;
    }
    i += 1 + takes;
  }
  if (i > w.size()) i = w.size();
  CodeUse use;
  if (noexec && !interactive) return use;
  if (c) {
    if (i >= w.size()) return use;
    use = ShellString(w[i], name + " -c payload");
    use.positional = Tail(w, i + 1);
    if (use.positional->empty()) use.positional->push_back(w[0]);
    return use;
  }
  if (s || i >= w.size()) {
    use.kind = CodeUse::kShellStdin;
    use.what = name + " reading stdin";
    return use;
  }
  use.kind = CodeUse::kShellFile;
  use.file_index = i;
  use.what = name + " script operand";
  return use;
}

// fish takes its code as option arguments (getopt "+hPilNnvc:C:p:d:o:f:D:"):
// every `-c CODE` / `--command=CODE` runs, and so does every `-C CODE` /
// `--init-command=CODE`, before the program. The payloads are parsed as
// shell code; the operands after them are fish's $argv, not $0 $1.
CodeUse FishLayer(const Words& w) {
  static const OptionTable kFish{"hPilNnv",
                                 "cCpdofD",
                                 "",
                                 {"interactive", "login", "no-config", "no-execute", "print-rusage-self",
                                  "print-debug-categories", "private", "help", "version"},
                                 {"command", "init-command", "features", "debug", "debug-output", "debug-stack-frames",
                                  "profile", "profile-startup"},
                                 {}};
  ParsedOptions p = ParseOptions(w, 1, kFish);
  CodeUse use;
  for (const auto& o : p.options)
    if (o.value && (o.name == "-c" || o.name == "--command" || o.name == "-C" || o.name == "--init-command"))
      use.codes.push_back(*o.value);
  if (!use.codes.empty()) {
    use.kind = CodeUse::kShellString;
    use.what = "fish -c payload";
  } else if (p.operand < w.size() && w[p.operand] != "-") {
    use.kind = CodeUse::kShellFile;
    use.file_index = p.operand;
    use.what = "fish script operand";
  } else {
    use.kind = CodeUse::kShellStdin;
    use.what = "fish reading stdin";
  }
  return use;
}

// bash's source and eval take "--" before their operands.
size_t FirstOperand(const Words& w) { return w.size() > 1 && w[1] == "--" ? 2 : 1; }

CodeUse SourceLayer(const Words& w, const std::string& name) {
  CodeUse use;
  if (size_t i = FirstOperand(w); i < w.size()) {
    use.kind = CodeUse::kShellFile;
    use.file_index = i;
    use.what = name + " operand";
  }
  return use;
}

CodeUse EvalLayer(const Words& w, const std::string&) {
  return ShellString(paddock::Join(Tail(w, FirstOperand(w)), " "), "eval argument");
}

CodeUse TrapLayer(const Words& w, const std::string&) {
  size_t i = ParseOptions(w, 1, {"lp", "", "", {}, {}, {}, false}).operand;
  if (i < w.size() && w[i] != "-" && i + 1 < w.size()) return ShellString(w[i], "trap action");
  return {};
}

CodeUse AliasLayer(const Words& w, const std::string&) {
  CodeUse use;
  for (size_t i = 1; i < w.size(); ++i) {
    size_t eq = w[i].find('=');
    if (eq != std::string::npos) use.codes.push_back(w[i].substr(eq + 1));
  }
  if (!use.codes.empty()) {
    use.kind = CodeUse::kShellString;
    use.what = "alias value";
  }
  return use;
}

// GNU sed's e command and s///e flag run commands (sed_script.h).
CodeUse SedLayer(const Words& w, const std::string&) {
  CodeUse use;
  SedInvocation sed = ParseSedArgs(w);
  if (sed.sandbox) return use;
  use.language = "sed";
  if (!sed.scripts.empty()) {
    use.kind = CodeUse::kInterpreterCode;
    use.codes.push_back(paddock::Join(sed.scripts, "\n"));
    use.what = "sed script";
  } else if (sed.script_from_stdin) {
    use.kind = CodeUse::kInterpreterStdin;
    use.what = "sed script on stdin";
  }
  return use;
}

// Wrappers that run a shell string rather than (or besides) a command.
CodeUse WrapperLayer(const Words& w, const Wrapper& wrapper) {
  WrapperStep step = Unwrap(wrapper, w);
  CodeUse use;
  if (step.codes.empty()) return use;
  use.kind = CodeUse::kShellString;
  use.codes = std::move(step.codes);
  use.what = step.code_what;
  return use;
}

}  // namespace

// A word the shell reads back as itself: quoted when it has anything but
// characters that need no quoting.
std::string ShellQuoted(const std::string& s) {
  bool plain =
      !s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+:,@%=") ==
                        std::string::npos;
  if (plain) return s;
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

bool IsShell(const std::string& name) {
  static const std::set<std::string> shells = {"sh",  "bash", "dash",  "zsh",  "ksh", "mksh",
                                               "ash", "fish", "rbash", "yash", "posh"};
  return shells.count(name) > 0;
}

CodeUse AnalyzeLayer(const Words& w) {
  if (w.empty() || (IsDynamic(w[0]) && !StaticBasename(w[0]))) return {};
  std::string name = CommandName(w[0]);
  if (name == "fish") return FishLayer(w);
  if (IsShell(name)) return ShellLayer(w, name);
  // A runner that is an interpreter too (`bun x PKG`, `bun -e CODE`).
  if (const Wrapper* wrapper = FindWrapper(name)) {
    CodeUse use = WrapperLayer(w, *wrapper);
    if (use.kind != CodeUse::kNone || InterpreterLanguage(name).empty()) return use;
  }
  using Analyze = CodeUse (*)(const Words&, const std::string&);
  static const std::map<std::string, Analyze> kCodeCarriers = {{"source", SourceLayer},
                                                               {".", SourceLayer},
                                                               {"eval", EvalLayer},
                                                               {"trap", TrapLayer},
                                                               {"alias", AliasLayer},
                                                               {"sed", SedLayer},
                                                               {"gsed", SedLayer},
                                                               {"at", AtLayer},
                                                               {"batch", AtLayer},
                                                               {"tmux", TmuxLayer},
                                                               {"split", OptionCommandLayer},
                                                               {"sort", OptionCommandLayer},
                                                               {"zip", OptionCommandLayer},
                                                               {"gdb", GdbLayer},
                                                               {"mysql", DatabaseClientLayer},
                                                               {"mariadb", DatabaseClientLayer},
                                                               {"psql", DatabaseClientLayer},
                                                               {"sqlite3", DatabaseClientLayer}};
  auto it = kCodeCarriers.find(name);
  if (it != kCodeCarriers.end()) return it->second(w, name);
  std::string lang = InterpreterLanguage(name);
  if (!lang.empty()) return InterpreterLayer(w, lang, name);
  return {};
}

}  // namespace paddock::rules
