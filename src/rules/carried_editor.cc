#include "rules/carried_editor.h"

#include <set>

#include "rules/carried_emit.h"

namespace paddock::rules {
namespace {

using carried_detail::Opaque;
using carried_detail::Shell;

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
    std::string cmd = line.substr(name_start, i - name_start);
    skip(" \t");
    bool reads_or_writes = cmd == "r" || cmd == "read" || cmd == "w" || cmd == "write";
    if (i < line.size() && line[i] == '!' && (cmd.empty() || reads_or_writes)) {
      Shell(out, line.substr(i + 1), what);  // :!CMD, :%!CMD, :r !CMD, :w !CMD
      return;
    }
    std::string rest = line.substr(i);
    if (rest.find("system") != std::string::npos || cmd == "exe" || cmd == "execute" || cmd == "terminal" ||
        cmd == "term" || cmd == "sh" || cmd == "shell" || cmd == "lua" || cmd == "py" || cmd == "python3" ||
        cmd == "perl" || cmd == "ruby") {
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
    if ((a == "-c" || a == "--cmd") && i + 1 < w.size()) ExCommand(w[++i], name + " " + a, out);
    else if (a.size() > 1 && a[0] == '+') ExCommand(a.substr(1), name + " +", out);
  }
}

}  // namespace paddock::rules
