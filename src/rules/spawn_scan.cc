#include "rules/spawn_scan.h"

#include <cctype>
#include <cstring>
#include <optional>

#include "rules/normalize.h"

namespace paddock::rules {
namespace {

bool IsIdent(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

class Scanner {
 public:
  Scanner(const std::string& code, const std::string& lang) : s_(code), lang_(lang) {}

  SpawnFindings Run() {
    for (size_t i = 0; i < s_.size(); ++i) {
      char c = s_[i];
      if (c == '`' && (lang_ == "perl" || lang_ == "ruby" || lang_ == "php")) {
        size_t end = s_.find('`', i + 1);
        if (end == std::string::npos) { Opaque("unterminated backtick"); break; }
        AddScript(s_.substr(i + 1, end - i - 1), /*interpolating=*/true);
        i = end;
        continue;
      }
      if ((lang_ == "perl" && c == 'q' && At(i, "qx") && !IsIdent(Prev(i)) && i + 2 < s_.size() && !IsIdent(s_[i + 2])) ||
          (lang_ == "ruby" && c == '%' && At(i, "%x") && i + 2 < s_.size())) {
        size_t open = i + 2;
        while (open < s_.size() && s_[open] == ' ') ++open;
        if (open >= s_.size()) break;
        char o = s_[open];
        char close = o == '(' ? ')' : o == '{' ? '}' : o == '[' ? ']' : o == '<' ? '>' : o;
        size_t end = s_.find(close, open + 1);
        if (end == std::string::npos) { Opaque("unterminated qx"); break; }
        AddScript(s_.substr(open + 1, end - open - 1), o != '\'');
        i = end;
        continue;
      }
      if (lang_ == "awk" && c == '|' && Next(i) != '|' && Prev(i) != '|') {
        AwkPipe(i);
        continue;
      }
      if (std::isalpha(static_cast<unsigned char>(c)) && !IsIdent(Prev(i)) && (i == 0 || s_[i - 1] != '$')) {
        size_t j = i;
        while (j < s_.size() && IsIdent(s_[j])) ++j;
        std::string ident = s_.substr(i, j - i);
        if (IsSpawnName(ident, i)) Call(ident, j);
        i = j - 1;
      }
    }
    return std::move(out_);
  }

 private:
  char Prev(size_t i) const { return i == 0 ? ' ' : s_[i - 1]; }
  char Next(size_t i) const { return i + 1 < s_.size() ? s_[i + 1] : ' '; }
  bool At(size_t i, const char* t) const { return s_.compare(i, std::strlen(t), t) == 0; }
  void Opaque(const std::string& why) {
    out_.opaque = true;
    if (out_.opaque_what.empty()) out_.opaque_what = why;
  }
  size_t SkipSpace(size_t i) const {
    while (i < s_.size() && std::isspace(static_cast<unsigned char>(s_[i]))) ++i;
    return i;
  }

  bool IsSpawnName(const std::string& id, size_t at) const {
    static const char* kPrefixes[] = {"system", "popen", "exec", "spawn"};
    for (const char* p : kPrefixes)
      if (id.rfind(p, 0) == 0) return true;
    static const char* kNames[] = {"shell_exec", "passthru", "proc_open", "getoutput", "getstatusoutput",
                                   "check_output", "check_call", "capture2", "capture2e", "capture3", "popen3", "Popen"};
    for (const char* n : kNames)
      if (id == n) return true;
    // subprocess.run(...) / subprocess.call(...)
    if ((id == "run" || id == "call") && at >= 11 && s_.compare(at - 11, 11, "subprocess.") == 0) return true;
    return false;
  }

  // Reads a string literal at i; returns its text, nullopt if not a literal.
  // Sets *end past it and *interp when it contains interpolation.
  std::optional<std::string> ReadString(size_t i, size_t* end, bool* interp) const {
    *interp = false;
    while (i < s_.size() && std::strchr("rRbBuU", s_[i]) && i + 1 < s_.size() && std::strchr("'\"rRbBuU", s_[i + 1])) ++i;
    if (i < s_.size() && (s_[i] == 'f' || s_[i] == 'F') && i + 1 < s_.size() && (s_[i + 1] == '\'' || s_[i + 1] == '"')) {
      *interp = true;
      ++i;
    }
    if (i >= s_.size()) return std::nullopt;
    char q = s_[i];
    if (q != '\'' && q != '"' && !(q == '`' && lang_ == "node")) return std::nullopt;
    std::string text;
    size_t k = i + 1;
    for (; k < s_.size() && s_[k] != q; ++k) {
      if (s_[k] == '\\' && k + 1 < s_.size()) {
        char e = s_[++k];
        text += e == 'n' ? '\n' : e == 't' ? '\t' : e;
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

  void AddScript(const std::string& text, bool interpolating) {
    bool dynamic = text.find(kHole) != std::string::npos ||
                   (interpolating && (text.find('$') != std::string::npos || text.find("#{") != std::string::npos || text.find('@') != std::string::npos));
    if (dynamic) Opaque("spawned command is built at run time");
    else out_.scripts.push_back(text);
  }

  // After a spawn identifier: optional "(", then a literal string or list.
  void Call(const std::string& ident, size_t j) {
    size_t i = SkipSpace(j);
    bool paren = i < s_.size() && s_[i] == '(';
    if (paren) i = SkipSpace(i + 1);
    else if (lang_ != "perl" && lang_ != "ruby" && lang_ != "awk") return;  // a name, not a call
    if (i >= s_.size()) return;
    if (!paren && (s_[i] == ';' || s_[i] == '.' || s_[i] == '=' || s_[i] == ')')) return;
    bool argv_style = ident.rfind("spawn", 0) == 0 || ident == "execFile" || ident == "execFileSync" || ident.rfind("execv", 0) == 0 || ident.rfind("execl", 0) == 0;
    if (s_[i] == '[') { List(i + 1); return; }
    size_t end = 0;
    bool interp = false;
    auto lit = ReadString(i, &end, &interp);
    if (!lit) { Opaque(ident + "() with a non-literal argument"); return; }
    size_t after = SkipSpace(end);
    if (interp || (after < s_.size() && (s_[after] == '+' || s_[after] == '%' || (s_[after] == '.' && lang_ != "python")))) {
      Opaque(ident + "() with a computed argument");
      return;
    }
    if (argv_style) {
      std::vector<std::string> argv{*lit};
      if (after < s_.size() && s_[after] == ',') {
        size_t k = SkipSpace(after + 1);
        if (k < s_.size() && s_[k] == '[') {
          auto rest = ListElements(k + 1);
          // execv('/bin/sudo', ['sudo', 'id']): the list repeats argv[0].
          size_t from = (!rest.empty() && ident.rfind("exec", 0) == 0) ? 1 : 0;
          for (size_t r = from; r < rest.size(); ++r) argv.push_back(rest[r]);
        }
      }
      out_.argvs.push_back(std::move(argv));
      return;
    }
    out_.scripts.push_back(*lit);
  }

  std::vector<std::string> ListElements(size_t i) {
    std::vector<std::string> elems;
    while (true) {
      i = SkipSpace(i);
      if (i >= s_.size() || s_[i] == ']') break;
      size_t end = 0;
      bool interp = false;
      auto lit = ReadString(i, &end, &interp);
      if (lit && !interp) {
        elems.push_back(*lit);
        i = SkipSpace(end);
      } else {
        elems.push_back(std::string(1, kHole));
        while (i < s_.size() && s_[i] != ',' && s_[i] != ']') ++i;
      }
      if (i < s_.size() && s_[i] == ',') ++i;
      else break;
    }
    return elems;
  }

  void List(size_t i) {
    auto elems = ListElements(i);
    if (elems.empty()) return;
    if (IsDynamic(elems[0])) { Opaque("spawned program is computed"); return; }
    out_.argvs.push_back(std::move(elems));
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
  SpawnFindings out_;
};

}  // namespace

SpawnFindings ScanSpawns(const std::string& code, const std::string& language) {
  return Scanner(code, language).Run();
}

}  // namespace paddock::rules
