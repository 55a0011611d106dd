#include "rules/carried_editor.h"

#include <set>

#include "base/strings.h"
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

// Is `cmd` an abbreviation of `full` that Vim accepts (at least `min`
// characters of it)?
bool Abbreviates(const std::string& cmd, std::string_view full, size_t min) {
  return cmd.size() >= min && cmd.size() <= full.size() && full.starts_with(cmd);
}

// Ex commands that run the Ex command after them in a loop: on each buffer,
// window, tab, argument, quickfix entry or fold.
bool RunsCommand(const std::string& cmd) {
  return Abbreviates(cmd, "bufdo", 5) || Abbreviates(cmd, "windo", 5) || Abbreviates(cmd, "tabdo", 4) ||
         cmd == "argdo" || cmd == "cdo" || cmd == "cfdo" || cmd == "ldo" || cmd == "lfdo" ||
         Abbreviates(cmd, "folddoopen", 5) || Abbreviates(cmd, "folddoclosed", 7);
}

void Skip(const std::string& line, size_t& i, std::string_view set) {
  while (i < line.size() && set.find(line[i]) != std::string_view::npos) ++i;
}

// The name of the Ex command at line[i], after its range and any modifiers
// (`silent !CMD`, `sil! !CMD`, `keepalt r !CMD`, `verbose 9 !CMD`: the
// command follows them). `i` is left just after the name.
std::string ExName(const std::string& line, size_t& i) {
  for (;;) {
    Skip(line, i, " \t:");
    Skip(line, i, ".$%,;0123456789'<>+-");  // a range
    Skip(line, i, " \t");
    size_t name_start = i;
    while (i < line.size() && std::isalpha(static_cast<unsigned char>(line[i]))) ++i;
    if (line.compare(name_start, i - name_start, "vim") == 0 && i < line.size() && line[i] == '9')  // vim9cmd
      while (i < line.size() && std::isalnum(static_cast<unsigned char>(line[i]))) ++i;
    std::string cmd = line.substr(name_start, i - name_start);
    bool global = Abbreviates(cmd, "global", 1) || Abbreviates(cmd, "vglobal", 1);
    if (!IsModifier(cmd) && !RunsCommand(cmd) && !global) return cmd;
    if (i < line.size() && line[i] == '!') ++i;
    Skip(line, i, " \t0123456789");
    // :g/PAT/CMD, :v!/PAT/CMD: CMD runs on each matching line.
    if (global && i < line.size()) {
      char delim = line[i++];
      while (i < line.size() && line[i] != delim) i += line[i] == '\\' ? 2 : 1;
      if (i < line.size()) ++i;
    }
  }
}

// :normal KEYS types KEYS: each `:` in them opens an Ex command line, run
// at a carriage return or line feed (the last one too, taken as run).
std::vector<std::string> NormalExLines(const std::string& keys) {
  std::vector<std::string> out;
  for (size_t at = keys.find(':'); at != std::string::npos; at = keys.find(':', at + 1)) {
    size_t end = keys.find_first_of("\r\n", at);
    out.push_back(keys.substr(at + 1, end == std::string::npos ? std::string::npos : end - at - 1));
    if (end == std::string::npos) break;
    at = end;
  }
  return out;
}

// One Ex command line (several are joined by '|', except after a '!', whose
// shell command takes the rest of the line).
void ExCommand(const std::string& line, const std::string& what, std::vector<Carried>& out) {
  size_t i = 0;
  for (;;) {
    std::string cmd = ExName(line, i);
    Skip(line, i, " \t");
    bool reads_or_writes = Abbreviates(cmd, "read", 1) || Abbreviates(cmd, "write", 1);
    if (i < line.size() && line[i] == '!' && (cmd.empty() || reads_or_writes)) {
      Shell(out, line.substr(i + 1), what);  // :!CMD, :%!CMD, :r !CMD, :w !CMD
      return;
    }
    std::string rest = line.substr(i);
    if (Abbreviates(cmd, "normal", 4)) {  // its keys take the rest of the line
      for (const auto& ex : NormalExLines(rest)) ExCommand(ex, what, out);
      return;
    }
    // :autocmd EVENT PAT CMD and :command NAME CMD keep a command for later.
    if ((Abbreviates(cmd, "autocmd", 2) || Abbreviates(cmd, "command", 3)) &&
        rest.find_first_not_of(" \t!") != std::string::npos && rest.find_first_of(" \t") != std::string::npos) {
      Opaque(out, what + " keeps a command to run later: " + line);
      return;
    }
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

// Ex commands whose argument is a file they read, or write.
enum class ExFile { kNone, kRead, kWrite };
ExFile FileCommand(const std::string& cmd) {
  struct Name {
    std::string_view full;
    size_t min;
    ExFile kind;
  };
  static constexpr Name kNames[] = {
      {"edit", 1, ExFile::kRead},       {"read", 1, ExFile::kRead},      {"split", 2, ExFile::kRead},
      {"vsplit", 2, ExFile::kRead},     {"new", 3, ExFile::kRead},       {"vnew", 3, ExFile::kRead},
      {"tabedit", 4, ExFile::kRead},    {"tabnew", 4, ExFile::kRead},    {"view", 3, ExFile::kRead},
      {"sview", 2, ExFile::kRead},      {"badd", 3, ExFile::kRead},      {"argadd", 4, ExFile::kRead},
      {"args", 2, ExFile::kRead},       {"source", 2, ExFile::kRead},    {"rviminfo", 2, ExFile::kRead},
      {"rshada", 3, ExFile::kRead},     {"write", 1, ExFile::kWrite},    {"saveas", 3, ExFile::kWrite},
      {"wq", 2, ExFile::kWrite},        {"xit", 1, ExFile::kWrite},      {"exit", 3, ExFile::kWrite},
      {"update", 2, ExFile::kWrite},    {"wnext", 2, ExFile::kWrite},    {"mksession", 3, ExFile::kWrite},
      {"mkview", 4, ExFile::kWrite},    {"mkexrc", 3, ExFile::kWrite},   {"mkvimrc", 3, ExFile::kWrite},
      {"wviminfo", 2, ExFile::kWrite},  {"wshada", 3, ExFile::kWrite},   {"redir", 3, ExFile::kWrite},
      {"ex", 2, ExFile::kRead},         {"visual", 2, ExFile::kRead},    {"next", 1, ExFile::kRead},
      {"drop", 2, ExFile::kRead},       {"find", 3, ExFile::kRead},      {"sfind", 2, ExFile::kRead},
      {"tabfind", 4, ExFile::kRead},    {"pedit", 3, ExFile::kRead},     {"argedit", 4, ExFile::kRead},
      {"diffsplit", 5, ExFile::kRead},  {"diffpatch", 5, ExFile::kRead}, {"wNext", 2, ExFile::kWrite},
      {"wprevious", 2, ExFile::kWrite},
  };
  for (const auto& n : kNames)
    if (Abbreviates(cmd, n.full, n.min)) return n.kind;
  return ExFile::kNone;
}

// The files one Ex command line reads and writes.
void ExLineFiles(const std::string& line, std::vector<std::pair<std::string, bool>>& out) {
  size_t i = 0;
  while (i < line.size()) {
    std::string cmd = ExName(line, i);
    ExFile kind = FileCommand(cmd);
    if (i < line.size() && line[i] == '!') ++i;  // `w!`, `e!`: forced
    Skip(line, i, " \t");
    if (i < line.size() && line[i] == '!') return;  // `w !CMD`, `r !CMD`: a shell command (EditorCommands)
    if (Abbreviates(cmd, "normal", 4)) {
      for (const auto& ex : NormalExLines(line.substr(i))) ExLineFiles(ex, out);
      return;
    }
    size_t bar = line.find('|', i);
    std::string arg = line.substr(i, bar == std::string::npos ? std::string::npos : bar - i);
    if (arg.find("writefile") != std::string::npos || arg.find("readfile") != std::string::npos) {
      bool writes = arg.find("writefile") != std::string::npos;
      // `call writefile(["x"], "F")`: the expression's quoted strings.
      for (const auto& s : QuotedSpans(arg, "\"'")) out.emplace_back(s, writes);
    } else if (kind != ExFile::kNone) {
      if (Abbreviates(cmd, "redir", 3)) {  // redir > F, redir! >> F; not @r or => var
        if (arg.empty() || arg[0] != '>' || arg.starts_with(">=")) arg.clear();
        arg.erase(0, std::min(arg.size(), arg.find_first_not_of("> \t")));
      } else if (kind == ExFile::kWrite && arg.starts_with(">>")) {  // :w >> F appends to F
        arg.erase(0, std::min(arg.size(), arg.find_first_not_of("> \t")));
      }
      // ++opt arguments and a +cmd before the file name.
      arg.erase(0, std::min(arg.size(), arg.find_first_not_of(" \t")));
      while (arg.starts_with("+")) {
        arg.erase(0, std::min(arg.size(), arg.find_first_of(" \t")));
        arg.erase(0, std::min(arg.size(), arg.find_first_not_of(" \t")));
      }
      while (!arg.empty() && (arg.back() == ' ' || arg.back() == '\t')) arg.pop_back();
      if (!arg.empty() && arg != "END") out.emplace_back(arg, kind == ExFile::kWrite);
    }
    if (bar == std::string::npos) return;
    i = bar + 1;
  }
}

// The Ex command lines of an editor's command line: `-c CMD`, `-cCMD`, a
// cluster ending in c (`-esc CMD`: vim reads its flags a letter at a time),
// `--cmd CMD`, `+CMD`. Each with the option that gave it.
std::vector<std::pair<std::string, std::string>> ExCommandLines(const Words& w) {
  std::vector<std::pair<std::string, std::string>> out;
  for (size_t i = 1; i < w.size(); ++i) {
    const std::string& a = w[i];
    if (a == "--") break;
    if (a == "--cmd" && i + 1 < w.size()) {
      out.emplace_back(a, w[++i]);
    } else if (a.size() > 1 && a[0] == '+') {
      out.emplace_back("+", a.substr(1));
    } else if (a.size() > 1 && a[0] == '-' && a[1] != '-') {
      size_t c = a.find('c');
      if (c == std::string::npos) continue;
      if (c + 1 < a.size()) out.emplace_back("-c", a.substr(c + 1));
      else if (i + 1 < w.size()) out.emplace_back("-c", w[++i]);
    }
  }
  return out;
}

}  // namespace

bool ReadsExFromStdin(const Words& w) {
  for (size_t i = 1; i + 1 < w.size(); ++i) {
    const std::string& f = w[i + 1];
    bool stream = f == "-" || f == "/dev/stdin" || f == "/dev/fd/0" || f == "/proc/self/fd/0";
    if ((w[i] == "-S" || w[i] == "-u" || w[i] == "-s" || w[i] == "-U") && stream) return true;
  }
  for (const auto& [option, line] : ExCommandLines(w)) {
    size_t i = 0;
    std::string cmd = ExName(line, i);
    if ((Abbreviates(cmd, "source", 2) || Abbreviates(cmd, "runtime", 2)) &&
        line.find("/dev/stdin") != std::string::npos)
      return true;
  }
  return false;
}

void ExScriptCommands(const std::string& text, const std::string& what, std::vector<Carried>& out) {
  for (const auto& line : Split(text, '\n')) ExCommand(line, what, out);
}

std::vector<std::pair<std::string, bool>> EditorFiles(const Words& w) {
  std::vector<std::pair<std::string, bool>> out;
  for (const auto& [option, line] : ExCommandLines(w)) ExLineFiles(line, out);
  return out;
}

bool IsViEditor(const std::string& name) {
  static const std::set<std::string> kNames = {"vim", "vi", "nvim", "ex", "view", "vimdiff", "gvim", "nvi", "elvis"};
  return kNames.count(name) > 0;
}

void EditorCommands(const Words& w, const std::string& name, std::vector<Carried>& out) {
  for (const auto& [option, line] : ExCommandLines(w)) ExCommand(line, name + " " + option, out);
  for (size_t i = 1; i < w.size(); ++i) {
    const std::string& a = w[i];
    if (a == "--") break;
    if ((a == "-S" || a == "-u" || a == "-s" || a == "-U") && i + 1 < w.size()) {
      // A script, vimrc or typed input from a stream: Ex commands not written here.
      const std::string& f = w[++i];
      if (f.starts_with("/dev/") || f.starts_with("/proc/") || f == "-" || IsDynamic(f))
        Opaque(out, name + " " + a + " reads commands from " + f);
    }
  }
}

}  // namespace paddock::rules
