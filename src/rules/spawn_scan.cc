#include "rules/spawn_scan.h"

#include <cctype>
#include <cstring>
#include <map>
#include <optional>
#include <set>

#include "base/strings.h"
#include "rules/inert_text.h"
#include "rules/normalize.h"
#include "rules/sed_script.h"
#include "rules/string_escapes.h"
#include "rules/tcl_scan.h"

namespace paddock::rules {
namespace {

bool IsIdent(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// One argument of a call, as far as a lexical scan can tell.
struct Arg {
  enum Kind { kString, kList, kOther } kind = kOther;
  std::string text;                // kString
  bool interp = false;             // kString: interpolates, is computed, or holds holes
  std::vector<std::string> elems;  // kList: literal elements; holes for the rest
  std::string keyword;             // python keyword argument name
  bool block = false;              // {...}: a ruby environment hash or a perl block
};

// How a spawning API takes its command (see Apply).
enum class Sig {
  kShellOrArgv,   // a string is a shell command (several strings: argv); a list is argv
  kArgvList,      // program at `prog`, argument list at `list`
  kVariadic,      // program at `prog`, then each argument
  kProgram,       // a string names one program; a list is argv (pty.spawn)
  kPerlOpen,      // open(FH, "cmd |") / open(FH, "-|", LIST)
  kRubyPipeOpen,  // open("|cmd") / IO.read("|cmd")
};
struct Api {
  Sig sig = Sig::kShellOrArgv;
  int prog = 0;
  int list = 1;
  bool repeats_argv0 = false;  // the list/arguments start with argv[0] again (execv, spawnl)
  bool mode_after = false;     // popen(CMD, MODE): a second string is no argument of CMD
};

// The spawning calls of each language's standard library, by name.
// Tables, kept as written (several rows to a line).
// clang-format off
const std::map<std::string, Api>* ApiTable(const std::string& lang) {
  using M = std::map<std::string, Api>;
  static const M python = {
      {"system", {}}, {"popen", {}}, {"popen2", {}}, {"popen3", {}}, {"popen4", {}}, {"getoutput", {}},
      {"getstatusoutput", {}}, {"check_output", {}}, {"check_call", {}}, {"Popen", {}}, {"create_subprocess_shell", {}},
      {"execv", {Sig::kArgvList, 0, 1, true}}, {"execve", {Sig::kArgvList, 0, 1, true}}, {"execvp", {Sig::kArgvList, 0, 1, true}},
      {"execvpe", {Sig::kArgvList, 0, 1, true}}, {"posix_spawn", {Sig::kArgvList, 0, 1, true}},
      {"posix_spawnp", {Sig::kArgvList, 0, 1, true}}, {"execl", {Sig::kVariadic, 0, 0, true}},
      {"execle", {Sig::kVariadic, 0, 0, true}}, {"execlp", {Sig::kVariadic, 0, 0, true}}, {"execlpe", {Sig::kVariadic, 0, 0, true}},
      {"spawnv", {Sig::kArgvList, 1, 2, true}}, {"spawnve", {Sig::kArgvList, 1, 2, true}}, {"spawnvp", {Sig::kArgvList, 1, 2, true}},
      {"spawnvpe", {Sig::kArgvList, 1, 2, true}}, {"spawnl", {Sig::kVariadic, 1, 0, true}}, {"spawnle", {Sig::kVariadic, 1, 0, true}},
      {"spawnlp", {Sig::kVariadic, 1, 0, true}}, {"spawnlpe", {Sig::kVariadic, 1, 0, true}}, {"spawn", {Sig::kProgram}},
      {"create_subprocess_exec", {Sig::kVariadic, 0, 0, false}}};
  static const M perl = {{"system", {}}, {"exec", {}}, {"readpipe", {}}, {"open", {Sig::kPerlOpen}},
                         {"open2", {Sig::kShellOrArgv, 2}}, {"open3", {Sig::kShellOrArgv, 3}}};
  static const M ruby = {{"system", {}}, {"exec", {}}, {"spawn", {}}, {"popen", {Sig::kShellOrArgv, 0, 1, false, true}}, {"capture2", {}}, {"capture2e", {}},
                         {"capture3", {}}, {"popen2", {}}, {"popen2e", {}}, {"popen3", {}}, {"pipeline", {}},
                         {"pipeline_r", {}}, {"pipeline_w", {}}, {"pipeline_rw", {}}, {"pipeline_start", {}}};
  static const M php = {{"system", {}}, {"exec", {}}, {"passthru", {}}, {"shell_exec", {}}, {"popen", {}}, {"proc_open", {}},
                        {"expect_popen", {}}, {"pcntl_exec", {Sig::kArgvList, 0, 1, false}}};
  static const M node = {{"exec", {}}, {"execSync", {}}, {"execaCommand", {}}, {"execaCommandSync", {}},
                         {"execFile", {Sig::kArgvList, 0, 1, false}}, {"execFileSync", {Sig::kArgvList, 0, 1, false}},
                         {"spawn", {Sig::kArgvList, 0, 1, false}}, {"spawnSync", {Sig::kArgvList, 0, 1, false}},
                         {"execa", {Sig::kArgvList, 0, 1, false}}, {"execaSync", {Sig::kArgvList, 0, 1, false}}};
  static const M lua = {{"execute", {}}, {"popen", {}}};
  static const M r = {{"system", {}}, {"shell", {}}, {"pipe", {}}, {"system2", {Sig::kArgvList, 0, 1, false}}};
  static const M awk = {{"system", {}}};
  return lang == "python" ? &python : lang == "perl" ? &perl : lang == "ruby" ? &ruby : lang == "php" ? &php
                 : lang == "node" ? &node : lang == "lua" ? &lua : lang == "r" ? &r : lang == "awk" ? &awk : nullptr;
}
// clang-format on

std::optional<Api> FindApi(const std::string& lang, const std::string& id, const std::string& receiver,
                           bool imported_subprocess) {
  const auto* table = ApiTable(lang);
  if (!table) return std::nullopt;
  if (lang == "python" && (id == "run" || id == "call") && (receiver == "subprocess" || imported_subprocess))
    return Api{};
  if (lang == "ruby" && id == "open" && (receiver.empty() || receiver == "Kernel")) return Api{Sig::kRubyPipeOpen};
  if (lang == "ruby" && receiver == "IO" &&
      (id == "read" || id == "readlines" || id == "foreach" || id == "binread" || id == "write" || id == "binwrite"))
    return Api{Sig::kRubyPipeOpen};
  if (lang == "perl" && id == "open" && !receiver.empty()) return std::nullopt;  // a method, not the builtin
  auto it = table->find(id);
  if (it != table->end()) return it->second;
  // Unlisted names of the same families (spawnAsync, system_call, ...).
  if (lang != "awk" && lang != "lua" && lang != "r") {
    if (id.rfind("spawn", 0) == 0) return Api{Sig::kArgvList, 0, 1, false};
    if (id.rfind("system", 0) == 0 || id.rfind("popen", 0) == 0) return Api{};
  }
  return std::nullopt;
}

class Scanner {
 public:
  Scanner(const std::string& code, const std::string& lang) : s_(code), lang_(lang), inert_(code, lang) {}

  SpawnFindings Run() {
    if (s_.find(kHole) != std::string::npos) Opaque("the " + lang_ + " program is built at run time");
    if (lang_ == "python") PythonImports();
    if (lang_ == "node") NodeProgram();
    for (size_t i = 0; i < s_.size(); ++i) {
      if (inert_.Contains(i)) continue;  // a comment, or text nothing in the program runs
      char c = s_[i];
      if (c == '`' && (lang_ == "perl" || lang_ == "ruby" || lang_ == "php")) {
        size_t end = s_.find('`', i + 1);
        if (end == std::string::npos) {
          Opaque("unterminated backtick");
          break;
        }
        AddScript(s_.substr(i + 1, end - i - 1), /*interpolating=*/true);
        i = end;
        continue;
      }
      if ((lang_ == "perl" && c == 'q' && At(i, "qx") && !IsIdent(Prev(i)) && i + 2 < s_.size() &&
           !IsIdent(s_[i + 2])) ||
          (lang_ == "ruby" && c == '%' && At(i, "%x") && i + 2 < s_.size())) {
        size_t open = i + 2;
        while (open < s_.size() && s_[open] == ' ') ++open;
        if (open >= s_.size()) break;
        char o = s_[open];
        char close = o == '(' ? ')' : o == '{' ? '}' : o == '[' ? ']' : o == '<' ? '>' : o;
        size_t end = s_.find(close, open + 1);
        if (end == std::string::npos) {
          Opaque("unterminated qx");
          break;
        }
        AddScript(s_.substr(open + 1, end - open - 1), o != '\'');
        i = end;
        continue;
      }
      if (lang_ == "awk" && c == '|' && Next(i) != '|' && Prev(i) != '|') {
        AwkPipe(i);
        continue;
      }
      if ((c == '\'' || c == '"') && lang_ != "awk") {
        NamedByString(i);  // getattr(os, 'system'), cp['exec']: the API is named by a string
        continue;
      }
      // After a number ("1system(…)" in awk, "$1system" in Perl) a name
      // starts wherever the number's lexer stops: every letter may start one.
      bool after_number = std::isalpha(static_cast<unsigned char>(c)) && NumberBefore(i);
      if (std::isalpha(static_cast<unsigned char>(c)) && (after_number || (!IsIdent(Prev(i)) && Prev(i) != '$'))) {
        size_t j = RunEnd(i);
        if (after_number && j - i > 64) continue;  // longer than any API's name
        std::string ident = s_.substr(i, j - i);
        std::string receiver = Receiver(i);
        bool imported = imported_.count(ident) > 0;
        std::string name = imported ? imported_[ident] : ident;
        if (lang_ == "php")
          for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        if (lang_ == "node" && !node_spawns_) {
          // nothing can spawn
        } else if (auto api = FindApi(lang_, name, receiver, imported && subprocess_names_.count(ident)))
          Call(name, *api, j, i > 0 && s_[i - 1] == '.');
        else if (lang_ == "python" && module_aliases_.count(receiver) && (ident == "run" || ident == "call"))
          Call(ident, Api{}, j, true);
        if (!after_number) i = j - 1;
      }
    }
    return std::move(out_);
  }

 private:
  char Prev(size_t i) const { return i == 0 ? ' ' : s_[i - 1]; }
  char Next(size_t i) const { return i + 1 < s_.size() ? s_[i + 1] : ' '; }
  // The end of the identifier characters from `i` (one walk per run).
  size_t RunEnd(size_t i) {
    if (run_end_from_ != std::string::npos && i > run_end_from_ && i < run_end_) return run_end_;
    size_t j = i;
    while (j < s_.size() && IsIdent(s_[j])) ++j;
    run_end_from_ = i;
    run_end_ = j;
    return j;
  }
  // The identifier characters before `i` begin with a digit: a number.
  // The walk stops at the last position asked about: linear in all.
  bool NumberBefore(size_t i) {
    size_t k = i;
    while (k > 0 && IsIdent(s_[k - 1])) {
      if (k == run_asked_) {
        k = run_start_;
        break;
      }
      --k;
    }
    run_asked_ = i;
    run_start_ = k;
    return k < i && std::isdigit(static_cast<unsigned char>(s_[k]));
  }
  bool At(size_t i, const char* t) const { return s_.compare(i, std::strlen(t), t) == 0; }
  void Opaque(const std::string& why) {
    out_.opaque = true;
    if (out_.opaque_what.empty()) out_.opaque_what = why;
  }
  size_t SkipSpace(size_t i) const {
    while (i < s_.size() && std::isspace(static_cast<unsigned char>(s_[i]))) ++i;
    return i;
  }
  size_t SkipBlank(size_t i) const {  // spaces and tabs, not newlines
    while (i < s_.size() && (s_[i] == ' ' || s_[i] == '\t')) ++i;
    return i;
  }

  // The identifier before ".name" / "::name" / "->name", if any.
  std::string Receiver(size_t at) const {
    size_t k = at;
    if (k >= 1 && s_[k - 1] == '.') k -= 1;
    else if (k >= 2 && (s_.compare(k - 2, 2, "::") == 0 || s_.compare(k - 2, 2, "->") == 0)) k -= 2;
    else return "";
    size_t end = k;
    while (k > 0 && IsIdent(s_[k - 1])) --k;
    return s_.substr(k, end - k);
  }

  // from subprocess import run as r / import subprocess as sp / from os import system as s
  void PythonImports() {
    static const std::set<std::string> modules = {"os", "subprocess", "pty", "asyncio", "commands", "posix", "popen2"};
    size_t at = 0;
    while ((at = s_.find("import", at)) != std::string::npos) {
      size_t line_start = s_.rfind('\n', at);
      line_start = line_start == std::string::npos ? 0 : line_start + 1;
      size_t semi = s_.rfind(';', at);
      if (semi != std::string::npos && semi + 1 > line_start) line_start = semi + 1;
      size_t end = s_.find_first_of(";\n", at);
      if (end == std::string::npos) end = s_.size();
      std::string head = s_.substr(line_start, at - line_start);
      std::string tail = s_.substr(at + 6, end - at - 6);
      at = end;
      auto words = [](const std::string& t) {
        std::vector<std::string> out;
        std::string cur;
        for (char c : t) {
          if (IsIdent(c) || c == '.') cur += c;
          else {
            if (!cur.empty()) out.push_back(cur);
            cur.clear();
          }
        }
        if (!cur.empty()) out.push_back(cur);
        return out;
      };
      auto hw = words(head);
      auto tw = words(tail);
      if (hw.size() == 2 && hw[0] == "from" && modules.count(hw[1])) {
        for (size_t k = 0; k < tw.size(); ++k) {
          std::string orig = tw[k], local = tw[k];
          if (k + 2 < tw.size() && tw[k + 1] == "as") {
            local = tw[k + 2];
            k += 2;
          }
          imported_[local] = orig;
          if (hw[1] == "subprocess") subprocess_names_.insert(local);
        }
      } else if (hw.empty()) {
        for (size_t k = 0; k + 2 < tw.size(); ++k)
          if (tw[k] == "subprocess" && tw[k + 1] == "as") module_aliases_.insert(tw[k + 2]);
      }
    }
  }

  // Reads a string literal at i; returns its text, nullopt if not a literal.
  // Sets *end past it and *interp when it contains interpolation.
  std::optional<std::string> ReadString(size_t i, size_t* end, bool* interp) const {
    *interp = false;
    bool raw = false;
    while (i < s_.size() && OneOf("rRbBuU", s_[i]) && i + 1 < s_.size() && OneOf("'\"rRbBuU", s_[i + 1])) {
      raw = raw || s_[i] == 'r' || s_[i] == 'R';
      ++i;
    }
    if (i < s_.size() && (s_[i] == 'f' || s_[i] == 'F') && i + 1 < s_.size() &&
        (s_[i + 1] == '\'' || s_[i + 1] == '"')) {
      *interp = true;
      ++i;
    }
    if (i >= s_.size()) return std::nullopt;
    if (lang_ == "python" && (At(i, "\"\"\"") || At(i, "\'\'\'"))) return TripleQuoted(i, end, interp, raw);
    if (lang_ == "perl" && s_[i] == 'q') return PerlQuoted(i, end, interp);
    char q = s_[i];
    if (q != '\'' && q != '"' && !(q == '`' && lang_ == "node")) return std::nullopt;
    std::string text;
    size_t k = i + 1;
    const EscapeStyle style = Style(q, raw);
    for (; k < s_.size() && s_[k] != q; ++k) {
      if (s_[k] == '\\' && k + 1 < s_.size()) {
        if (!AppendEscape(s_, &k, style, q, &text)) *interp = true;  // not known: treated as built at run time
        continue;
      }
      if (q != '\'' || lang_ == "python" || lang_ == "node") {
        bool perlish = lang_ == "perl" || lang_ == "php" || lang_ == "ruby";
        if ((perlish && q == '"' && (s_[k] == '$' || s_[k] == '@' || At(k, "#{"))) || (q == '`' && At(k, "${")))
          *interp = true;
      }
      text += s_[k];
    }
    if (k >= s_.size()) return std::nullopt;
    *end = k + 1;
    if (text.find(kHole) != std::string::npos) *interp = true;
    return text;
  }

  // Python's """...""" and '''...''' (escapes as in one-quote strings).
  std::optional<std::string> TripleQuoted(size_t i, size_t* end, bool* interp, bool raw) const {
    const std::string close = s_.substr(i, 3);
    std::string text;
    for (size_t k = i + 3; k < s_.size(); ++k) {
      if (s_.compare(k, 3, close) == 0) {
        *end = k + 3;
        if (text.find(kHole) != std::string::npos) *interp = true;
        return text;
      }
      if (s_[k] == '\\' && k + 1 < s_.size()) {
        if (!AppendEscape(s_, &k, raw ? EscapeStyle::kRaw : EscapeStyle::kPython, close[0], &text)) *interp = true;
        continue;
      }
      text += s_[k];
    }
    return std::nullopt;
  }

  // Perl's q{...} and qq{...} (any delimiter; brackets nest): qq interpolates.
  std::optional<std::string> PerlQuoted(size_t i, size_t* end, bool* interp) const {
    size_t k = i + 1;
    bool qq = k < s_.size() && s_[k] == 'q';
    if (qq) ++k;
    while (k < s_.size() && s_[k] == ' ') ++k;
    if (k >= s_.size() || std::isalnum(static_cast<unsigned char>(s_[k])) || s_[k] == '_' || s_[k] == ',' ||
        s_[k] == ';' || s_[k] == '=')
      return std::nullopt;
    const char open = s_[k];
    const char* pairs = "(){}[]<>";
    const char* at = OneOf(pairs, open) ? std::strchr(pairs, open) : nullptr;
    const char close = at && (at - pairs) % 2 == 0 ? at[1] : open;
    std::string text;
    int depth = 0;
    bool undecoded = false;
    for (++k; k < s_.size(); ++k) {
      char c = s_[k];
      if (c == '\\' && k + 1 < s_.size()) {
        if (qq && s_[k + 1] != open && s_[k + 1] != close) {
          if (!AppendEscape(s_, &k, EscapeStyle::kPerlDouble, close, &text)) undecoded = true;
          continue;
        }
        char e = s_[++k];
        if (e != '\\' && e != open && e != close) text += '\\';
        text += e;
        continue;
      }
      if (c == close && depth == 0) {
        *end = k + 1;
        *interp = undecoded || text.find(kHole) != std::string::npos ||
                  (qq && (text.find('$') != std::string::npos || text.find('@') != std::string::npos));
        return text;
      }
      if (open != close) depth += c == open ? 1 : c == close ? -1 : 0;
      text += c;
    }
    return std::nullopt;
  }

  // The escape style of a literal closed by `q` in this language.
  EscapeStyle Style(char q, bool raw) const {
    if (lang_ == "python") return raw ? EscapeStyle::kRaw : EscapeStyle::kPython;
    if (lang_ == "node") return EscapeStyle::kNode;
    if (lang_ == "lua") return EscapeStyle::kLua;
    if (lang_ == "awk" || lang_ == "r") return EscapeStyle::kC;
    if (q == '\'') return EscapeStyle::kSingleQuoted;
    return lang_ == "perl"   ? EscapeStyle::kPerlDouble
           : lang_ == "ruby" ? EscapeStyle::kRubyDouble
                             : EscapeStyle::kPhpDouble;
  }

  // Backticks and qx{…} read their escapes as a double-quoted string does.
  void AddScript(const std::string& raw_text, bool interpolating) {
    std::string text;
    bool undecoded = false;
    if (!interpolating) text = raw_text;
    for (size_t k = 0; interpolating && k < raw_text.size(); ++k) {
      if (raw_text[k] == '\\' && k + 1 < raw_text.size())
        undecoded |= !AppendEscape(raw_text, &k, Style('"', false), '`', &text);
      else text += raw_text[k];
    }
    bool dynamic = undecoded || text.find(kHole) != std::string::npos ||
                   (interpolating && (text.find('$') != std::string::npos || text.find("#{") != std::string::npos ||
                                      text.find('@') != std::string::npos));
    if (dynamic) Opaque("spawned command is built at run time");
    else out_.scripts.push_back(text);
  }

  // Skips an expression up to a top-level ',' or the end of the arguments.
  size_t SkipExpr(size_t i, bool paren) const {
    int depth = 0;
    while (i < s_.size()) {
      char c = s_[i];
      if (c == '\'' || c == '"' || (c == '`' && lang_ == "node")) {
        size_t end = 0;
        bool interp = false;
        if (ReadString(i, &end, &interp)) {
          i = end;
          continue;
        }
        return s_.size();
      }
      if (c == '(' || c == '[' || c == '{') ++depth;
      else if (c == ')' || c == ']' || c == '}') {
        if (depth == 0) return i;
        --depth;
      } else if (depth == 0 && (c == ',' || (!paren && (c == ';' || c == '\n')))) {
        return i;
      }
      ++i;
    }
    return i;
  }

  // Is position i the end of one argument (a ',' or the end of the list)?
  bool ArgEnds(size_t i, bool paren) const {
    i = paren ? SkipSpace(i) : SkipBlank(i);
    if (i >= s_.size()) return true;
    char c = s_[i];
    if (c == ',') return true;
    if (paren) return c == ')';
    // Without parentheses: the statement ends, or a modifier follows (`system "x" if y`, `or die`).
    return c == ';' || c == '\n' || c == '}' || c == ')' || IsIdent(c) || (c == '|' && Next(i) == '|') ||
           (c == '&' && Next(i) == '&');
  }

  std::vector<std::string> ListElements(size_t i, char close, size_t* end) {
    std::vector<std::string> elems;
    for (size_t last = std::string::npos; last != i;) {
      last = i;  // no progress (a stray closer): stop
      i = SkipSpace(i);
      if (i >= s_.size()) break;
      if (s_[i] == close) {
        ++i;
        break;
      }
      size_t e = 0;
      bool interp = false;
      auto lit = ReadString(i, &e, &interp);
      size_t after = lit ? SkipSpace(e) : i;
      if (lit && !interp && after < s_.size() && (s_[after] == ',' || s_[after] == close)) {
        elems.push_back(*lit);
        i = after;
      } else {
        elems.push_back(std::string(1, kHole));
        i = SkipExpr(i, true);
        if (i < s_.size() && s_[i] == close) {
          ++i;
          break;
        }
      }
      if (i < s_.size() && s_[i] == ',') ++i;
    }
    *end = i;
    return elems;
  }

  // Reads one argument at i; returns the position after it.
  size_t ReadArg(size_t i, bool paren, Arg* arg) {
    i = SkipSpace(i);
    if (lang_ == "python") {  // keyword argument
      size_t j = i;
      while (j < s_.size() && IsIdent(s_[j])) ++j;
      size_t k = SkipBlank(j);
      if (j > i && k < s_.size() && s_[k] == '=' && Next(k) != '=') {
        arg->keyword = s_.substr(i, j - i);
        i = SkipSpace(k + 1);
      }
    }
    if (i >= s_.size()) return i;
    char c = s_[i];
    size_t end = 0;
    if (c == '[' || (lang_ == "python" && c == '(') || (lang_ == "php" && At(i, "array("))) {
      size_t open = c == '[' || c == '(' ? i + 1 : i + 6;
      char close = c == '[' ? ']' : ')';
      auto elems = ListElements(open, close, &end);
      if (ArgEnds(end, paren)) {
        arg->kind = Arg::kList;
        arg->elems = std::move(elems);
        return SkipBlank(end);
      }
      return SkipExpr(end, paren);
    }
    if ((lang_ == "ruby" || lang_ == "perl") && (At(i, "%w") || At(i, "%W") || At(i, "qw")) && i + 2 < s_.size()) {
      char o = s_[i + 2];
      char close = o == '(' ? ')' : o == '{' ? '}' : o == '[' ? ']' : o == '<' ? '>' : o;
      size_t stop = s_.find(close, i + 3);
      if (stop != std::string::npos && !IsIdent(o)) {
        std::string body = s_.substr(i + 3, stop - i - 3);
        arg->kind = Arg::kList;
        std::string cur;
        for (char ch : body + " ") {
          if (std::isspace(static_cast<unsigned char>(ch))) {
            if (!cur.empty()) arg->elems.push_back(cur);
            cur.clear();
          } else cur += ch;
        }
        if (s_[i + 1] == 'W' && body.find("#{") != std::string::npos) arg->kind = Arg::kOther;
        return SkipBlank(stop + 1);
      }
    }
    if (c == '{') {
      arg->block = true;
      size_t e = SkipExpr(i + 1, true);
      return SkipExpr(e < s_.size() ? e + 1 : e, paren);
    }
    bool interp = false;
    if (auto lit = ReadString(i, &end, &interp)) {
      size_t after = SkipBlank(end);
      // 'sudo id'.split(): the words of a literal.
      if (lang_ == "python" && s_.compare(after, 8, ".split()") == 0 && !interp && ArgEnds(after + 8, paren)) {
        arg->kind = Arg::kList;
        std::string cur;
        for (char ch : *lit + " ") {
          if (std::isspace(static_cast<unsigned char>(ch))) {
            if (!cur.empty()) arg->elems.push_back(cur);
            cur.clear();
          } else cur += ch;
        }
        return SkipBlank(after + 8);
      }
      if (ArgEnds(end, paren)) {
        arg->kind = Arg::kString;
        arg->text = *lit;
        arg->interp = interp;
        return SkipBlank(end);
      }
      return SkipExpr(end, paren);  // concatenated, formatted, ...: computed
    }
    return SkipExpr(i, paren);
  }

  // After a spawn identifier: the arguments, then what they run.
  void Call(const std::string& ident, const Api& api, size_t j, bool qualified) {
    size_t i = SkipBlank(j);
    bool paren = i < s_.size() && s_[i] == '(';
    if (paren) i = SkipSpace(i + 1);
    else if (lang_ != "perl" && lang_ != "ruby" && lang_ != "awk") {
      // os.system used as a value (passed, stored): it runs something we cannot see.
      if (qualified && i < s_.size() && s_[i] != '=' && s_[i] != '.') Opaque(ident + " used as a value");
      return;
    }
    if (i >= s_.size()) return;
    if (!paren && (OneOf(";.=)}]:,", s_[i]) || s_[i] == '\n')) return;  // a name, not a call
    if (paren && s_[i] == ')') return;                                  // no arguments
    if (lang_ == "perl" && ident == "exec" && !paren && s_[i] == '{') {
      Opaque("exec { PROGRAM } LIST");
      return;
    }
    std::vector<Arg> args;
    for (int n = 0; n < 32 && i < s_.size(); ++n) {
      Arg a;
      i = ReadArg(i, paren, &a);
      args.push_back(std::move(a));
      i = paren ? SkipSpace(i) : SkipBlank(i);
      if (i < s_.size() && s_[i] == ',') {
        ++i;
        continue;
      }
      break;
    }
    Apply(ident, api, args);
  }

  void Argv(std::vector<std::string> argv, const std::string& ident) {
    if (argv.empty()) return;
    if (IsDynamic(argv[0])) {
      Opaque(ident + "() runs a program chosen at run time");
      return;
    }
    // A program name with blanks only makes sense to a shell (spawn(..., {shell: true})).
    if (argv[0].find_first_of(" \t;|&") != std::string::npos) {
      std::string joined;
      for (const auto& a : argv) joined += (joined.empty() ? "" : " ") + a;
      AddScript(joined, false);
      return;
    }
    out_.argvs.push_back(std::move(argv));
  }

  void Apply(const std::string& ident, const Api& api, std::vector<Arg> args) {
    // A leading environment hash (ruby spawn({"A"=>"1"}, "cmd")).
    if (lang_ == "ruby" && !args.empty() && args[0].block) args.erase(args.begin());
    std::vector<Arg> positional;
    for (auto& a : args) {
      if (lang_ == "python" && a.keyword == "executable") {
        if (a.kind == Arg::kString && !a.interp) Argv({a.text}, ident);
        else Opaque(ident + "() with a computed executable");
      }
      if (a.keyword.empty() || (positional.empty() && (a.keyword == "args" || a.keyword == "cmd")))
        positional.push_back(a);
    }
    auto at = [&](int k) -> const Arg* { return k < static_cast<int>(positional.size()) ? &positional[k] : nullptr; };
    auto literal = [](const Arg* a) { return a && a->kind == Arg::kString && !a->interp; };
    switch (api.sig) {
      case Sig::kShellOrArgv: {
        const Arg* a = at(api.prog);
        if (!a) return;
        if (a->kind == Arg::kList) return Argv(a->elems, ident);
        if (!literal(a)) return Opaque(ident + "() with a computed argument");
        // More string arguments: the list form (perl/ruby system "prog", "arg").
        std::vector<std::string> argv{a->text};
        for (int k = api.prog + 1; literal(at(k)); ++k) argv.push_back(at(k)->text);
        if (argv.size() > 1 && !api.mode_after && (lang_ == "perl" || lang_ == "ruby" || lang_ == "r"))
          return Argv(argv, ident);
        out_.scripts.push_back(a->text);
        return;
      }
      case Sig::kArgvList: {
        const Arg* p = at(api.prog);
        if (!p) return;
        if (p->kind == Arg::kList) return Argv(p->elems, ident);  // spawn(['sudo', 'id'])
        if (!literal(p)) return Opaque(ident + "() with a computed program");
        std::vector<std::string> argv{p->text};
        const Arg* l = at(api.list);
        if (l && l->kind == Arg::kList) {
          for (size_t k = api.repeats_argv0 && !l->elems.empty() ? 1 : 0; k < l->elems.size(); ++k)
            argv.push_back(l->elems[k]);
        } else if (l && l->kind == Arg::kString && !api.repeats_argv0) {
          argv.push_back(l->interp ? std::string(1, kHole) : l->text);
        } else if (l && l->kind == Arg::kOther && !l->block) {
          argv.push_back(std::string(1, kHole));  // arguments unknown; the program is known
        }
        return Argv(argv, ident);
      }
      case Sig::kVariadic: {
        const Arg* p = at(api.prog);
        if (!p) return;
        if (!literal(p)) return Opaque(ident + "() with a computed program");
        std::vector<std::string> argv{p->text};
        for (int k = api.prog + 1 + (api.repeats_argv0 ? 1 : 0); at(k); ++k)
          argv.push_back(literal(at(k)) ? at(k)->text : std::string(1, kHole));
        return Argv(argv, ident);
      }
      case Sig::kProgram: {
        const Arg* a = at(0);
        if (!a) return;
        if (a->kind == Arg::kList) return Argv(a->elems, ident);
        if (!literal(a)) return Opaque(ident + "() with a computed argument");
        return Argv({a->text}, ident);
      }
      case Sig::kPerlOpen: return PerlOpen(positional);
      case Sig::kRubyPipeOpen: {
        const Arg* a = at(0);
        if (!a) return;
        if (a->kind != Arg::kString) return Opaque(ident + "() of a computed name (\"|cmd\" runs cmd)");
        std::string t = a->text;
        size_t k = t.find_first_not_of(" \t");
        if (k == std::string::npos || t[k] != '|') return;
        if (a->interp) return Opaque(ident + "(\"|...\") with a computed command");
        out_.scripts.push_back(t.substr(k + 1));
        return;
      }
    }
  }

  // open(FH, EXPR) and open(FH, MODE, LIST).
  void PerlOpen(const std::vector<Arg>& args) {
    if (args.size() < 2) return;
    const Arg& m = args[1];
    if (args.size() == 2) {
      if (m.kind != Arg::kString) return Opaque("open() of a computed name (\"cmd |\" runs cmd)");
      std::string t = m.text;
      size_t a = t.find_first_not_of(" \t");
      size_t b = t.find_last_not_of(" \t");
      if (a == std::string::npos) return;
      if (t[a] == '<' || t[a] == '>' || t.compare(a, 2, "+<") == 0 || t.compare(a, 2, "+>") == 0) return;  // a file
      std::string cmd;
      if (t[a] == '|') cmd = t.substr(a + 1);
      else if (t[b] == '|') cmd = t.substr(a, b - a);
      else if (m.interp) return Opaque("open() of a computed name (\"cmd |\" runs cmd)");
      else return;
      size_t from = cmd.find_first_not_of(" \t"), to = cmd.find_last_not_of(" \t");
      cmd = from == std::string::npos ? "" : cmd.substr(from, to - from + 1);
      if (cmd.find_first_not_of("-") == std::string::npos) return;  // "-|": a fork, no command
      if (m.interp) return Opaque("open() of a computed pipe command");
      out_.scripts.push_back(cmd);
      return;
    }
    if (m.kind != Arg::kString || m.interp) return Opaque("open() with a computed mode");
    std::string mode = m.text;
    mode.erase(0, mode.find_first_not_of(" \t"));
    if (mode.rfind("-|", 0) != 0 && mode.rfind("|-", 0) != 0) return;  // <, >, >>, +<: files
    std::vector<std::string> argv;
    for (size_t k = 2; k < args.size(); ++k) {
      if (args[k].kind == Arg::kList) {
        argv.insert(argv.end(), args[k].elems.begin(), args[k].elems.end());
        continue;
      }
      if (args[k].kind != Arg::kString || args[k].interp) {
        argv.push_back(std::string(1, kHole));
        continue;
      }
      argv.push_back(args[k].text);
    }
    if (argv.empty()) return;
    if (argv.size() == 1 && !IsDynamic(argv[0])) {
      out_.scripts.push_back(argv[0]);
      return;
    }  // one string: a shell command
    Argv(argv, "open");
  }

  // 'system' / "exec" as a string naming the API: getattr(os, 'system'), cp['exec'].
  void NamedByString(size_t& i) {
    size_t end = 0;
    bool interp = false;
    auto lit = ReadString(i, &end, &interp);
    if (!lit) return;
    size_t after = SkipBlank(end);
    size_t before = i;
    while (before > 0 && (s_[before - 1] == ' ' || s_[before - 1] == '\t')) --before;
    bool as_name = before > 0 && (s_[before - 1] == ',' || s_[before - 1] == '[') && after < s_.size() &&
                   (s_[after] == ')' || s_[after] == ']');
    if (!as_name || (lang_ == "node" && !node_spawns_)) return;
    auto api = FindApi(lang_, *lit, "", false);
    if (api && api->sig != Sig::kPerlOpen && api->sig != Sig::kRubyPipeOpen)
      Opaque("spawn API named by the string '" + *lit + "'");
    // Keep scanning inside the literal too (nested code strings): step one char only.
  }

  // awk: print | "cmd", "cmd" | getline, cmd | getline with a variable.
  void AwkPipe(size_t bar) {
    size_t k = SkipSpace(bar + 1);
    size_t end = 0;
    bool interp = false;
    if (auto lit = ReadString(k, &end, &interp)) {
      AddScript(*lit, false);
      return;
    }
    if (s_.compare(k, 7, "getline") == 0) {
      size_t b = bar;
      while (b > 0 && std::isspace(static_cast<unsigned char>(s_[b - 1]))) --b;
      if (b > 0 && s_[b - 1] == '"') {
        size_t open = s_.rfind('"', b - 2 < s_.size() ? b - 2 : 0);
        if (open != std::string::npos && open < b - 1) {
          AddScript(s_.substr(open + 1, b - open - 2), false);
          return;
        }
      }
    }
    Opaque("awk pipe to a computed command");
  }

  const std::string& s_;
  std::string lang_;
  InertText inert_;
  size_t run_asked_ = std::string::npos;  // NumberBefore's last question, and where its run began
  size_t run_start_ = 0;
  size_t run_end_from_ = std::string::npos;  // RunEnd's last walk
  size_t run_end_ = 0;
  std::map<std::string, std::string> imported_;  // local name -> API name (from os import system as s)
  std::set<std::string> subprocess_names_;       // local names imported from subprocess
  std::set<std::string> module_aliases_;         // import subprocess as sp
  // What a JavaScript program loads and uses that decides how it is read.
  void NodeProgram() {
    // Node spawns only through child_process (or execa): without them in
    // the program, exec/spawn are other things (RegExp.prototype.exec).
    node_spawns_ = s_.find("child_process") != std::string::npos || s_.find("execa") != std::string::npos;
    if (s_.find("process.binding") != std::string::npos || s_.find("process.dlopen") != std::string::npos)
      Opaque("node process.binding/dlopen");
    // Deno's and Bun's runtime objects (Deno.Command, Deno.run, Bun.spawn,
    // Bun.$`…`, reached by name or computed member), the global object's
    // computed members, and bun's own module: subprocess APIs whose
    // arguments are objects and templates the scanner does not read.
    for (const char* object : {"Deno", "Bun", "globalThis"})
      if (UsesObject(object)) Opaque(std::string("the program uses ") + object + ", which can run programs");
    if (s_.find("\"bun\"") != std::string::npos || s_.find("'bun'") != std::string::npos)
      Opaque("the program loads bun's module (its $ shell, spawn)");
    for (const char* loader : {"require(", "import("}) {
      for (size_t at = s_.find(loader); at != std::string::npos; at = s_.find(loader, at + 1)) {
        size_t k = SkipSpace(at + std::strlen(loader)), end = 0;
        bool interp = false;
        auto lit = ReadString(k, &end, &interp);
        if (!lit || interp || SkipSpace(end) >= s_.size() || s_[SkipSpace(end)] != ')')
          Opaque(std::string(loader) + ") of a module named at run time");
      }
    }
  }

  // `object.` or `object[` in the program, as a whole identifier.
  bool UsesObject(std::string_view object) const {
    for (size_t at = s_.find(object); at != std::string::npos; at = s_.find(object, at + 1)) {
      size_t end = at + object.size();
      bool starts = at == 0 || !(std::isalnum(static_cast<unsigned char>(s_[at - 1])) || s_[at - 1] == '_' ||
                                 s_[at - 1] == '$' || s_[at - 1] == '.');
      size_t next = SkipSpace(end);
      if (starts && next < s_.size() && (s_[next] == '.' || s_[next] == '[' || s_[next] == '?')) return true;
    }
    return false;
  }

  bool node_spawns_ = true;  // node: child_process is loaded
  SpawnFindings out_;
};

SpawnFindings ScanSed(const std::string& code) {
  SpawnFindings out;
  if (code.find(kHole) != std::string::npos) {
    out.opaque = true;
    out.opaque_what = "sed script is built at run time (it may hold an e command)";
  }
  SedScript s = ParseSedScript(code);
  for (auto& c : s.commands) out.scripts.push_back(std::move(c));
  if (s.runs_pattern_space && !out.opaque) {
    out.opaque = true;
    out.opaque_what = s.dynamic_what;
  }
  // A script sed rejects runs nothing; if we cannot follow one that names
  // the e command, it is not ours to guess.
  if (!s.parsed && code.find('e') != std::string::npos && !out.opaque) {
    out.opaque = true;
    out.opaque_what = "sed script not understood";
  }
  return out;
}

}  // namespace

SpawnFindings ScanSpawns(const std::string& code, const std::string& language) {
  if (language == "sed") return ScanSed(code);
  if (language == "tcl") return ScanTcl(code);
  return Scanner(code, language).Run();
}

}  // namespace paddock::rules
