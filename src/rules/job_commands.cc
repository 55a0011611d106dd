#include "rules/job_commands.h"

#include <cctype>
#include <map>
#include <string_view>

#include "rules/options.h"

namespace paddock::rules {
namespace {

bool IsStdinPath(const std::string& path) {
  return path == "/dev/stdin" || path == "/dev/fd/0" || path == "/proc/self/fd/0";
}

// tmux send-keys [options] KEY...: what it types into a pane, which in the
// case that matters is a shell. Text keys are typed as they are; Enter and
// C-m end a line; other key names (C-c, Escape, Up) are taken as a space.
void TmuxKeys(const Words& cmd, CodeUse& use) {
  static const OptionTable kSendKeys{"FHlMRX", "Nt", "", {}, {}, {}, false};
  ParsedOptions p = ParseOptions(cmd, 1, kSendKeys);
  if (p.Has("-X") || p.Has("-R")) return;  // copy-mode commands, or a reset
  std::string typed;
  for (size_t i = p.operand; i < cmd.size(); ++i) {
    const std::string& k = cmd[i];
    bool named =
        k.size() > 1 &&
        k.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-") == std::string::npos &&
        (std::isupper(static_cast<unsigned char>(k[0])) || k[1] == '-');
    if (p.Has("-l") || !named) typed += k;
    else if (k == "Enter" || k == "C-m" || k == "KPEnter" || k == "C-j") typed += '\n';
    else typed += ' ';
  }
  if (!typed.empty()) use.codes.push_back(typed);
}

// One tmux command's shell command: its operands after its options, joined
// (one operand is a shell string; several are a command and its arguments).
void TmuxCommand(const Words& w, size_t from, size_t to, CodeUse& use) {
  // tmux 3.3 options of the commands that run a shell command; every other
  // command (send-keys, attach, kill-server, ...) runs none.
  struct Table {
    OptionTable options;
    bool first_operand_only;  // if-shell: COMMAND [COMMAND] after the shell command are tmux commands
  };
  static const std::map<std::string_view, Table> kCommands = {
      {"new-session", {{"AdDEPX", "cefFnstxy", "", {}, {}, {}, false}, false}},
      {"new", {{"AdDEPX", "cefFnstxy", "", {}, {}, {}, false}, false}},
      {"new-window", {{"abdkPS", "ceFnt", "", {}, {}, {}, false}, false}},
      {"neww", {{"abdkPS", "ceFnt", "", {}, {}, {}, false}, false}},
      {"split-window", {{"bdfhIvPZ", "celtFp", "", {}, {}, {}, false}, false}},
      {"splitw", {{"bdfhIvPZ", "celtFp", "", {}, {}, {}, false}, false}},
      {"respawn-pane", {{"k", "cet", "", {}, {}, {}, false}, false}},
      {"respawnp", {{"k", "cet", "", {}, {}, {}, false}, false}},
      {"respawn-window", {{"k", "cet", "", {}, {}, {}, false}, false}},
      {"respawnw", {{"k", "cet", "", {}, {}, {}, false}, false}},
      {"run-shell", {{"bC", "cdt", "", {}, {}, {}, false}, false}},
      {"run", {{"bC", "cdt", "", {}, {}, {}, false}, false}},
      {"if-shell", {{"bF", "t", "", {}, {}, {}, false}, true}},
      {"if", {{"bF", "t", "", {}, {}, {}, false}, true}},
  };
  if (from >= to) return;
  if (w[from] == "send-keys" || w[from] == "send") {
    TmuxKeys(Words(w.begin() + static_cast<long>(from), w.begin() + static_cast<long>(to)), use);
    return;
  }
  auto it = kCommands.find(w[from]);
  if (it == kCommands.end()) return;
  Words cmd(w.begin() + static_cast<long>(from), w.begin() + static_cast<long>(to));
  ParsedOptions p = ParseOptions(cmd, 1, it->second.options);
  if ((w[from] == "run-shell" || w[from] == "run") && p.Has("-C")) return;  // -C: a tmux command, not a shell one
  if ((w[from] == "if-shell" || w[from] == "if") && p.Has("-F")) return;    // -F: a format, not a shell command
  size_t end = it->second.first_operand_only ? std::min(p.operand + 1, cmd.size()) : cmd.size();
  if (p.operand >= end) return;
  std::string code = cmd[p.operand];
  if (end - p.operand > 1) {
    code = ShellQuoted(code);
    for (size_t i = p.operand + 1; i < end; ++i) code += " " + ShellQuoted(cmd[i]);
  }
  use.codes.push_back(std::move(code));
}

}  // namespace

CodeUse AtLayer(const Words& w, const std::string& name) {
  static const OptionTable kAt{"VmMlrdbcvK", "qft", "", {}, {}, {}, false};
  // at's getopt permutes: options may follow the time (`at now -f job.sh`).
  CodeUse use;
  for (size_t i = 1; i < w.size();) {
    ParsedOptions p = ParseOptions(w, i, kAt);
    for (const char* lookup : {"-l", "-r", "-d", "-c", "-V"})
      if (p.Has(lookup)) return use;  // lists, removes or shows jobs
    if (const ParsedOption* f = p.Last("-f"); f && !IsStdinPath(f->value.value_or(""))) return use;  // a job file
    if (p.end_marker) break;
    i = p.operand + 1;
  }
  use.kind = CodeUse::kShellStdin;
  use.what = name + " job on stdin";
  return use;
}

CodeUse TmuxLayer(const Words& w, const std::string& name) {
  static const OptionTable kTmux{"2CDlNuVv", "cfLST", "", {}, {}, {}, false};
  ParsedOptions p = ParseOptions(w, 1, kTmux);
  CodeUse use;
  for (const auto& o : p.options)
    if (o.name == "-c" && o.value) use.codes.push_back(*o.value);
  // Commands are separated by a ";" word (written `\;` or ';' to the shell).
  size_t start = p.operand;
  for (size_t i = start; i <= w.size(); ++i)
    if (i == w.size() || w[i] == ";") {
      TmuxCommand(w, start, i, use);
      start = i + 1;
    }
  if (!use.codes.empty()) {
    use.kind = CodeUse::kShellString;
    use.what = name + " shell command";
  }
  return use;
}

}  // namespace paddock::rules
