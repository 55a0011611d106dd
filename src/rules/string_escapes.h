// Backslash escapes in the string literals of inline interpreter code, as
// each language reads them: "\x73udo" is "sudo" to Python, Perl, Node, Ruby,
// PHP, Lua, R and awk, so a command hidden that way must be decoded before
// it is matched. An escape this module cannot decode (Python's \N{name},
// Perl's \u or \Q case changes, Ruby's \M-x) is reported, so the caller can
// treat the literal as not known.
#pragma once

#include <string>
#include <string_view>

namespace paddock::rules {

enum class EscapeStyle {
  kPython,        // '…' "…" """…""" without the r prefix
  kRaw,           // Python r'…': the backslash stays, also before a quote
  kNode,          // JavaScript '…' "…" `…` (sloppy mode: legacy octal too)
  kPerlDouble,    // Perl "…" qq{…}
  kRubyDouble,    // Ruby "…" %x{…}
  kPhpDouble,     // PHP "…"
  kLua,           // Lua '…' "…" (decimal \ddd)
  kC,             // awk and R "…": C's escapes, octal and \x
  kSingleQuoted,  // Perl, Ruby and PHP '…': only \\ and \<quote>
};

// Decodes the escape whose backslash is at s[*k] (followed by at least one
// character) and appends it to *out; *k is left on the last character the
// escape used. `quote` is the literal's closing quote. Returns false when
// the escape cannot be decoded here (the literal is then not known).
bool AppendEscape(std::string_view s, size_t* k, EscapeStyle style, char quote, std::string* out);

// Appends the UTF-8 encoding of a code point; false for surrogates and
// values past U+10FFFF.
bool AppendUtf8(unsigned long code_point, std::string* out);

}  // namespace paddock::rules
