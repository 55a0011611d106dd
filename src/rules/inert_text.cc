#include "rules/inert_text.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <optional>
#include <string_view>

#include "base/strings.h"

namespace paddock::rules {
namespace {

using Spans = std::vector<std::pair<size_t, size_t>>;

bool IsIdent(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

size_t LineEnd(const std::string& s, size_t i) {
  size_t e = s.find('\n', i);
  return e == std::string::npos ? s.size() : e;
}

// The string starting at quote `i`: its contents' span, or nullopt when it
// is one the reading does not model (f- and t-strings hold code; an
// unterminated string means the program is not what we think).
std::optional<std::pair<size_t, size_t>> PythonString(const std::string& s, size_t i) {
  size_t p = i;
  while (p > 0 && IsIdent(s[p - 1])) --p;
  for (size_t k = p; k < i; ++k)
    if (OneOf("fFtT", s[k])) return std::nullopt;
  char q = s[i];
  bool triple = s.compare(i, 3, std::string(3, q)) == 0;
  size_t open = i + (triple ? 3 : 1);
  for (size_t j = open; j < s.size(); ++j) {
    if (s[j] == '\\') {
      ++j;
    } else if (!triple && s[j] == '\n') {
      return std::nullopt;
    } else if (s[j] == q && (!triple || s.compare(j, 3, std::string(3, q)) == 0)) {
      return std::make_pair(open, j);
    }
  }
  return std::nullopt;
}

// Python: comments only. A string is text only until something resolves a
// name it holds: getattr and importlib, but also pkgutil.resolve_name,
// pydoc.locate, string.Formatter, logging's "()" factories, hydra's
// "_target_", any library's import_string; no list of them is complete.
// The strings are read to find where comments are.
std::optional<Spans> PythonInert(const std::string& s) {
  Spans comments;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '#') {
      comments.emplace_back(i, LineEnd(s, i));
      i = comments.back().second;
    } else if (s[i] == '\'' || s[i] == '"') {
      auto str = PythonString(s, i);
      if (!str) return std::nullopt;
      i = str->second + (str->first - i) - 1;  // the closing quote's last character
    }
  }
  return comments;
}

// awk has no eval: its strings, regex literals and comments are text. Only
// gawk's @ (indirect calls of functions named by a string, @include) runs
// text. A '/' starts a regex where awk expects an operand, after anything
// but an operand's last character; after ++ or -- (postfix: an operand) the
// reading gives up, and on a backslash outside text (a continued line).
std::optional<Spans> AwkInert(const std::string& s) {
  Spans out;
  char prev = '\n';   // the last significant character outside text
  char prev2 = '\n';  // the one before it
  auto until = [&](size_t from, char close) -> std::optional<size_t> {
    for (size_t j = from; j < s.size(); ++j) {
      if (s[j] == '\\') ++j;
      else if (s[j] == '\n' || (close == '/' && s[j] == '[')) return std::nullopt;
      else if (s[j] == close) return j;
    }
    return std::nullopt;
  };
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == ' ' || c == '\t') continue;
    if (c == '@' || c == '\\') return std::nullopt;  // gawk's indirect calls; a line continued
    if (c == '#') {
      out.emplace_back(i, LineEnd(s, i));
      i = out.back().second - 1;
      continue;
    }
    bool operand_before = IsIdent(prev) || OneOf(")].$\"", prev);
    if (c == '"' || (c == '/' && !operand_before)) {
      if (c == '/' && (prev == '+' || prev == '-') && prev2 == prev) return std::nullopt;
      auto end = until(i + 1, c);
      if (!end) return std::nullopt;
      out.emplace_back(i + 1, *end);
      i = *end;
      prev2 = prev;
      prev = '"';  // a string or regex: an operand
      continue;
    }
    prev2 = prev;
    prev = c;
  }
  return out;
}

// One Perl statement s/A/B/f, tr/A/B/f, y/A/B/f, m/A/f or /A/f from `i`;
// the position after it, or nullopt. Interpolating parts may not hold
// code: (?{ }), (??{ }), (*{ }), ${ }, @{ }, arrays, and no variable but $N
// (a subscript or -> after one evaluates an expression).
std::optional<size_t> PerlStatement(const std::string& s, size_t i) {
  int parts = 0;
  std::string_view flags;
  if (s.compare(i, 2, "tr") == 0) parts = 2, flags = "cdsr", i += 2;
  else if (s[i] == 'y') parts = 2, flags = "cdsr", i += 1;
  else if (s[i] == 's') parts = 2, flags = "msixpodualngcr", i += 1;
  else if (s[i] == 'm') parts = 1, flags = "msixpodualngc", i += 1;
  else if (s[i] == '/') parts = 1, flags = "msixpodualngc";
  else return std::nullopt;
  if (i >= s.size()) return std::nullopt;
  char d = s[i];
  if (IsIdent(d) || std::isspace(static_cast<unsigned char>(d)) || OneOf("{[(<", d)) return std::nullopt;
  bool interpolates = flags != "cdsr" && d != '\'';
  for (int p = 0; p < parts; ++p) {
    for (++i; i < s.size() && s[i] != d; ++i) {
      if (s[i] == '\\') {
        ++i;
        continue;
      }
      if (!interpolates) continue;
      if (s[i] == '@' || s.compare(i, 3, "(?{") == 0 || s.compare(i, 4, "(??{") == 0 || s.compare(i, 3, "(*{") == 0)
        return std::nullopt;
      if (s[i] == '$') {
        size_t k = i + 1;
        while (k < s.size() && std::isdigit(static_cast<unsigned char>(s[k]))) ++k;
        char after = k < s.size() ? s[k] : d;
        // An end anchor (a pattern does not interpolate $) or $|; a
        // replacement does, and $)[EXPR] evaluates EXPR), or a group
        // not followed by a subscript or an arrow ($1->[EXPR] evaluates).
        bool anchor = p == 0 && k == i + 1 && (after == d || after == ')' || after == '|');
        bool group = k > i + 1 && after != '{' && after != '[' && after != '-';
        if (!anchor && !group) return std::nullopt;
      }
    }
    if (i >= s.size()) return std::nullopt;
  }
  ++i;
  while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) {
    if (flags.find(s[i]) == std::string_view::npos) return std::nullopt;  // s///e runs its replacement
    ++i;
  }
  return i;
}

// Perl: only a program made of such statements is read, and then all of it
// is text (what is left of it, the operators, names no API).
std::optional<Spans> PerlInert(const std::string& s) {
  size_t i = 0;
  auto skip = [&] {
    while (i < s.size() && (std::isspace(static_cast<unsigned char>(s[i])) || s[i] == ';')) ++i;
  };
  skip();
  if (i == s.size()) return std::nullopt;
  while (i < s.size()) {
    auto end = PerlStatement(s, i);
    if (!end) return std::nullopt;
    i = *end;
    size_t before = i;
    skip();
    if (i < s.size() && (i == before || s.find(';', before) >= i)) return std::nullopt;  // statements need ';'
  }
  return Spans{{0, s.size()}};
}

}  // namespace

InertText::InertText(const std::string& code, const std::string& language) {
  // Built at run time: nothing is known to be text. A carriage return ends
  // a line for Python (a comment would end there) and not for awk: no reading.
  if (code.find_first_of(std::string_view("\0\r", 2)) != std::string::npos) return;
  std::optional<Spans> spans;
  if (language == "python") spans = PythonInert(code);
  else if (language == "awk") spans = AwkInert(code);
  else if (language == "perl") spans = PerlInert(code);
  if (!spans) return;
  spans_ = std::move(*spans);
  std::sort(spans_.begin(), spans_.end());
}

bool InertText::Contains(size_t at) const {
  auto it = std::upper_bound(spans_.begin(), spans_.end(), std::make_pair(at, ~size_t{0}));
  return it != spans_.begin() && at < std::prev(it)->second;
}

}  // namespace paddock::rules
