#include "rules/carried_editor.h"

#include <set>

#include "rules/carried_emit.h"
#include "rules/normalize.h"

namespace paddock::rules {
namespace {

using carried_detail::Opaque;
using carried_detail::Shell;

// Ex command modifiers: what follows them is the command.
bool IsModifier(const std::string& cmd) {
  static const std::set<std::string> kModifiers = {
      "sil",  "silent",     "uns",    "unsilent",     "keepa", "keepalt",    "keepj", "keepjumps",
      "kee",  "keepmarks",  "keepp",  "keeppatterns", "noa",   "noautocmd",  "nos",   "noswapfile",
      "loc",  "lockmarks",  "vim9",   "vim9cmd",      "leg",   "legacy",     "conf",  "confirm",
      "bro",  "browse",     "to",     "topleft",      "bo",    "botright",   "abo",   "aboveleft",
      "bel",  "belowright", "vert",   "vertical",     "hor",   "horizontal", "tab",   "hid",
      "hide", "verb",       "verbose"};
  return kModifiers.count(cmd) > 0;
}

// One Ex command line (several are joined by '|', except after a '!', whose
// shell command takes the rest of the line).
void ExCommand(const std::string& line, const std::string& what, std::vector<Carried>& out) {
  size_t i = 0;
  auto skip = [&](const char* set) {
    while (i < line.size() && std::string_view(set).find(line[i]) != std::string_view::npos) ++i;
  };
  for (;;) {
    skip(" \t:");
    skip(".$%,;0123456789'<>+-");  // a range
    skip(" \t");
    size_t name_start = i;
    while (i < line.size() && std::isalpha(static_cast<unsigned char>(line[i]))) ++i;
    if (line.compare(name_start, i - name_start, "vim") == 0 && i < line.size() && line[i] == '9')  // vim9cmd
      while (i < line.size() && std::isalnum(static_cast<unsigned char>(line[i]))) ++i;
    std::string cmd = line.substr(name_start, i - name_start);
    if (IsModifier(cmd)) {  // `silent !CMD`, `sil! !CMD`, `keepalt r !CMD`: the command follows
      if (i < line.size() && line[i] == '!') ++i;
      skip(" \t0123456789");  // `verbose 9 !CMD`
      continue;
    }
    skip(" \t");
    bool reads_or_writes = cmd == "r" || cmd == "read" || cmd == "w" || cmd == "write";
    if (i < line.size() && line[i] == '!' && (cmd.empty() || reads_or_writes)) {
      Shell(out, line.substr(i + 1), what);  // :!CMD, :%!CMD, :r !CMD, :w !CMD
      return;
    }
    std::string rest = line.substr(i);
    bool sources_stream = (cmd == "so" || cmd == "source" || cmd == "ru" || cmd == "runtime") &&
                          (rest.starts_with("/dev/") || rest.starts_with("/proc/"));
    if (rest.find("system") != std::string::npos || rest.find("job_start") != std::string::npos ||
        rest.find("jobstart") != std::string::npos || rest.find("termopen") != std::string::npos ||
        rest.find("libcall") != std::string::npos || rest.find("makeprg") != std::string::npos ||
        rest.find("grepprg") != std::string::npos || rest.find("shell") != std::string::npos || cmd == "exe" ||
        cmd == "execute" || cmd == "terminal" || cmd == "term" || cmd == "sh" || cmd == "shell" || cmd == "lua" ||
        cmd == "py" || cmd == "python3" || cmd == "perl" || cmd == "ruby" || cmd == "mak" || cmd == "make" ||
        cmd == "lmak" || cmd == "lmake" || sources_stream) {
      Opaque(out, what + " builds or runs code at run time: " + line);
      return;
    }
    size_t bar = line.find('|', i);
    if (bar == std::string::npos) return;
    i = bar + 1;
  }
}

}  // namespace

bool IsViEditor(const std::string& name) {
  static const std::set<std::string> kNames = {"vim", "vi", "nvim", "ex", "view", "vimdiff", "gvim", "nvi", "elvis"};
  return kNames.count(name) > 0;
}

void EditorCommands(const Words& w, const std::string& name, std::vector<Carried>& out) {
  for (size_t i = 1; i < w.size(); ++i) {
    const std::string& a = w[i];
    if (a == "--") break;
    if ((a == "-c" || a == "--cmd") && i + 1 < w.size()) {
      ExCommand(w[++i], name + " " + a, out);
    } else if (a.size() > 1 && a[0] == '+') {
      ExCommand(a.substr(1), name + " +", out);
    } else if ((a == "-S" || a == "-u" || a == "-s" || a == "-U") && i + 1 < w.size()) {
      // A script, vimrc or typed input from a stream: Ex commands not written here.
      const std::string& f = w[++i];
      if (f.starts_with("/dev/") || f.starts_with("/proc/") || f == "-" || IsDynamic(f))
        Opaque(out, name + " " + a + " reads commands from " + f);
    }
  }
}

}  // namespace paddock::rules
