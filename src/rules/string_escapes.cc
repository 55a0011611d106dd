#include "rules/string_escapes.h"

#include <cctype>
#include <cstring>

namespace paddock::rules {
namespace {

int DigitValue(char c, int base) {
  int v = c >= '0' && c <= '9'   ? c - '0'
          : c >= 'a' && c <= 'f' ? c - 'a' + 10
          : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                 : 99;
  return v < base ? v : -1;
}

// Reads up to `max` digits of `base` from s[from]; returns how many were
// read and their value in *value (stops before the value would pass `cap`).
size_t ReadDigits(std::string_view s, size_t from, int base, size_t max, unsigned long cap, unsigned long* value) {
  size_t n = 0;
  *value = 0;
  while (n < max && from + n < s.size()) {
    int d = DigitValue(s[from + n], base);
    if (d < 0 || *value * base + d > cap) break;
    *value = *value * base + d;
    ++n;
  }
  return n;
}

// Exactly `count` hex digits after s[*k] ("\x73", "\u0075"): the code point.
bool FixedHex(std::string_view s, size_t* k, size_t count, std::string* out) {
  unsigned long v = 0;
  if (ReadDigits(s, *k + 1, 16, count, 0xffffffff, &v) != count) return false;
  *k += count;
  return AppendUtf8(v, out);
}

// One or two hex digits after s[*k] ("\x7", "\x73"), at least one.
bool ShortHex(std::string_view s, size_t* k, std::string* out) {
  unsigned long v = 0;
  size_t n = ReadDigits(s, *k + 1, 16, 2, 0xff, &v);
  *k += n;
  return n > 0 && AppendUtf8(v, out);
}

// "{hex}" after s[*k] ("\u{73}", "\x{73}"): the code point.
bool BracedHex(std::string_view s, size_t* k, std::string* out) {
  size_t close = s.find('}', *k + 1);
  if (*k + 1 >= s.size() || s[*k + 1] != '{' || close == std::string_view::npos) return false;
  unsigned long v = 0;
  size_t n = ReadDigits(s, *k + 2, 16, 8, 0x10ffff, &v);
  if (n == 0 || *k + 2 + n != close) return false;
  *k = close;
  return AppendUtf8(v, out);
}

// Up to `max` digits of `base` from s[*k] itself (an octal "\163", Lua's
// decimal "\115"), below `cap`.
bool Numeric(std::string_view s, size_t* k, int base, size_t max, unsigned long cap, std::string* out) {
  unsigned long v = 0;
  size_t n = ReadDigits(s, *k, base, max, cap, &v);
  if (n == 0) return false;
  *k += n - 1;
  return AppendUtf8(v, out);
}

// The one-letter escapes most languages share with C.
bool CControl(char e, std::string* out) {
  const char* from = "abfnrtv";
  const char* to = "\a\b\f\n\r\t\v";
  const char* at = std::strchr(from, e);
  if (e == '\0' || !at) return false;
  *out += to[at - from];
  return true;
}

bool Python(std::string_view s, size_t* k, std::string* out) {
  char e = s[*k];
  if (e == '\n') return true;
  if (e == '\\' || e == '\'' || e == '"') return (*out += e, true);
  if (CControl(e, out)) return true;
  if (e >= '0' && e <= '7') return Numeric(s, k, 8, 3, 0777, out);
  if (e == 'x') return FixedHex(s, k, 2, out);
  if (e == 'u') return FixedHex(s, k, 4, out);
  if (e == 'U') return FixedHex(s, k, 8, out);
  if (e == 'N') return false;  // \N{LATIN SMALL LETTER S}: a name table we do not carry
  *out += '\\';
  *out += e;
  return true;
}

bool Node(std::string_view s, size_t* k, std::string* out) {
  char e = s[*k];
  if (e == '\n' || e == '\r') {
    if (e == '\r' && *k + 1 < s.size() && s[*k + 1] == '\n') ++*k;
    return true;
  }
  if (e != 'a' && CControl(e, out)) return true;
  if (e >= '0' && e <= '7') return Numeric(s, k, 8, 3, 0377, out);  // legacy octal (sloppy mode)
  if (e == 'x') return FixedHex(s, k, 2, out);
  if (e == 'u') return *k + 1 < s.size() && s[*k + 1] == '{' ? BracedHex(s, k, out) : FixedHex(s, k, 4, out);
  *out += e;
  return true;
}

bool Perl(std::string_view s, size_t* k, std::string* out) {
  char e = s[*k];
  if (e == 'e') return (*out += '\x1b', true);
  if (e != 'v' && CControl(e, out)) return true;
  if (e >= '0' && e <= '7') return Numeric(s, k, 8, 3, 0777, out);
  if (e == 'x') {
    if (*k + 1 < s.size() && s[*k + 1] == '{') return BracedHex(s, k, out);
    unsigned long v = 0;
    *k += ReadDigits(s, *k + 1, 16, 2, 0xff, &v);
    return AppendUtf8(v, out);
  }
  if (e == 'c' && *k + 1 < s.size() && std::isprint(static_cast<unsigned char>(s[*k + 1]))) {
    *out += static_cast<char>(std::toupper(static_cast<unsigned char>(s[++*k])) ^ 64);
    return true;
  }
  if (e != '\0' && std::strchr("NluLUQEFco", e)) return false;  // names, case changes, \o{…}
  *out += e;
  return true;
}

bool Ruby(std::string_view s, size_t* k, std::string* out) {
  char e = s[*k];
  if (e == '\n') return true;
  if (e == 'e') return (*out += '\x1b', true);
  if (e == 's') return (*out += ' ', true);
  if (CControl(e, out)) return true;
  if (e >= '0' && e <= '7') return Numeric(s, k, 8, 3, 0377, out);
  if (e == 'x') return ShortHex(s, k, out);
  if (e == 'u') return *k + 1 < s.size() && s[*k + 1] == '{' ? BracedHex(s, k, out) : FixedHex(s, k, 4, out);
  if (e == 'c' || e == 'C' || e == 'M') return false;  // control and meta characters
  *out += e;
  return true;
}

bool Php(std::string_view s, size_t* k, std::string* out) {
  char e = s[*k];
  if (e == 'e') return (*out += '\x1b', true);
  if (e == '\\' || e == '$' || e == '"') return (*out += e, true);
  if (e != 'a' && e != 'b' && CControl(e, out)) return true;
  if (e >= '0' && e <= '7') {
    unsigned long v = 0;
    size_t n = ReadDigits(s, *k, 8, 3, 0777, &v);
    *k += n - 1;
    *out += static_cast<char>(v & 0xff);  // PHP strings are bytes
    return true;
  }
  if (e == 'x' && *k + 1 < s.size() && DigitValue(s[*k + 1], 16) >= 0) {
    unsigned long v = 0;
    *k += ReadDigits(s, *k + 1, 16, 2, 0xff, &v);
    *out += static_cast<char>(v);
    return true;
  }
  if (e == 'u' && *k + 1 < s.size() && s[*k + 1] == '{') return BracedHex(s, k, out);
  *out += '\\';
  *out += e;
  return true;
}

bool Lua(std::string_view s, size_t* k, std::string* out) {
  char e = s[*k];
  if (e == '\n' || e == '\\' || e == '\'' || e == '"') return (*out += e, true);
  if (CControl(e, out)) return true;
  if (e >= '0' && e <= '9') {
    unsigned long v = 0;
    size_t n = ReadDigits(s, *k, 10, 3, 255, &v);
    *k += n - 1;
    *out += static_cast<char>(v);
    return true;
  }
  if (e == 'x') return FixedHex(s, k, 2, out);
  if (e == 'u') return BracedHex(s, k, out);
  if (e == 'z') {
    while (*k + 1 < s.size() && std::isspace(static_cast<unsigned char>(s[*k + 1]))) ++*k;
    return true;
  }
  return false;  // Lua refuses any other escape
}

bool C(std::string_view s, size_t* k, std::string* out) {
  char e = s[*k];
  if (CControl(e, out)) return true;
  if (e >= '0' && e <= '7') return Numeric(s, k, 8, 3, 0377, out);
  if (e == 'x') return ShortHex(s, k, out);
  if (e == 'u' || e == 'U') return false;  // R's \u{…}: rare in a command string
  *out += e;
  return true;
}

}  // namespace

bool AppendUtf8(unsigned long cp, std::string* out) {
  if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
  if (cp < 0x80) {
    *out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out += static_cast<char>(0xc0 | (cp >> 6));
    *out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    *out += static_cast<char>(0xe0 | (cp >> 12));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    *out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    *out += static_cast<char>(0xf0 | (cp >> 18));
    *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    *out += static_cast<char>(0x80 | (cp & 0x3f));
  }
  return true;
}

bool AppendEscape(std::string_view s, size_t* k, EscapeStyle style, char quote, std::string* out) {
  if (*k + 1 >= s.size()) return false;
  ++*k;
  char e = s[*k];
  switch (style) {
    case EscapeStyle::kPython: return Python(s, k, out);
    case EscapeStyle::kNode: return Node(s, k, out);
    case EscapeStyle::kPerlDouble: return Perl(s, k, out);
    case EscapeStyle::kRubyDouble: return Ruby(s, k, out);
    case EscapeStyle::kPhpDouble: return Php(s, k, out);
    case EscapeStyle::kLua: return Lua(s, k, out);
    case EscapeStyle::kC: return C(s, k, out);
    case EscapeStyle::kRaw: break;
    case EscapeStyle::kSingleQuoted:
      if (e == '\\' || e == quote) return (*out += e, true);
      break;
  }
  *out += '\\';
  *out += e;
  return true;
}

}  // namespace paddock::rules
