#include "policy/units.h"

#include <cctype>
#include <limits>
#include <string>

namespace paddock::policy {
namespace {

constexpr uint64_t kU64Max = std::numeric_limits<uint64_t>::max();

std::string Quote(std::string_view s) { return "\"" + std::string(s) + "\""; }

char Lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A decimal number "123" or "123.456" at the front of `s`, split into its
// integer part and its fraction (as digits, at most 18 of them kept: the
// rest cannot change a result rounded down to whole bytes or milliseconds
// for any realistic multiplier).
struct Decimal {
  uint64_t whole = 0;
  uint64_t frac = 0;        // fraction digits as an integer
  uint64_t frac_scale = 1;  // 10^(number of kept fraction digits)
  bool overflow = false;
};

// Consumes a decimal from `s`; false when `s` does not start with one.
bool ConsumeDecimal(std::string_view& s, Decimal& d) {
  size_t i = 0;
  size_t int_digits = 0;
  while (i < s.size() && IsDigit(s[i])) {
    uint64_t digit = static_cast<uint64_t>(s[i] - '0');
    if (d.whole > (kU64Max - digit) / 10) d.overflow = true;
    else d.whole = d.whole * 10 + digit;
    ++i;
    ++int_digits;
  }
  size_t frac_digits = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && IsDigit(s[i])) {
      if (d.frac_scale < 1000000000000000000ull) {
        d.frac = d.frac * 10 + static_cast<uint64_t>(s[i] - '0');
        d.frac_scale *= 10;
      }
      ++i;
      ++frac_digits;
    }
    if (frac_digits == 0) return false;  // "1." is a typo, not a number
  }
  if (int_digits == 0 && frac_digits == 0) return false;
  if (int_digits == 0) return false;  // ".5": ask for "0.5", it is clearer
  s.remove_prefix(i);
  return true;
}

// d * mult, rounded down; nullopt-like false on overflow.
bool Scale(const Decimal& d, uint64_t mult, uint64_t& out) {
  if (d.overflow) return false;
  if (d.whole != 0 && mult > kU64Max / d.whole) return false;
  uint64_t whole = d.whole * mult;
  // frac/frac_scale * mult without overflow: frac < frac_scale <= 10^18,
  // so split mult into quotient and remainder of frac_scale.
  uint64_t q = mult / d.frac_scale, r = mult % d.frac_scale;
  unsigned __int128 part =
      static_cast<unsigned __int128>(d.frac) * q + static_cast<unsigned __int128>(d.frac) * r / d.frac_scale;
  if (part > kU64Max - whole) return false;
  out = whole + static_cast<uint64_t>(part);
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

Result<uint64_t> ParseSize(std::string_view text) {
  const auto fail = [&](std::string_view why) { return OpError("parse size", Quote(text), why); };
  std::string_view s = Trim(text);
  if (s.empty()) return fail("empty; expected e.g. 512m, 2g or 1048576");
  Decimal d;
  if (!ConsumeDecimal(s, d)) return fail("expected a number with an optional unit (k, m, g, t), e.g. 512m");
  std::string unit;
  for (char c : s) unit += Lower(c);
  uint64_t mult = 0;
  if (unit.empty() || unit == "b") {
    mult = 1;
  } else {
    static constexpr std::string_view kUnits = "kmgtp";
    size_t pos = kUnits.find(unit[0]);
    std::string_view rest = std::string_view(unit).substr(1);
    if (pos == std::string_view::npos || !(rest.empty() || rest == "b" || rest == "ib"))
      return fail("unknown unit \"" + std::string(s) + "\"; use b, k, m, g, t or p (binary: k = 1024)");
    mult = 1ull << (10 * (pos + 1));
  }
  if (mult == 1 && d.frac != 0) return fail("a number of bytes cannot have a fraction");
  uint64_t bytes = 0;
  if (!Scale(d, mult, bytes)) return fail("too large");
  if (bytes == 0) return fail("must be greater than zero");
  return bytes;
}

Result<uint64_t> ParseDurationMs(std::string_view text) {
  const auto fail = [&](std::string_view why) { return OpError("parse duration", Quote(text), why); };
  std::string_view s = Trim(text);
  if (s.empty()) return fail("empty; expected e.g. 30s, 5m or 1h30m");
  uint64_t total = 0;
  bool first = true;
  while (!s.empty()) {
    Decimal d;
    if (!ConsumeDecimal(s, d)) return fail("expected a number followed by a unit (ms, s, m, h, d), e.g. 1h30m");
    size_t n = 0;
    while (n < s.size() && std::isalpha(static_cast<unsigned char>(s[n]))) ++n;
    std::string unit;
    for (char c : s.substr(0, n)) unit += Lower(c);
    s.remove_prefix(n);
    uint64_t mult = 0;
    if (unit.empty()) {
      // A bare number means seconds, but only as the whole value: "1h30"
      // is more likely a typo for "1h30m" than 1 h 30 s.
      if (!first || !s.empty()) return fail("a number without a unit must be the whole value (seconds)");
      mult = 1000;
    } else if (unit == "ms") {
      mult = 1;
    } else if (unit == "s" || unit == "sec") {
      mult = 1000;
    } else if (unit == "m" || unit == "min") {
      mult = 60ull * 1000;
    } else if (unit == "h") {
      mult = 3600ull * 1000;
    } else if (unit == "d") {
      mult = 86400ull * 1000;
    } else {
      return fail("unknown unit \"" + unit + "\"; use ms, s, m, h or d");
    }
    uint64_t part = 0;
    if (!Scale(d, mult, part) || part > kU64Max - total) return fail("too large");
    total += part;
    first = false;
  }
  if (total == 0) return fail("must be at least 1ms");
  return total;
}

Result<double> ParseCpus(std::string_view text) {
  const auto fail = [&](std::string_view why) { return OpError("parse cpus", Quote(text), why); };
  std::string_view s = Trim(text);
  Decimal d;
  std::string_view rest = s;
  if (s.empty() || !ConsumeDecimal(rest, d) || !rest.empty())
    return fail("expected a decimal number of CPUs, e.g. 1.5");
  if (d.overflow) return fail("too large");
  double v = static_cast<double>(d.whole) + static_cast<double>(d.frac) / static_cast<double>(d.frac_scale);
  if (v < kMinCpus) return fail("must be at least 0.01");
  if (v > kMaxCpus) return fail("must be at most 4096");
  return v;
}

}  // namespace paddock::policy
