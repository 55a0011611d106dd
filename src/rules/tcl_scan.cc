// Tcl and expect programs (tclsh, wish, expect -c): the commands that start
// processes, found by splitting the script into commands and words as Tcl
// does. `exec` and expect's `spawn` take argv (exec's `|` starts another
// command), expect's `system` a shell string, `open "|cmd …"` a list.
// Braced words are scanned as scripts too (the bodies of if, proc, catch,
// foreach, after…), bracketed ones ([exec …]) are commands of their own.
// A substituted word ($x, [cmd]) is a hole, as in the shell.
#include "rules/tcl_scan.h"

#include <cctype>

#include "rules/normalize.h"

namespace paddock::rules {
namespace {

constexpr int kMaxDepth = 16;

struct TclWord {
  std::string text;  // literal text, holes for substitutions
  bool braced = false;
};
using TclCommand = std::vector<TclWord>;

class TclScanner {
 public:
  TclScanner(SpawnFindings& out, int depth) : out_(out), depth_(depth) {}

  void Script(const std::string& s) {
    if (depth_ > kMaxDepth) {
      out_.opaque = true;
      out_.opaque_what = "Tcl code nested too deeply";
      return;
    }
    for (size_t i = 0; i < s.size();) {
      TclCommand cmd;
      i = Command(s, i, cmd);
      if (!cmd.empty()) Judge(cmd);
    }
  }

 private:
  // One command from `i`: its words, up to a newline or ';' outside them.
  size_t Command(const std::string& s, size_t i, TclCommand& cmd) {
    while (i < s.size() && (std::isspace(static_cast<unsigned char>(s[i])) || s[i] == ';')) ++i;
    if (i < s.size() && s[i] == '#') {  // a comment, to the end of the line
      while (i < s.size() && s[i] != '\n') i += s[i] == '\\' ? 2 : 1;
      return i;
    }
    while (i < s.size() && s[i] != '\n' && s[i] != ';') {
      if (std::isspace(static_cast<unsigned char>(s[i]))) {  // not '\n': that ended the command
        ++i;
        continue;
      }
      if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == '\n') {
        i += 2;
        continue;
      }
      TclWord w;
      i = Word(s, i, w);
      cmd.push_back(std::move(w));
    }
    return i;
  }

  size_t Word(const std::string& s, size_t i, TclWord& w) {
    if (s.compare(i, 3, "{*}") == 0) {  // expansion: the words come at run time
      w.text += kHole;
      i += 3;
    }
    if (i < s.size() && s[i] == '{') {
      size_t depth = 0, j = i;
      for (; j < s.size(); ++j) {
        if (s[j] == '\\') ++j;
        else if (s[j] == '{') ++depth;
        else if (s[j] == '}' && --depth == 0) break;
      }
      w.text += s.substr(i + 1, j - i - 1);
      w.braced = true;
      return j < s.size() ? j + 1 : j;
    }
    bool quoted = i < s.size() && s[i] == '"';
    if (quoted) ++i;
    size_t start = i;
    while (i < s.size()) {
      char c = s[i];
      if (quoted ? c == '"' : (std::isspace(static_cast<unsigned char>(c)) || c == ';')) break;
      if (c == '\\' && i + 1 < s.size()) {
        w.text += s[i + 1] == 'n' ? '\n' : s[i + 1] == 't' ? '\t' : s[i + 1];
        i += 2;
      } else if (c == '[') {
        i = Bracket(s, i);
        w.text += kHole;
      } else if (c == '$' && i + 1 < s.size() &&
                 (std::isalnum(static_cast<unsigned char>(s[i + 1])) || s[i + 1] == '_' || s[i + 1] == '{' ||
                  s[i + 1] == ':')) {
        i = Variable(s, i + 1);
        w.text += kHole;
      } else {
        w.text += c;
        ++i;
      }
    }
    // A word always moves on: a stray ';' or blank where a word was
    // expected (in a list given to open) is a word of its own.
    if (!quoted && i == start && i < s.size()) w.text += s[i++];
    return quoted && i < s.size() ? i + 1 : i;
  }

  // [script]: scanned as commands of their own; returns the index past ']'.
  size_t Bracket(const std::string& s, size_t i) {
    size_t depth = 0, j = i;
    for (; j < s.size(); ++j) {
      if (s[j] == '\\') ++j;
      else if (s[j] == '[') ++depth;
      else if (s[j] == ']' && --depth == 0) break;
    }
    TclScanner(out_, depth_ + 1).Script(s.substr(i + 1, j - i - 1));
    return j < s.size() ? j + 1 : j;
  }

  static size_t Variable(const std::string& s, size_t i) {
    if (s[i] == '{') {
      size_t close = s.find('}', i);
      return close == std::string::npos ? s.size() : close + 1;
    }
    while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_' || s[i] == ':')) ++i;
    if (i < s.size() && s[i] == '(') {  // an array element
      size_t close = s.find(')', i);
      i = close == std::string::npos ? s.size() : close + 1;
    }
    return i;
  }

  void Judge(const TclCommand& cmd) {
    std::string name = cmd[0].text;
    if (name.rfind("::", 0) == 0) name = name.substr(2);
    if (name == "exec") Exec(cmd, 1, {"-ignorestderr", "-keepnewline"});
    else if (name == "spawn") Exec(cmd, 1, {"-noecho", "-console", "-nottycopy", "-nottyinit", "-leaveopen"});
    else if (name == "system") System(cmd);
    else if (name == "open" && cmd.size() > 1) Open(cmd[1]);
    // Script bodies: if, while, proc, catch, after, eval, uplevel, foreach…
    for (size_t k = 1; k < cmd.size(); ++k)
      if (cmd[k].braced && !cmd[k].text.empty()) TclScanner(out_, depth_ + 1).Script(cmd[k].text);
  }

  // exec/spawn: options, then argv; exec's `|` and `|&` separate commands,
  // redirections (< > 2> >& <<…) and a final & are not argv.
  void Exec(const TclCommand& cmd, size_t k, std::initializer_list<const char*> flags) {
    while (k < cmd.size()) {
      const std::string& t = cmd[k].text;
      if (t == "--") {
        ++k;
        break;
      }
      if (t == "-open" || t == "-pty") return;  // spawn attaches a file or a pty: nothing runs
      if (t == "-ignore") {                     // spawn -ignore SIGNAL
        k += 2;
        continue;
      }
      bool flag = false;
      for (const char* f : flags) flag = flag || t == f;
      if (!flag) break;
      ++k;
    }
    std::vector<std::string> argv;
    auto flush = [&] {
      if (!argv.empty()) out_.argvs.push_back(std::move(argv));
      argv.clear();
    };
    for (; k < cmd.size(); ++k) {
      const std::string& t = cmd[k].text;
      if (t == "|" || t == "|&") flush();
      else if (t == "&" && k + 1 == cmd.size()) break;
      else if (!t.empty() && (t[0] == '<' || t[0] == '>' || t.rfind("2>", 0) == 0)) {
        bool attached = t.find_first_not_of("<>&@2") != std::string::npos;
        if (!attached) ++k;  // the target is the next word
      } else argv.push_back(t);
    }
    flush();
  }

  // expect's system: its arguments, joined, run by /bin/sh.
  void System(const TclCommand& cmd) {
    std::string script;
    for (size_t k = 1; k < cmd.size(); ++k) script += (k > 1 ? " " : "") + cmd[k].text;
    if (script.find(kHole) != std::string::npos) MarkOpaque("expect system command built at run time");
    else out_.scripts.push_back(script);
  }

  // open "|cmd args": the rest of the word is a Tcl list, run as exec would.
  void Open(const TclWord& target) {
    if (target.text.empty() || (target.text[0] != '|' && target.text[0] != kHole)) return;
    if (target.text[0] == kHole) return MarkOpaque("Tcl open of a name built at run time");
    TclCommand list;
    std::string rest = target.text.substr(1);
    for (size_t i = 0; i < rest.size();) {
      if (std::isspace(static_cast<unsigned char>(rest[i]))) {
        ++i;
        continue;
      }
      TclWord w;
      i = Word(rest, i, w);
      list.push_back(std::move(w));
    }
    Exec(list, 0, {});
  }

  void MarkOpaque(const std::string& what) {
    if (out_.opaque) return;
    out_.opaque = true;
    out_.opaque_what = what;
  }

  SpawnFindings& out_;
  int depth_;
};

}  // namespace

SpawnFindings ScanTcl(const std::string& code) {
  SpawnFindings out;
  TclScanner(out, 0).Script(code);
  return out;
}

}  // namespace paddock::rules
