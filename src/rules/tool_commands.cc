#include "rules/tool_commands.h"

#include <cctype>
#include <set>
#include <string_view>
#include <utility>

namespace paddock::rules {
namespace {

CodeUse ShellCodes(std::vector<std::string> codes, std::string what) {
  CodeUse use;
  if (codes.empty()) return use;
  use.kind = CodeUse::kShellString;
  use.codes = std::move(codes);
  use.what = std::move(what);
  return use;
}

// The value of long option `full` in w[i] ("--name=V", or "--name V" with
// ++*i), matched as getopt_long matches: by any prefix of at least `min`
// characters that names only it.
bool LongValue(const Words& w, size_t* i, std::string_view full, size_t min, std::string* value) {
  std::string_view a = w[*i];
  size_t eq = a.find('=');
  std::string_view name = a.substr(0, eq);
  if (name.size() < min || full.substr(0, name.size()) != name) return false;
  if (eq != std::string_view::npos) {
    *value = std::string(a.substr(eq + 1));
    return true;
  }
  if (*i + 1 >= w.size()) return false;
  *value = w[++*i];
  return true;
}

// The text from `from` to the end of its line, or to the first of `stops`.
std::string RestOfLine(std::string_view s, size_t from, std::string_view stops = "\n") {
  size_t end = s.find_first_of(stops, from);
  return std::string(s.substr(from, end == std::string_view::npos ? std::string_view::npos : end - from));
}

std::string_view TrimLeft(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s[0]))) s.remove_prefix(1);
  return s;
}

// gdb's shell escapes: `shell CMD`, `!CMD`, `pipe [COMMAND] | CMD`, `|
// [COMMAND] | CMD`.
std::string GdbShellCommand(std::string_view cmd) {
  cmd = TrimLeft(cmd);
  if (cmd.starts_with("shell") && cmd.size() > 5 && std::isspace(static_cast<unsigned char>(cmd[5])))
    return std::string(cmd.substr(6));
  if (cmd.starts_with("!")) return std::string(cmd.substr(1));
  bool pipe = cmd.starts_with("pipe ") || (cmd.starts_with("|") && cmd.find('|', 1) != std::string_view::npos);
  if (pipe) return std::string(cmd.substr(cmd.rfind('|') + 1));
  return "";
}

bool GdbRuns(std::string_view cmd) {
  cmd = TrimLeft(cmd);
  std::string_view verb = cmd.substr(0, cmd.find_first_of(" \t"));
  return verb == "r" || verb == "run" || verb == "start" || verb == "starti";
}

bool EqualsIgnoringCase(std::string_view a, std::string_view lower) {
  if (a.size() != lower.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != lower[i]) return false;
  return true;
}

// mysql's `\! CMD` and `system CMD` (at the start of a statement; its
// commands are case-insensitive).
void MysqlEscapes(std::string_view sql, std::vector<std::string>& out) {
  for (size_t at = sql.find("\\!"); at != std::string_view::npos; at = sql.find("\\!", at + 2))
    out.push_back(RestOfLine(sql, at + 2, "\n;"));
  size_t start = 0;
  while (start < sql.size()) {
    std::string_view stmt = TrimLeft(sql.substr(start));
    size_t offset = sql.size() - stmt.size();
    if (stmt.size() > 7 && EqualsIgnoringCase(stmt.substr(0, 6), "system") &&
        std::isspace(static_cast<unsigned char>(stmt[6])))
      out.push_back(RestOfLine(sql, offset + 7, "\n;"));
    size_t next = sql.find_first_of(";\n", offset);
    if (next == std::string_view::npos) break;
    start = next + 1;
  }
}

// psql's `\! CMD` and the `|CMD` targets of \o, \out, \g, \gx, \w, \write.
void PsqlEscapes(std::string_view text, std::vector<std::string>& out) {
  static const std::set<std::string_view> kPipes = {"o", "out", "g", "gx", "w", "write"};
  for (size_t at = text.find('\\'); at != std::string_view::npos; at = text.find('\\', at + 1)) {
    if (at + 1 < text.size() && text[at + 1] == '!') {
      out.push_back(RestOfLine(text, at + 2));
      continue;
    }
    size_t end = at + 1;
    while (end < text.size() && std::isalpha(static_cast<unsigned char>(text[end]))) ++end;
    if (!kPipes.count(text.substr(at + 1, end - at - 1))) continue;
    std::string_view rest = TrimLeft(text.substr(end));
    if (rest.starts_with("|")) out.push_back(RestOfLine(rest, 1));
  }
}

// sqlite3's `.shell CMD`, `.system CMD` and a `|CMD` argument of any dot
// command (.once, .output, .import, .read pipe through a shell).
void SqliteEscapes(std::string_view text, std::vector<std::string>& out) {
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    std::string_view line =
        TrimLeft(text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start));
    if (line.starts_with(".")) {
      std::string_view name = line.substr(1, line.find_first_of(" \t") - 1);
      bool shell = (name.size() >= 5 && std::string_view("shell").starts_with(name)) ||
                   (name.size() >= 3 && std::string_view("system").starts_with(name));
      size_t args = line.find_first_of(" \t");
      if (shell && args != std::string_view::npos) out.push_back(std::string(line.substr(args + 1)));
      for (size_t bar = line.find('|'); !shell && bar != std::string_view::npos; bar = line.find('|', bar + 1)) {
        char before = line[bar - 1];
        if (before != ' ' && before != '\t' && before != '\'' && before != '"') continue;
        std::string cmd(line.substr(bar + 1));
        if ((before == '\'' || before == '"') && cmd.find(before) != std::string::npos) cmd.resize(cmd.find(before));
        out.push_back(cmd);
      }
    }
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
}

}  // namespace

CodeUse OptionCommandLayer(const Words& w, const std::string& name) {
  std::vector<std::string> codes;
  for (size_t i = 1; i < w.size(); ++i) {
    const std::string& a = w[i];
    std::string value;
    if (name == "split" && LongValue(w, &i, "--filter", 4, &value)) codes.push_back(value);
    // sort runs the program with no arguments (and -d): a one-word command.
    if (name == "sort" && LongValue(w, &i, "--compress-program", 4, &value)) codes.push_back(ShellQuoted(value));
    if (name == "zip" && a.starts_with("-TT")) {
      if (a.size() > 3) codes.push_back(a.substr(3));
      else if (i + 1 < w.size()) codes.push_back(w[++i]);
    }
    if (name == "zip" && LongValue(w, &i, "--unzip-command", 5, &value)) codes.push_back(value);
  }
  return ShellCodes(std::move(codes), name + " command option");
}

CodeUse GdbLayer(const Words& w, const std::string& name) {
  static const std::set<std::string_view> kWithValue = {"ex",
                                                        "iex",
                                                        "eval-command",
                                                        "init-eval-command",
                                                        "x",
                                                        "ix",
                                                        "command",
                                                        "init-command",
                                                        "p",
                                                        "pid",
                                                        "cd",
                                                        "d",
                                                        "directory",
                                                        "s",
                                                        "symbols",
                                                        "e",
                                                        "exec",
                                                        "se",
                                                        "c",
                                                        "core",
                                                        "b",
                                                        "tty",
                                                        "data-directory",
                                                        "D",
                                                        "l"};
  static const std::set<std::string_view> kCommands = {"ex", "iex", "eval-command", "init-eval-command"};
  std::vector<std::string> commands, codes;
  std::string program;
  size_t args_at = 0;
  for (size_t i = 1; i < w.size() && args_at == 0; ++i) {
    std::string_view a = w[i];
    if (a.size() < 2 || a[0] != '-') {
      if (program.empty()) program = w[i];
      continue;
    }
    a.remove_prefix(a[1] == '-' ? 2 : 1);
    size_t eq = a.find('=');
    std::string_view opt = a.substr(0, eq);
    if (opt == "args") {
      args_at = i + 1;
      break;
    }
    if (!kWithValue.count(opt)) continue;
    std::string value = eq != std::string_view::npos ? std::string(a.substr(eq + 1)) : (i + 1 < w.size() ? w[++i] : "");
    if (kCommands.count(opt)) commands.push_back(value);
  }
  bool runs = false;
  for (const auto& c : commands) {
    std::string shell = GdbShellCommand(c);
    if (!shell.empty()) codes.push_back(shell);
    runs |= GdbRuns(c);
  }
  if (args_at > 0 && args_at < w.size()) {
    std::string code;
    for (size_t i = args_at; i < w.size(); ++i) code += (code.empty() ? "" : " ") + ShellQuoted(w[i]);
    codes.push_back(code);
  } else if (runs && !program.empty()) {
    codes.push_back(ShellQuoted(program));
  }
  return ShellCodes(std::move(codes), name + " command");
}

CodeUse DatabaseClientLayer(const Words& w, const std::string& name) {
  std::vector<std::string> texts, codes;
  bool sqlite = name == "sqlite3";
  bool operand_seen = false;
  for (size_t i = 1; i < w.size(); ++i) {
    const std::string& a = w[i];
    std::string value;
    if (sqlite) {
      std::string_view opt = std::string_view(a).substr(a.starts_with("--") ? 2 : 1);
      if (a.size() > 1 && a[0] == '-') {
        if (opt == "cmd" && i + 1 < w.size()) texts.push_back(w[++i]);
        else if (opt == "init" || opt == "separator" || opt == "newline" || opt == "nullvalue" || opt == "vfs" ||
                 opt == "mmap" || opt == "lookaside" || opt == "pagecache" || opt == "heap" || opt == "maxsize" ||
                 opt == "escape")
          ++i;
      } else if (operand_seen) {
        texts.push_back(a);  // SQL and dot commands after the database
      } else {
        operand_seen = true;
      }
      continue;
    }
    char flag = name == "psql" ? 'c' : 'e';
    std::string_view long_name = name == "psql" ? "--command" : "--execute";
    if (a.size() >= 2 && a[0] == '-' && a[1] == flag) {
      if (a.size() > 2) texts.push_back(a.substr(2));
      else if (i + 1 < w.size()) texts.push_back(w[++i]);
    } else if (a.starts_with("--") && LongValue(w, &i, long_name, long_name.size(), &value)) {
      texts.push_back(value);
    }
  }
  for (const auto& t : texts) {
    if (sqlite) SqliteEscapes(t, codes);
    else if (name == "psql") PsqlEscapes(t, codes);
    else MysqlEscapes(t, codes);
  }
  return ShellCodes(std::move(codes), name + " shell escape");
}

}  // namespace paddock::rules
