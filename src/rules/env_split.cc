#include "rules/env_split.h"

#include <cstring>

#include "base/strings.h"
#include "rules/normalize.h"

namespace paddock::rules {

std::optional<Words> EnvSplitString(const std::string& s) {
  Words out;
  std::string cur;
  bool have = false;
  char quote = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quote == '\'') {
      if (c == '\'') {
        quote = 0;
        continue;
      }
      if (c == '\\' && i + 1 < s.size() && (s[i + 1] == '\\' || s[i + 1] == '\'')) c = s[++i];
      cur += c;
      continue;
    }
    if (!quote && OneOf(" \t\n\v\f\r", c)) {
      if (have) out.push_back(cur);
      cur.clear();
      have = false;
      continue;
    }
    if (!quote && c == '#' && !have) break;  // a comment
    if (c == '\'' && !quote) {
      quote = '\'';
      have = true;
      continue;
    }
    if (c == '"') {
      quote = quote ? 0 : '"';
      have = true;
      continue;
    }
    if (c == '\\') {
      if (i + 1 >= s.size()) return std::nullopt;
      char e = s[++i];
      switch (e) {
        case 'c':
          if (quote) return std::nullopt;
          i = s.size();
          continue;
        case '_':
          if (quote) {
            cur += ' ';
            have = true;
            continue;
          }
          if (have) out.push_back(cur);
          cur.clear();
          have = false;
          continue;
        case 't': cur += '\t'; break;
        case 'n': cur += '\n'; break;
        case 'r': cur += '\r'; break;
        case 'f': cur += '\f'; break;
        case 'v': cur += '\v'; break;
        case '"':
        case '\'':
        case '\\':
        case '#':
        case '$': cur += e; break;
        default: return std::nullopt;
      }
      have = true;
      continue;
    }
    if (c == '$') {
      size_t close = s.find('}', i);
      if (i + 1 >= s.size() || s[i + 1] != '{' || close == std::string::npos) return std::nullopt;
      cur += kHole;  // the variable's value, one piece of this word
      have = true;
      i = close;
      continue;
    }
    cur += c;
    have = true;
  }
  if (quote) return std::nullopt;
  if (have) out.push_back(cur);
  return out;
}

}  // namespace paddock::rules
