// Word lexer: quoting, escapes, and every kind of expansion inside a word.
// Substitution bodies are parsed right here, so a word carries the scripts it
// can run.
#include <cstdint>
#include <cstring>

#include "shell/parser_state.h"

namespace paddock::shell::internal {
namespace {

bool IsMeta(char c) { return std::strchr(" \t\n;&|<>()", c) != nullptr && c != '\0'; }
bool IsNameStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsNameChar(char c) { return IsNameStart(c) || (c >= '0' && c <= '9'); }
int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | ((cp >> 18) & 0x07));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Moves the substitution bodies found in `from` into `to` (for ${...} operands
// and arithmetic, whose value we never know but whose code still runs).
void CollectScripts(const Word& from, WordPart& to) {
  for (const auto& part : from.parts)
    for (const auto& s : part.scripts) to.scripts.push_back(s);
}

}  // namespace

void Parser::Fail(const std::string& why) { throw ParseError(why + " at offset " + std::to_string(pos_)); }

void Parser::ReadSingleQuoted(std::string& out) {
  ++pos_;  // opening quote
  size_t end = s_.find('\'', pos_);
  if (end == std::string_view::npos) Fail("unterminated single quote");
  out.append(s_.substr(pos_, end - pos_));
  pos_ = end + 1;
}

// bash decodes $'...' into a C string: a NUL (\0, \x00, \c@) ends the
// text, and the rest up to the closing quote is dropped (`su$'\0x'do` is sudo).
void Parser::ReadAnsiC(std::string& result) {
  std::string out;
  DecodeAnsiC(out);
  result.append(out, 0, out.find('\0'));
}

void Parser::DecodeAnsiC(std::string& out) {
  pos_ += 2;  // $'
  while (true) {
    if (AtEnd()) Fail("unterminated $'...'");
    char c = s_[pos_++];
    if (c == '\'') return;
    if (c != '\\') {
      out += c;
      continue;
    }
    if (AtEnd()) Fail("unterminated $'...'");
    char e = s_[pos_++];
    switch (e) {
      case 'a': out += '\a'; break;
      case 'b': out += '\b'; break;
      case 'e':
      case 'E': out += '\x1b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'v': out += '\v'; break;
      case 'c':
        if (!AtEnd()) out += static_cast<char>(s_[pos_++] & 0x1f);
        break;
      case 'x':
      case 'u':
      case 'U': {
        int max = e == 'x' ? 2 : e == 'u' ? 4 : 8;
        uint32_t v = 0;
        int n = 0;
        while (n < max && HexValue(Peek()) >= 0) {
          v = v * 16 + HexValue(Peek());
          ++pos_;
          ++n;
        }
        if (n == 0) {
          out += '\\';
          out += e;
          break;
        }
        if (e == 'x') out += static_cast<char>(v);
        else AppendUtf8(out, v);
        break;
      }
      default:
        if (e >= '0' && e <= '7') {
          uint32_t v = e - '0';
          for (int n = 1; n < 3 && Peek() >= '0' && Peek() <= '7'; ++n) v = v * 8 + (s_[pos_++] - '0');
          out += static_cast<char>(v & 0xff);
        } else if (e == '\\' || e == '\'' || e == '"' || e == '?') {
          out += e;
        } else {
          out += '\\';
          out += e;
        }
    }
  }
}

std::shared_ptr<Script> Parser::ParseNested(std::string_view text) {
  Parser sub(text, limits_, depth_ + 1);
  if (sub.depth_ > limits_.max_depth) Fail("nesting too deep");
  auto script = std::make_shared<Script>();
  try {
    sub.ParseScript(*script);
  } catch (const ParseError& e) {
    Fail(std::string("in nested code: ") + e.what());
  }
  return script;
}

void Parser::ReadSubstBody(std::shared_ptr<Script>& script) {
  DepthGuard guard(*this);
  script = std::make_shared<Script>();
  ParseList(*script, {}, ')');
  if (Peek() != ')') Fail("unterminated substitution");
  ++pos_;
}

void Parser::ReadBacktick(Word& out, bool in_dquotes) {
  ++pos_;
  std::string body;
  while (true) {
    if (AtEnd()) Fail("unterminated backquote");
    char c = s_[pos_++];
    if (c == '`') break;
    if (c == '\\' && !AtEnd()) {
      char n = s_[pos_];
      if (n == '$' || n == '`' || n == '\\' || (in_dquotes && n == '"')) {
        body += n;
        ++pos_;
        continue;
      }
    }
    body += c;
  }
  WordPart part;
  part.kind = PartKind::kCommandSubst;
  part.quoted = in_dquotes;
  part.scripts.push_back(ParseNested(body));
  out.parts.push_back(std::move(part));
}

void Parser::ReadArith(Word& out, bool in_dquotes, const char* closer) {
  DepthGuard guard(*this);
  WordPart part;
  part.kind = PartKind::kArith;
  part.quoted = in_dquotes;
  int depth = 0;
  int brackets = 0;  // subscripts inside a subscript or $[ ]: a[b[1]]
  bool subscript = closer[0] == ']';
  size_t start = pos_;
  while (true) {
    if (AtEnd()) Fail("unterminated arithmetic");
    char c = Peek();
    if (subscript && c == '\n' && depth == 0) Fail("newline in subscript");
    if (subscript && c == '[') {
      ++brackets;
      ++pos_;
      continue;
    }
    if (subscript && c == ']' && brackets > 0) {
      --brackets;
      ++pos_;
      continue;
    }
    if (depth == 0 && StartsAt(closer)) {
      part.text = std::string(s_.substr(start, pos_ - start));
      pos_ += std::strlen(closer);
      break;
    }
    if (c == '(') {
      ++depth;
      ++pos_;
      continue;
    }
    if (c == ')') {
      if (depth == 0) Fail("unbalanced ) in arithmetic");
      --depth;
      ++pos_;
      continue;
    }
    if (c == '$' || c == '`' || c == '"') {
      Word tmp;
      if (c == '$') ReadDollar(tmp, true);
      else if (c == '`') ReadBacktick(tmp, true);
      else {
        ++pos_;
        ReadDoubleQuoted(tmp, '"');
      }
      CollectScripts(tmp, part);
      continue;
    }
    if (c == '\'') {
      std::string ignored;
      ReadSingleQuoted(ignored);
      continue;
    }
    if (c == '\\') {
      pos_ += 2;
      continue;
    }
    ++pos_;
  }
  out.parts.push_back(std::move(part));
}

void Parser::ReadBraceParam(Word& out, bool in_dquotes) {
  DepthGuard guard(*this);
  pos_ += 2;  // ${
  size_t raw_start = pos_;
  WordPart part;
  part.kind = PartKind::kParam;
  part.quoted = in_dquotes;
  // Prefix operators (${!x}, ${#x}) and zsh flags ${(f)x} make the value unknowable.
  if (Peek() == '!' || Peek() == '(' || (Peek() == '#' && Peek(1) != '}')) part.complex = true;
  if (Peek() == '(') {
    size_t close = s_.find(')', pos_);
    if (close == std::string_view::npos) Fail("unterminated ${(flags)");
    pos_ = close + 1;
  } else if (part.complex) {
    ++pos_;
  }
  size_t name_start = pos_;
  if (IsNameStart(Peek())) {
    while (IsNameChar(Peek())) ++pos_;
  } else if (Peek() >= '0' && Peek() <= '9') {
    while (Peek() >= '0' && Peek() <= '9') ++pos_;
  } else if (std::strchr("@*#?$!-", Peek()) && Peek() != '\0') {
    ++pos_;
  }
  part.text = std::string(s_.substr(name_start, pos_ - name_start));
  if (Peek() != '}') part.complex = true;
  // Operand: may hold quotes and further substitutions, balanced on braces.
  int depth = 0;
  Word operand;
  while (true) {
    if (AtEnd()) Fail("unterminated ${");
    char c = Peek();
    if (c == '}' && depth == 0) {
      part.raw = std::string(s_.substr(raw_start, pos_ - raw_start));
      ++pos_;
      break;
    }
    if (c == '{') {
      ++depth;
      ++pos_;
      continue;
    }
    if (c == '}') {
      --depth;
      ++pos_;
      continue;
    }
    if (c == '\\') {
      pos_ += 2;
      continue;
    }
    if (c == '\'' && !in_dquotes) {
      std::string ignored;
      ReadSingleQuoted(ignored);
      continue;
    }
    if (c == '"') {
      ++pos_;
      ReadDoubleQuoted(operand, '"');
      continue;
    }
    if (c == '$') {
      ReadDollar(operand, true);
      continue;
    }
    if (c == '`') {
      ReadBacktick(operand, true);
      continue;
    }
    ++pos_;
  }
  CollectScripts(operand, part);
  out.parts.push_back(std::move(part));
}

void Parser::ReadDollar(Word& out, bool in_dquotes) {
  char n = Peek(1);
  if (n == '\'' && !in_dquotes) {
    std::string text;
    ReadAnsiC(text);
    AppendLiteral(out, text, true);
    return;
  }
  if (n == '"' && !in_dquotes) {  // $"..." is "..." (locale translation aside)
    pos_ += 2;
    ReadDoubleQuoted(out, '"');
    AppendLiteral(out, "", true);
    return;
  }
  if (n == '(' && Peek(2) == '(' && !not_arith_.count(pos_)) {
    size_t save = pos_, parts = out.parts.size();
    auto pending = pending_;
    try {
      pos_ += 3;
      ReadArith(out, in_dquotes, "))");
      return;
    } catch (const ParseError&) {
      pos_ = save;  // not arithmetic: $( (subshell) )
      not_arith_.insert(save);
      RestorePending(std::move(pending));
      out.parts.resize(parts);
    }
  }
  if (n == '(') {
    pos_ += 2;
    WordPart part;
    part.kind = PartKind::kCommandSubst;
    part.quoted = in_dquotes;
    part.scripts.emplace_back();
    ReadSubstBody(part.scripts.back());
    out.parts.push_back(std::move(part));
    return;
  }
  if (n == '[') {  // obsolete $[ arithmetic ]
    pos_ += 2;
    ReadArith(out, in_dquotes, "]");
    return;
  }
  if (n == '{') {
    ReadBraceParam(out, in_dquotes);
    return;
  }
  WordPart part;
  part.kind = PartKind::kParam;
  part.quoted = in_dquotes;
  if (IsNameStart(n)) {
    size_t start = ++pos_;
    while (IsNameChar(Peek())) ++pos_;
    part.text = std::string(s_.substr(start, pos_ - start));
  } else if ((n >= '0' && n <= '9') || (n != '\0' && std::strchr("@*#?$!-", n))) {
    part.text = std::string(1, n);
    pos_ += 2;
  } else {
    AppendLiteral(out, "$", in_dquotes);
    ++pos_;
    return;
  }
  out.parts.push_back(std::move(part));
}

void Parser::ReadDoubleQuoted(Word& out, char end) {
  DepthGuard guard(*this);
  std::string lit;
  auto flush = [&] {
    if (!lit.empty()) AppendLiteral(out, lit, true);
    lit.clear();
  };
  while (true) {
    if (AtEnd()) {
      if (end != '\0') Fail("unterminated double quote");
      break;
    }
    char c = Peek();
    if (c == end) {
      ++pos_;
      break;
    }
    if (c == '\\') {
      char n = Peek(1);
      if (n == '\n') {
        pos_ += 2;
        continue;
      }
      if (n == '$' || n == '`' || n == '\\' || (end == '"' && n == '"')) {
        lit += n;
        pos_ += 2;
        continue;
      }
      lit += c;
      ++pos_;
      continue;
    }
    if (c == '$' || c == '`') {
      flush();
      if (c == '$') ReadDollar(out, true);
      else ReadBacktick(out, true);
      continue;
    }
    lit += c;
    ++pos_;
  }
  flush();
}

bool Parser::ReadWord(Word& out, std::string_view stop) {
  size_t start = pos_;
  // Process substitution at the start of a word: <( ), >( ), zsh =( ).
  if ((Peek() == '<' || Peek() == '>' || Peek() == '=') && Peek(1) == '(') {
    WordPart part;
    part.kind = PartKind::kProcessSubst;
    part.direction = Peek();
    pos_ += 2;
    part.scripts.emplace_back();
    ReadSubstBody(part.scripts.back());
    out.parts.push_back(std::move(part));
  }
  std::string lit;
  auto flush = [&] {
    if (!lit.empty()) AppendLiteral(out, lit, false);
    lit.clear();
  };
  while (!AtEnd()) {
    char c = Peek();
    if (IsMeta(c) || (!stop.empty() && stop.find(c) != std::string_view::npos)) break;
    if (c == '\\') {
      if (Peek(1) == '\n') {
        pos_ += 2;
        continue;
      }
      flush();
      if (pos_ + 1 >= s_.size()) {
        AppendLiteral(out, "\\", true);
        ++pos_;
        continue;
      }
      AppendLiteral(out, s_.substr(pos_ + 1, 1), true);
      pos_ += 2;
      continue;
    }
    if (c == '\'') {
      flush();
      std::string text;
      ReadSingleQuoted(text);
      AppendLiteral(out, text, true);  // '' still makes a (empty) word
      continue;
    }
    if (c == '"') {
      flush();
      ++pos_;
      size_t before = out.parts.size();
      ReadDoubleQuoted(out, '"');
      if (out.parts.size() == before) {
        WordPart empty;
        empty.quoted = true;
        out.parts.push_back(std::move(empty));
      }
      continue;
    }
    if (c == '$' || c == '`') {
      flush();
      if (c == '$') ReadDollar(out, false);
      else ReadBacktick(out, false);
      continue;
    }
    // extglob / zsh glob qualifiers: @(..) !(..) +(..) *(..) ?(..) are one glob.
    if (c != '\0' && std::strchr("@!+*?", c) && Peek(1) == '(') {
      int depth = 0;
      do {
        char d = Peek();
        if (d == '(') ++depth;
        if (d == ')') --depth;
        lit += d;
        ++pos_;
      } while (!AtEnd() && depth > 0);
      if (depth > 0) Fail("unterminated extended glob");
      continue;
    }
    lit += c;
    ++pos_;
  }
  flush();
  return pos_ != start;
}

}  // namespace paddock::shell::internal
