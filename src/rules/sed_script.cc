#include "rules/sed_script.h"

#include <cctype>
#include <cstring>

#include "base/strings.h"
#include "rules/normalize.h"
#include "rules/options.h"

namespace paddock::rules {

SedInvocation ParseSedArgs(const Words& w) {
  // GNU sed permutes: options may follow operands until "--".
  static const OptionTable t{"nrEsuzbhV",
                             "efl",
                             "i",
                             {"quiet", "silent", "regexp-extended", "separate", "unbuffered", "null-data", "posix",
                              "debug", "sandbox", "follow-symlinks", "binary", "help", "version"},
                             {"expression", "file", "line-length"},
                             {"in-place"}};
  SedInvocation out;
  Words operands;
  size_t i = 1;
  while (i < w.size()) {
    ParsedOptions p = ParseOptions(w, i, t);
    for (const auto& o : p.options) {
      if ((o.name == "-e" || o.name == "--expression") && o.value) out.scripts.push_back(*o.value);
      else if ((o.name == "-f" || o.name == "--file") && o.value) {
        if (*o.value == "-" || *o.value == "/dev/stdin") out.script_from_stdin = true;
        else out.script_from_file = true;
      } else if (o.name == "--sandbox") out.sandbox = true;
      else if (o.name == "-i" || o.name == "--in-place") out.in_place = true;
    }
    if (p.end_marker) {
      operands.insert(operands.end(), w.begin() + static_cast<long>(p.operand), w.end());
      break;
    }
    if (p.operand >= w.size()) break;
    operands.push_back(w[p.operand]);
    i = p.operand + 1;
  }
  size_t first = 0;
  if (out.scripts.empty() && !out.script_from_file && !out.script_from_stdin && !operands.empty()) {
    out.scripts.push_back(operands[0]);
    first = 1;
  }
  out.files.assign(operands.begin() + static_cast<long>(std::min(first, operands.size())), operands.end());
  return out;
}

namespace {

class SedParser {
 public:
  explicit SedParser(const std::string& s) : s_(s) {}

  SedScript Run() {
    while (Skip(" \t\n;"), i_ < s_.size()) {
      if (!Address()) return Fail();
      Skip(" \t");
      if (Peek() == ',') {
        ++i_;
        Skip(" \t");
        if (!Address()) return Fail();
        Skip(" \t");
      }
      while (Peek() == '!' || Peek() == ' ' || Peek() == '\t') ++i_;
      if (i_ >= s_.size()) return Fail();
      if (!Command()) return Fail();
    }
    return std::move(out_);
  }

 private:
  char Peek() const { return i_ < s_.size() ? s_[i_] : '\0'; }
  void Skip(const char* set) {
    while (i_ < s_.size() && OneOf(set, s_[i_])) ++i_;
  }
  SedScript Fail() {
    out_.parsed = false;
    return std::move(out_);
  }
  std::string RestOfLine() {
    size_t end = s_.find('\n', i_);
    if (end == std::string::npos) end = s_.size();
    std::string text = s_.substr(i_, end - i_);
    i_ = end;
    return text;
  }
  std::string Trimmed(std::string t) {
    size_t a = t.find_first_not_of(" \t");
    return a == std::string::npos ? "" : t.substr(a);
  }

  // Reads a delimited part (regex or replacement) ending at `delim`.
  bool Delimited(char delim, std::string* text) {
    while (i_ < s_.size()) {
      char c = s_[i_++];
      if (c == '\\' && i_ < s_.size()) {
        char e = s_[i_++];
        if (e == delim) {
          *text += e;
          continue;
        }
        *text += '\\';
        *text += e;
        continue;
      }
      if (c == delim) return true;
      if (c == '\n' && delim != '\n') {
        *text += c;
        continue;
      }
      *text += c;
    }
    return false;
  }

  bool Address() {
    char c = Peek();
    if (std::isdigit(static_cast<unsigned char>(c))) {
      while (std::isdigit(static_cast<unsigned char>(Peek()))) ++i_;
      if (Peek() == '~') {
        ++i_;
        while (std::isdigit(static_cast<unsigned char>(Peek()))) ++i_;
      }
      return true;
    }
    if (c == '$') {
      ++i_;
      return true;
    }
    if (c == '+' || c == '~') {  // addr1,+N / addr1,~N
      ++i_;
      while (std::isdigit(static_cast<unsigned char>(Peek()))) ++i_;
      return true;
    }
    if (c == '/' || c == '\\') {
      char delim = '/';
      if (c == '\\') {
        ++i_;
        if (i_ >= s_.size()) return false;
        delim = s_[i_];
      }
      ++i_;
      std::string re;
      if (!Delimited(delim, &re)) return false;
      while (Peek() == 'I' || Peek() == 'M') ++i_;
      return true;
    }
    return true;  // no address
  }

  bool Command() {
    char c = s_[i_++];
    switch (c) {
      case '{':
      case '}':
      case '=':
      case 'd':
      case 'D':
      case 'g':
      case 'G':
      case 'h':
      case 'H':
      case 'n':
      case 'N':
      case 'p':
      case 'P':
      case 'x':
      case 'z':
      case 'F': return true;
      case '#': RestOfLine(); return true;
      case ':': {
        Skip(" \t");
        size_t end = s_.find_first_of(";\n", i_);
        if (end == std::string::npos) end = s_.size();
        if (end == i_) return false;
        i_ = end;
        return true;
      }
      case 'b':
      case 't':
      case 'T':
      case 'q':
      case 'Q':
      case 'l':
      case 'L':
      case 'v': {
        size_t end = s_.find_first_of(";\n}", i_);
        i_ = end == std::string::npos ? s_.size() : end;
        return true;
      }
      case 'a':
      case 'i':
      case 'c': {
        // GNU one-liner "a text" or "a\" newline text (lines ending in \ continue).
        while (i_ < s_.size()) {
          size_t end = s_.find('\n', i_);
          if (end == std::string::npos) {
            i_ = s_.size();
            break;
          }
          bool continued = end > i_ && s_[end - 1] == '\\';
          i_ = end + 1;
          if (!continued) break;
        }
        return true;
      }
      case 'r':
      case 'R':
      case 'w':
      case 'W': {
        std::string file = Trimmed(RestOfLine());
        if (file.empty()) return false;
        (c == 'r' || c == 'R' ? out_.reads : out_.writes).push_back(file);
        return true;
      }
      case 'e': {
        std::string command = Trimmed(RestOfLine());
        if (command.empty()) Dynamic("sed 'e' runs the pattern space");
        else out_.commands.push_back(command);
        return true;
      }
      case 'y': {
        if (i_ >= s_.size()) return false;
        char delim = s_[i_++];
        std::string a, b;
        return Delimited(delim, &a) && Delimited(delim, &b);
      }
      case 's': return Substitute();
      default: return false;
    }
  }

  bool Substitute() {
    if (i_ >= s_.size() || s_[i_] == '\n' || s_[i_] == '\\') return false;
    char delim = s_[i_++];
    std::string re, repl;
    if (!Delimited(delim, &re) || !Delimited(delim, &repl)) return false;
    bool exec = false;
    while (i_ < s_.size()) {
      char f = s_[i_];
      if (f == 'e') {
        exec = true;
        ++i_;
        continue;
      }
      if (f == 'w') {
        ++i_;
        std::string file = Trimmed(RestOfLine());
        if (file.empty()) return false;
        out_.writes.push_back(file);
        break;
      }
      if (OneOf("gpiImM0123456789", f)) {
        ++i_;
        continue;
      }
      break;
    }
    if (!exec) return true;
    // The pattern space after the substitution runs. It is the replacement
    // text exactly when the regex matches the whole line and the replacement
    // refers to nothing it matched.
    bool whole = re == ".*" || re == "^.*" || re == "^.*$" || re == ".*$";
    bool literal = repl.find('&') == std::string::npos && repl.find('\\') == std::string::npos;
    if (whole && literal) out_.commands.push_back(repl);
    else Dynamic("sed s///e runs the pattern space after substitution");
    return true;
  }

  void Dynamic(const std::string& what) {
    out_.runs_pattern_space = true;
    if (out_.dynamic_what.empty()) out_.dynamic_what = what;
  }

  const std::string& s_;
  size_t i_ = 0;
  SedScript out_;
};

}  // namespace

SedScript ParseSedScript(const std::string& script) { return SedParser(script).Run(); }

}  // namespace paddock::rules
