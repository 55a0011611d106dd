// bash 5.2's printf (builtins/printf.def) and echo (builtins/echo.def,
// ansicstr() for -e), step by step: the same escapes, the same argument
// parsing (strtoimax), the format reused until the arguments are used up.
#include "rules/printf_format.h"

#include <algorithm>
#include <cinttypes>
#include <cstring>
#include <string_view>

#include "base/strings.h"

namespace paddock::rules {
namespace {

// Past these, the output is not worth computing (and bash's own int
// arithmetic on widths overflows): the source is unknown.
constexpr size_t kMaxOutput = size_t{1} << 20;
constexpr intmax_t kMaxWidth = 1 << 16;

bool IsOctal(char c) { return c >= '0' && c <= '7'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
int HexValue(char c) { return IsDigit(c) ? c - '0' : (c | 0x20) - 'a' + 10; }

// Arguments reach a builtin as C strings: a NUL ends them.
std::string CString(const std::string& s) { return s.substr(0, s.find('\0')); }

struct Decoded {
  std::string text;
  bool stop = false;  // \c: nothing more is written
  bool known = true;  // false: \u above 0x7f, whose bytes depend on the locale
};

// The escape of a printf format (percent_b false) or of a %b argument after
// the backslash at s[i - 1], as tescape() decodes it. Returns the characters
// it used; 0 when the backslash stands for itself.
size_t PrintfEscape(std::string_view s, size_t i, bool percent_b, Decoded& d) {
  if (i >= s.size()) {
    d.text += '\\';
    return 0;
  }
  char c = s[i];
  size_t p = i + 1;
  static const std::string_view kSimple = "abeEfnrtv", kValue = "\a\b\x1b\x1b\f\n\r\t\v";
  if (size_t k = kSimple.find(c); k != std::string_view::npos) {
    d.text += kValue[k];
  } else if (IsOctal(c)) {  // \NNN, and in %b \0NNN: up to three digits after the 0
    int v = c - '0';
    for (int more = 2 + (v == 0 && percent_b); more > 0 && p < s.size() && IsOctal(s[p]); --more)
      v = v * 8 + (s[p++] - '0');
    d.text += static_cast<char>(v & 0xff);
  } else if (c == 'x' || c == 'u' || c == 'U') {
    int max = c == 'x' ? 2 : c == 'u' ? 4 : 8;
    unsigned long v = 0;
    for (; p - i - 1 < static_cast<size_t>(max) && p < s.size() && IsHex(s[p]); ++p) v = v * 16 + HexValue(s[p]);
    if (p == i + 1) {  // no digit: the backslash is printed
      d.text += '\\';
      return 0;
    }
    if (c != 'x' && v > 0x7f) d.known = false;
    d.text += static_cast<char>(v & 0xff);
  } else if (c == '\\' || (!percent_b && (c == '\'' || c == '"' || c == '?'))) {
    d.text += c;
  } else if (c == 'c' && percent_b) {
    d.stop = true;
  } else {  // other escapes, and \' \" \? in %b: kept as written
    d.text += '\\';
    return 0;
  }
  return p - i;
}

// A %b argument with its escapes expanded (bexpand()).
Decoded ExpandPercentB(std::string_view s) {
  Decoded d;
  for (size_t i = 0; i < s.size() && !d.stop;) {
    char c = s[i++];
    if (c != '\\' || i >= s.size()) {
      d.text += c;
      continue;
    }
    i += PrintfEscape(s, i, true, d);
  }
  return d;
}

// echo -e's escapes (ansicstr() for echo): \0NNN is octal, \NNN is not.
Decoded EchoEscapes(std::string_view s) {
  Decoded d;
  for (size_t i = 0; i < s.size();) {
    char c = s[i++];
    if (c != '\\' || i >= s.size()) {
      d.text += c;
      continue;
    }
    c = s[i];
    if (c == 'c') {
      d.stop = true;
      return d;
    }
    if (c >= '1' && c <= '7') {  // not an escape for echo
      d.text += '\\';
      continue;
    }
    // The rest decode as in a printf format, except that \' \" \? keep their backslash.
    if (c == '\'' || c == '"' || c == '?') {
      d.text += '\\';
      continue;
    }
    size_t used = PrintfEscape(s, i, c == '0', d);
    i += used;
    if (used == 0) {  // the backslash was printed; ansicstr prints the character after it too
      d.text += s[i++];
    }
  }
  return d;
}

bool QuotedByBackslash(char c) { return OneOf(" \t\n!\"$&'()*,;<>?[\\]^`{|}", c); }

// %q (sh_backslash_quote(), or ansic_quote() for text with control
// characters); nullopt for non-ASCII bytes, which bash quotes by the locale.
std::optional<std::string> ShellQuote(std::string_view s) {
  if (s.empty()) return "''";
  bool control = false;
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return std::nullopt;
    if (c < 0x20 || c == 0x7f) control = true;
  }
  std::string out;
  if (control) {
    static const std::string_view kChars = "\x1b\a\v\b\f\n\r\t", kNames = "Eavbfnrt";
    out = "$'";
    for (char c : s) {
      if (size_t k = kChars.find(c); k != std::string_view::npos) {
        out += '\\';
        out += kNames[k];
      } else if (c < 0x20 || c == 0x7f) {
        out += '\\';
        for (int shift : {6, 3, 0}) out += static_cast<char>('0' + ((c >> shift) & 7));
      } else {
        if (c == '\\' || c == '\'') out += '\\';
        out += c;
      }
    }
    return out + "'";
  }
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool tilde = c == '~' && (i == 0 || s[i - 1] == ':' || s[i - 1] == '=');
    if (QuotedByBackslash(c) || (c == '#' && i == 0) || tilde) out += '\\';
    out += c;
  }
  return out;
}

// One conversion specification: %[flags][width][.precision][length]conv.
struct Spec {
  std::string flags;
  intmax_t width = 0;  // negative: left-justified (a negative `*` value)
  std::optional<intmax_t> precision;
  bool star_precision = false;
  bool digit_precision = false;  // precision written as digits (%Q uses only those)
  char conv = 0;
  bool Has(char f) const { return flags.find(f) != std::string::npos; }
};

// Text padded to the field width (bash's printstr(), and C's %s and %c).
std::string Pad(const Spec& s, std::string text) {
  size_t width = static_cast<size_t>(s.width < 0 ? -s.width : s.width);
  if (text.size() >= width) return text;
  std::string pad(width - text.size(), ' ');
  return s.width < 0 || s.Has('-') ? text + pad : pad + text;
}

// C's %d %i %o %u %x %X with flags, width and precision.
std::string FormatInteger(const Spec& s, bool negative, uintmax_t magnitude) {
  unsigned base = s.conv == 'o' ? 8 : (s.conv == 'x' || s.conv == 'X') ? 16 : 10;
  const char* digit_chars = s.conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string digits;
  for (uintmax_t v = magnitude; v > 0; v /= base) digits.insert(digits.begin(), digit_chars[v % base]);
  size_t min_digits = s.precision && *s.precision >= 0 ? static_cast<size_t>(*s.precision) : 1;
  if (digits.size() < min_digits) digits.insert(0, min_digits - digits.size(), '0');
  if (s.conv == 'o' && s.Has('#') && (digits.empty() || digits[0] != '0')) digits.insert(digits.begin(), '0');
  std::string prefix;
  if (s.conv == 'd' || s.conv == 'i') prefix = negative ? "-" : s.Has('+') ? "+" : s.Has(' ') ? " " : "";
  if (base == 16 && s.Has('#') && magnitude != 0) prefix = s.conv == 'X' ? "0X" : "0x";
  size_t width = static_cast<size_t>(s.width < 0 ? -s.width : s.width);
  bool left = s.width < 0 || s.Has('-');
  size_t length = prefix.size() + digits.size();
  if (!left && s.Has('0') && !(s.precision && *s.precision >= 0) && length < width)
    digits.insert(0, width - length, '0');
  return Pad(s, prefix + digits);
}

bool IsIdentifier(const std::string& s) {
  if (s.empty() || IsDigit(s[0])) return false;
  for (char c : s)
    if (!(c == '_' || IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
  return true;
}

class Formatter {
 public:
  Formatter(const Words& args, size_t first) : args_(args), first_(first), next_(first) {}
  PrintfRun Run(const std::string& format);

 private:
  enum class Step { kGo, kStop, kUnknown };
  Step Pass(const std::string& f);
  Step Convert(const std::string& f, size_t& i);
  Step Parse(const std::string& f, size_t& i, Spec& s);
  Step Emit(const Spec& s);
  Step EmitString(const Spec& s);
  std::string Str() { return next_ < args_.size() ? CString(args_[next_++]) : ""; }
  std::optional<intmax_t> Number(bool is_signed);
  void Put(const std::string& text) {
    out_ += text;
    pass_bytes_ += text.size();
  }

  const Words& args_;
  size_t first_, next_;
  std::string out_;
  size_t pass_bytes_ = 0;  // %n: what this pass of the format wrote so far
  std::vector<std::pair<std::string, size_t>> counts_;
};

PrintfRun Formatter::Run(const std::string& format) {
  PrintfRun r;
  do {  // the format again while it uses arguments and some are left
    pass_bytes_ = 0;
    Step step = Pass(format);
    if (step == Step::kUnknown || out_.size() > kMaxOutput) r.known = false;
    if (step != Step::kGo || !r.known) break;
  } while (next_ < args_.size() && next_ != first_);
  r.out = std::move(out_);
  r.counts = std::move(counts_);
  return r;
}

Formatter::Step Formatter::Pass(const std::string& f) {
  for (size_t i = 0; i < f.size(); ++i) {
    if (f[i] == '\\') {
      Decoded d;
      i += PrintfEscape(f, i + 1, false, d);
      if (!d.known) return Step::kUnknown;
      Put(d.text);
    } else if (f[i] != '%') {
      Put(std::string(1, f[i]));
    } else if (Step s = Convert(f, i); s != Step::kGo) {
      return s;
    }
  }
  return Step::kGo;
}

// Value of a numeric argument (getintmax/getuintmax): 'c is the code of c,
// otherwise strtoimax's value, also when text follows it.
std::optional<intmax_t> Formatter::Number(bool is_signed) {
  if (next_ >= args_.size()) return 0;
  std::string a = CString(args_[next_++]);
  if (!a.empty() && (a[0] == '\'' || a[0] == '"')) {
    if (a.size() > 1 && static_cast<unsigned char>(a[1]) >= 0x80) return std::nullopt;  // mbtowc: the locale's
    return a.size() > 1 ? static_cast<unsigned char>(a[1]) : 0;
  }
  char* end = nullptr;  // out of range: clamped, as bash takes it
  if (is_signed) return std::strtoimax(a.c_str(), &end, 0);
  return static_cast<intmax_t>(std::strtoumax(a.c_str(), &end, 0));
}

// Flags, width and precision; `*` takes them from the arguments (getint()).
Formatter::Step Formatter::Parse(const std::string& f, size_t& i, Spec& s) {
  auto digits = [&](intmax_t& v) {
    for (v = 0; i < f.size() && IsDigit(f[i]); ++i) v = std::min<intmax_t>(v * 10 + (f[i] - '0'), kMaxWidth + 1);
  };
  while (i < f.size() && f[i] && OneOf("#'-+ 0", f[i])) s.flags += f[i++];
  if (i < f.size() && f[i] == '*') {
    ++i;
    auto w = Number(true);
    if (!w) return Step::kUnknown;
    s.width = *w;
  } else {
    digits(s.width);
  }
  if (i < f.size() && f[i] == '.') {
    ++i;
    intmax_t p = 0;
    if (i < f.size() && f[i] == '*') {
      ++i;
      auto v = Number(true);
      if (!v) return Step::kUnknown;
      p = *v;
      s.star_precision = true;
    } else {
      if (i < f.size() && f[i] == '-') return Step::kUnknown;  // "%.-3s": C printf's guess
      s.digit_precision = i < f.size() && IsDigit(f[i]);
      digits(p);
    }
    s.precision = p;
  }
  intmax_t limit = std::max<intmax_t>(s.width < 0 ? -s.width : s.width, s.precision.value_or(0));
  if (limit > kMaxWidth || (s.precision && *s.precision < -kMaxWidth) || s.width < -kMaxWidth) return Step::kUnknown;
  while (i < f.size() && f[i] && OneOf("hjlLtz", f[i])) ++i;
  if (i >= f.size()) return Step::kStop;  // missing format character: bash stops here
  s.conv = f[i];
  return Step::kGo;
}

Formatter::Step Formatter::Convert(const std::string& f, size_t& i) {
  ++i;
  if (i < f.size() && f[i] == '%') {
    Put("%");
    return Step::kGo;
  }
  Spec s;
  if (Step step = Parse(f, i, s); step != Step::kGo) return step;
  return Emit(s);
}

Formatter::Step Formatter::EmitString(const Spec& s) {
  Spec whole = s;
  std::string text;
  if (s.conv == 'c') {  // the first byte, NUL for a missing or empty argument
    std::string a = Str();
    text = std::string(1, a.empty() ? '\0' : a[0]);
    whole.precision.reset();
  } else if (s.conv == 's') {
    text = Str();
  } else if (s.conv == 'b') {
    Decoded d = ExpandPercentB(Str());
    if (!d.known) return Step::kUnknown;
    text = d.text;
    if (d.stop) {
      Put(Pad(s, s.precision && *s.precision >= 0 ? text.substr(0, *s.precision) : text));
      return Step::kStop;
    }
  } else {  // q, Q: %Q applies a precision in digits to the unquoted text; a bare '.' still empties it
    std::string a = Str();
    if (s.conv == 'Q' && s.digit_precision) a = a.substr(0, static_cast<size_t>(*s.precision));
    auto quoted = ShellQuote(a);
    if (!quoted) return Step::kUnknown;
    text = *quoted;
    if (s.conv == 'Q' && (s.digit_precision || s.star_precision)) whole.precision.reset();
  }
  if (whole.precision && *whole.precision >= 0) text = text.substr(0, static_cast<size_t>(*whole.precision));
  Put(Pad(whole, text));
  return Step::kGo;
}

Formatter::Step Formatter::Emit(const Spec& s) {
  if (OneOf("csbqQ", s.conv)) return EmitString(s);
  if (OneOf("diouxX", s.conv)) {
    if (s.Has('\'')) return Step::kUnknown;  // digit grouping: the locale's
    bool is_signed = s.conv == 'd' || s.conv == 'i';
    auto v = Number(is_signed);
    if (!v) return Step::kUnknown;
    bool negative = is_signed && *v < 0;
    uintmax_t magnitude = negative ? uintmax_t{0} - static_cast<uintmax_t>(*v) : static_cast<uintmax_t>(*v);
    Put(FormatInteger(s, negative, magnitude));
    return Step::kGo;
  }
  if (s.conv == 'n') {  // assigns the count so far; an invalid name stops printf
    std::string name = Str();
    if (name.empty()) return Step::kGo;
    if (!IsIdentifier(name)) return Step::kStop;
    counts_.emplace_back(name, pass_bytes_);
    return Step::kGo;
  }
  if (OneOf("eEfFgGaA(", s.conv)) return Step::kUnknown;  // floating point, %(...)T time
  return Step::kStop;                                     // invalid format character: bash stops
}

}  // namespace

PrintfRun RunPrintf(const Words& args) {
  // Options as bash's internal getopt reads "v:": -v VAR (or -vVAR), `--`.
  size_t i = 0;
  bool assigns = false;
  for (; i < args.size() && args[i].size() > 1 && args[i][0] == '-'; ++i) {
    if (args[i] == "--") {
      ++i;
      break;
    }
    if (args[i] == "--help") return PrintfRun{false, "", {}};
    if (args[i][1] != 'v') return PrintfRun{};  // invalid option: usage on stderr only
    std::string name = args[i].substr(2);       // -vNAME, or -v NAME
    if (name.empty() && ++i >= args.size()) return PrintfRun{};
    if (name.empty()) name = args[i];
    if (!name.empty() && name.back() == ']') name = name.substr(0, name.find('['));  // NAME[subscript]
    if (!IsIdentifier(name)) return PrintfRun{};  // not a variable name: nothing happens
    assigns = true;
  }
  if (i >= args.size()) return PrintfRun{};
  std::string format = CString(args[i]);
  if (format.empty()) return PrintfRun{};
  PrintfRun r = Formatter(args, i + 1).Run(format);
  if (assigns) r.out.clear();  // -v VAR: the text goes to VAR
  return r;
}

namespace {

std::optional<std::string> Echo(const Words& args, bool escapes, bool parse_options) {
  size_t i = 0;
  bool newline = true;
  // A word of only n, e and E after '-' is options; anything else ends them.
  for (; parse_options && i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.size() < 2 || a[0] != '-' || a.find_first_not_of("neE", 1) != std::string::npos) break;
    for (char c : a.substr(1)) {
      if (c == 'n') newline = false;
      else escapes = c == 'e';
    }
  }
  std::string out;
  for (size_t k = i; k < args.size(); ++k) {
    std::string a = CString(args[k]);
    if (escapes) {
      Decoded d = EchoEscapes(a);
      if (!d.known) return std::nullopt;
      out += d.text;
      if (d.stop) return out;  // \c: no more arguments, no newline
    } else {
      out += a;
    }
    if (k + 1 < args.size()) out += ' ';
  }
  if (newline) out += '\n';
  return out;
}

bool HasOptionWord(const Words& args) {
  return !args.empty() && args[0].size() > 1 && args[0][0] == '-' &&
         args[0].find_first_not_of("neE", 1) == std::string::npos;
}

}  // namespace

std::optional<std::string> RunEcho(const Words& args, std::optional<bool> xpg_echo) {
  if (xpg_echo == false) return Echo(args, false, true);
  // xpg_echo on: escapes by default, and no options at all in posix mode,
  // which the engine does not follow.
  if (HasOptionWord(args)) return std::nullopt;
  auto on = Echo(args, true, false);
  if (xpg_echo == true) return on;
  auto off = Echo(args, false, true);
  if (on && off && *on == *off) return on;
  return std::nullopt;
}

}  // namespace paddock::rules
