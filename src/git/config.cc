#include "git/config.h"

#include <cctype>

namespace paddock::git {
namespace {

char Lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }
bool IsNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; }

class Parser {
 public:
  explicit Parser(std::string_view text) : s_(text) {}

  ParsedConfig Run() {
    // A UTF-8 byte order mark at the start is skipped, as git does.
    if (s_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
    while (!AtEnd() && out_.error.empty()) Line();
    return std::move(out_);
  }

 private:
  bool AtEnd() const { return pos_ >= s_.size(); }
  char Peek() const { return AtEnd() ? '\0' : s_[pos_]; }

  void Fail(const std::string& what) {
    if (out_.error.empty()) out_.error = "line " + std::to_string(line_) + ": " + what;
  }

  void SkipSpace() {
    while (!AtEnd() && IsSpace(s_[pos_])) ++pos_;
  }

  // Rest of the line is a comment or nothing.
  void EndOfLine() {
    SkipSpace();
    if (Peek() == '#' || Peek() == ';') {
      while (!AtEnd() && s_[pos_] != '\n') ++pos_;
    }
    if (AtEnd()) return;
    if (s_[pos_] != '\n') return Fail("unexpected text after the entry");
    ++pos_;
    ++line_;
  }

  void Line() {
    SkipSpace();
    char c = Peek();
    if (c == '\n') {
      ++pos_;
      ++line_;
    } else if (c == '#' || c == ';') {
      EndOfLine();
    } else if (c == '[') {
      Section();
    } else if (std::isalpha(static_cast<unsigned char>(c))) {
      Variable();
    } else if (!AtEnd()) {
      Fail("expected a section or a variable");
    }
  }

  void Section() {
    ++pos_;  // '['
    std::string name;
    while (!AtEnd() && (IsNameChar(s_[pos_]) || s_[pos_] == '.')) name += Lower(s_[pos_++]);
    if (name.empty()) return Fail("empty section name");
    std::string sub;
    if (Peek() == ']') {
      ++pos_;
      // Deprecated "[section.subsection]": the subsection is lower-cased.
      if (auto dot = name.find('.'); dot != std::string::npos) {
        sub = name.substr(dot + 1);
        name.resize(dot);
      }
    } else if (IsSpace(Peek())) {
      SkipSpace();
      if (Peek() != '"') return Fail("expected a quoted subsection");
      ++pos_;
      for (;;) {
        if (AtEnd() || s_[pos_] == '\n') return Fail("unterminated subsection");
        char ch = s_[pos_++];
        if (ch == '"') break;
        if (ch == '\\') {
          if (AtEnd() || s_[pos_] == '\n') return Fail("unterminated subsection");
          ch = s_[pos_++];
        }
        sub += ch;
      }
      if (Peek() != ']') return Fail("expected ']' after the subsection");
      ++pos_;
    } else {
      return Fail("bad section header");
    }
    section_ = name;
    subsection_ = sub;
    in_section_ = true;
    // A variable may follow the header on the same line.
    SkipSpace();
    if (std::isalpha(static_cast<unsigned char>(Peek()))) return Variable();
    EndOfLine();
  }

  void Variable() {
    if (!in_section_) return Fail("variable outside a section");
    ConfigEntry e;
    e.section = section_;
    e.subsection = subsection_;
    while (!AtEnd() && IsNameChar(s_[pos_])) e.name += Lower(s_[pos_++]);
    SkipSpace();
    if (Peek() != '=') {
      out_.entries.push_back(std::move(e));  // boolean true
      return EndOfLine();
    }
    ++pos_;
    e.has_value = true;
    if (!Value(e.value)) return;
    out_.entries.push_back(std::move(e));
  }

  // The value up to the end of the line (or a comment), with quotes removed,
  // escapes decoded and unquoted surrounding blanks trimmed.
  bool Value(std::string& out) {
    SkipSpace();
    bool quoted = false;
    size_t keep = 0;  // length of `out` that is not trailing unquoted blanks
    for (;;) {
      if (AtEnd()) break;
      char c = s_[pos_];
      if (c == '\n') {
        if (quoted) return Fail("unterminated quote"), false;
        ++pos_;
        ++line_;
        break;
      }
      ++pos_;
      if (!quoted && (c == '#' || c == ';')) {
        while (!AtEnd() && s_[pos_] != '\n') ++pos_;
        continue;
      }
      if (c == '"') {
        quoted = !quoted;
        keep = out.size();
        continue;
      }
      if (c == '\\') {
        if (AtEnd()) return Fail("backslash at the end of the file"), false;
        char e = s_[pos_++];
        switch (e) {
          case '\n': ++line_; continue;  // continuation line
          case 'n': out += '\n'; break;
          case 't': out += '\t'; break;
          case 'b': out += '\b'; break;
          case '"': out += '"'; break;
          case '\\': out += '\\'; break;
          default: return Fail("bad escape sequence"), false;
        }
        keep = out.size();
        continue;
      }
      if (!quoted && IsSpace(c)) {
        if (out.empty()) continue;  // leading blanks
        out += c;
        continue;
      }
      out += c;
      keep = out.size();
    }
    if (quoted) return Fail("unterminated quote"), false;
    out.resize(keep);
    return true;
  }

  std::string_view s_;
  size_t pos_ = 0;
  int line_ = 1;
  std::string section_, subsection_;
  bool in_section_ = false;
  ParsedConfig out_;
};

}  // namespace

std::string ConfigEntry::Key() const {
  return subsection.empty() ? section + "." + name : section + "." + subsection + "." + name;
}

ParsedConfig ParseConfig(std::string_view text) { return Parser(text).Run(); }

}  // namespace paddock::git
