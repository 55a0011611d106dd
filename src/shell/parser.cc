// Grammar: lists, pipelines, compound commands, functions, redirections and
// heredocs. Reserved words are recognised only in command position.
#include <cctype>
#include <cstring>

#include "shell/parser_state.h"

namespace paddock::shell {
namespace internal {
namespace {

bool IsMetaOrBlank(char c) { return c != '\0' && std::strchr(" \t\n;&|<>()", c) != nullptr; }
bool IsName(std::string_view s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  return true;
}
bool IsReserved(std::string_view w) {
  static const char* kWords[] = {"then", "elif", "else", "fi", "do", "done", "esac", "}", "in"};
  for (const char* k : kWords)
    if (w == k) return true;
  return false;
}

// Text of a word made only of literals (used for delimiters, names).
std::string LiteralText(const Word& w, bool* quoted) {
  std::string out;
  for (const auto& p : w.parts) {
    if (p.kind == PartKind::kLiteral) {
      out += p.text;
      if (p.quoted) *quoted = true;
    } else {
      out += "$" + p.text;
    }
  }
  return out;
}

// Builtins whose NAME=(...) arguments bash parses as compound assignments.
bool IsDeclarationBuiltin(const Word& w) {
  if (w.parts.size() != 1 || w.parts[0].kind != PartKind::kLiteral || w.parts[0].quoted) return false;
  const std::string& t = w.parts[0].text;
  return t == "declare" || t == "typeset" || t == "local" || t == "export" || t == "readonly";
}

}  // namespace

// NAME[subscript]+=value at pos_, or NAME=(elements). Leaves pos_ unchanged
// and returns false when the text there is not an assignment.
bool Parser::TryAssignment(Assignment& out) {
  size_t i = pos_;
  while (i < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i])) || s_[i] == '_')) ++i;
  std::string_view name = s_.substr(pos_, i - pos_);
  if (!IsName(name) || i >= s_.size() || (s_[i] != '[' && s_[i] != '=' && s_[i] != '+')) return false;
  size_t save = pos_;
  auto pending = pending_;
  auto fail = [&] {
    pos_ = save;
    RestorePending(pending);
    return false;
  };
  Assignment a;
  a.name = std::string(name);
  pos_ = i;
  if (Peek() == '[') {
    if (!ReadSubscript(a.subscript)) return fail();
    a.has_subscript = true;
  }
  if (Peek() == '+' && Peek(1) == '=') {
    a.append = true;
    ++pos_;
  }
  if (Peek() != '=') return fail();
  ++pos_;
  if (Peek() == '(') {
    ++pos_;
    a.is_array = true;
    while (true) {
      SkipSeparators();
      if (Peek() == ')') {
        ++pos_;
        break;
      }
      if (AtEnd()) Fail("unterminated array assignment");
      Word subscript;
      bool has_subscript = false;
      if (Peek() == '[') {  // [key]=value, else a word that starts with a glob bracket
        size_t element = pos_;
        if (ReadSubscript(subscript) && Peek() == '=') {
          ++pos_;
          has_subscript = true;
        } else if (Peek() == '+' && Peek(1) == '=') {
          pos_ += 2;
          has_subscript = true;
        } else {
          pos_ = element;
          subscript = Word{};
        }
      }
      Word value;
      if (!ReadWord(value) && !has_subscript) Fail("unexpected character in array");
      a.elements.push_back(std::move(value));
      a.element_has_subscript.push_back(has_subscript);
      a.element_subscripts.push_back(std::move(subscript));
    }
  } else {
    ReadWord(a.value);
  }
  out = std::move(a);
  return true;
}

// [subscript] at pos_ (on the '['): its text as one arithmetic part. False,
// with pos_ unspecified, when there is no closing bracket on this line.
bool Parser::ReadSubscript(Word& out) {
  size_t open = pos_;
  // A scan from earlier on this line found no bracket: this one would not either.
  if (open >= no_subscript_.first && open < no_subscript_.second) return false;
  auto pending = pending_;
  ++pos_;
  try {
    ReadArith(out, false, "]");
  } catch (const ParseError&) {
    no_subscript_ = {open, std::max(pos_, open + 1)};
    pos_ = open;
    RestorePending(std::move(pending));
    out = Word{};
    return false;
  }
  return true;
}

void Parser::SkipBlanks() {
  while (!AtEnd()) {
    if (Peek() == ' ' || Peek() == '\t') ++pos_;
    else if (Peek() == '\\' && Peek(1) == '\n') pos_ += 2;
    else break;
  }
}

void Parser::SkipBlanksAndComments() {
  SkipBlanks();
  if (Peek() == '#') {
    size_t nl = s_.find('\n', pos_);
    pos_ = nl == std::string_view::npos ? s_.size() : nl;
  }
}

bool Parser::SkipSeparators() {
  bool newline = false;
  while (true) {
    SkipBlanksAndComments();
    if (Peek() != '\n') break;
    ++pos_;
    newline = true;
    ReadPendingHeredocs();
  }
  return newline;
}

// A failed attempt is parsed again from its start: heredocs it registered
// point into commands that are gone, and those it read (registered before it)
// must be read again. Both hold when the list is put back as it was.
void Parser::RestorePending(std::vector<PendingHeredoc> before) { pending_ = std::move(before); }

void Parser::ReadPendingHeredocs() {
  auto pending = std::move(pending_);
  pending_.clear();
  for (auto& h : pending) {
    std::string body;
    while (!AtEnd()) {
      size_t nl = s_.find('\n', pos_);
      size_t end = nl == std::string_view::npos ? s_.size() : nl;
      std::string_view line = s_.substr(pos_, end - pos_);
      pos_ = nl == std::string_view::npos ? s_.size() : nl + 1;
      if (h.strip_tabs)
        while (!line.empty() && line[0] == '\t') line.remove_prefix(1);
      if (line == h.delimiter) break;
      body.append(line);
      body += '\n';
    }
    h.redirect->heredoc_body = body;
    if (!h.redirect->heredoc_quoted) {
      Parser sub(h.redirect->heredoc_body, limits_, depth_ + 1);
      try {
        sub.ReadDoubleQuoted(h.redirect->heredoc_word, '\0');
      } catch (const ParseError& e) {
        Fail(std::string("in heredoc: ") + e.what());
      }
    }
  }
}

std::string Parser::PeekBareWord() const {
  size_t i = pos_;
  while (i < s_.size() && !IsMetaOrBlank(s_[i]) && !std::strchr("'\"\\$`", s_[i])) ++i;
  if (i < s_.size() && std::strchr("'\"\\$`", s_[i])) return "";
  return std::string(s_.substr(pos_, i - pos_));
}

bool Parser::AtWord(std::string_view w) const { return PeekBareWord() == w; }

void Parser::ExpectWord(std::string_view w) {
  SkipSeparators();
  if (!AtWord(w)) Fail("expected '" + std::string(w) + "'");
  pos_ += w.size();
}

bool Parser::AtListEnd(std::initializer_list<std::string_view> end_words, char end_char) const {
  if (end_char != '\0' && Peek() == end_char) return true;
  if (StartsAt(";;") || StartsAt(";&")) return true;
  std::string w = PeekBareWord();
  for (auto e : end_words)
    if (w == e) return true;
  return false;
}

void Parser::ParseScript(Script& out) {
  ParseList(out, {}, '\0');
  SkipSeparators();
  if (!AtEnd()) Fail(std::string("unexpected '") + Peek() + "'");
}

void Parser::ParseList(Script& out, std::initializer_list<std::string_view> end_words, char end_char) {
  DepthGuard guard(*this);
  while (true) {
    SkipSeparators();
    if (AtEnd() || AtListEnd(end_words, end_char)) return;
    size_t and_or_start = out.pipelines.size();
    ParsePipeline(out);
    while (true) {  // && and || chains
      SkipBlanksAndComments();
      if (StartsAt("&&") || StartsAt("||")) {
        Connector connector = Peek() == '&' ? Connector::kAnd : Connector::kOr;
        pos_ += 2;
        SkipSeparators();
        ParsePipeline(out);
        out.pipelines.back().connector = connector;
        continue;
      }
      break;
    }
    SkipBlanksAndComments();
    if (AtEnd() || Peek() == '\n') continue;
    if (StartsAt(";;") || StartsAt(";&")) return;
    if (Peek() == '&') {  // the whole and-or list runs in the background
      for (size_t i = and_or_start; i < out.pipelines.size(); ++i) out.pipelines[i].background = true;
      ++pos_;
      continue;
    }
    if (Peek() == ';') {
      ++pos_;
      continue;
    }
    if (AtListEnd(end_words, end_char)) return;
    Fail(std::string("unexpected '") + Peek() + "'");
  }
}

void Parser::ParsePipeline(Script& out) {
  Pipeline& p = out.pipelines.emplace_back();
  while (true) {
    SkipBlanks();
    std::string w = PeekBareWord();
    if (w == "!") {
      p.negated = true;
      ++pos_;
      continue;
    }
    if (w == "time") {
      p.timed = true;
      pos_ += 4;
      SkipBlanks();
      if (AtWord("-p")) pos_ += 2;
      SkipBlanks();
      if (AtWord("--")) pos_ += 2;  // bash: `time [-p] -- cmd` runs cmd
      continue;
    }
    break;
  }
  while (true) {
    Command& cmd = p.commands.emplace_back();
    bool unused = false;
    ParseCommand(cmd, unused);
    SkipBlanks();
    if (StartsAt("|&")) pos_ += 2;
    else if (Peek() == '|' && Peek(1) != '|') ++pos_;
    else break;
    SkipSeparators();
  }
}

void Parser::ParseCommand(Command& cmd, bool&) {
  SkipBlanks();
  if (ParseCompound(cmd)) {
    while (true) {
      SkipBlanks();
      if (!TryRedirect(cmd.redirects)) break;
    }
    return;
  }
  std::string w = PeekBareWord();
  if (IsReserved(w) && w != "in") Fail("unexpected '" + w + "'");
  ParseSimple(cmd);
}

bool Parser::ParseCompound(Command& cmd) {
  if (StartsAt("((") && !not_arith_.count(pos_)) {
    size_t save = pos_;
    auto pending = pending_;
    try {
      ParseArithCommand(cmd);
      return true;
    } catch (const ParseError&) {
      pos_ = save;  // "( (a) )": nested subshells
      not_arith_.insert(save);
      RestorePending(std::move(pending));
      cmd = Command{};
    }
  }
  if (Peek() == '(') {
    ++pos_;
    cmd.kind = CommandKind::kSubshell;
    auto& body = *cmd.bodies.emplace_back(std::make_unique<Script>());
    ParseList(body, {}, ')');
    if (Peek() != ')') Fail("expected ')'");
    ++pos_;
    return true;
  }
  std::string w = PeekBareWord();
  if (w == "{") {
    ++pos_;
    cmd.kind = CommandKind::kGroup;
    auto& body = *cmd.bodies.emplace_back(std::make_unique<Script>());
    ParseList(body, {"}"}, '\0');
    ExpectWord("}");
    return true;
  }
  if (w == "if") {
    ParseIf(cmd);
    return true;
  }
  if (w == "while") {
    ParseLoop(cmd, CommandKind::kWhile);
    return true;
  }
  if (w == "until") {
    ParseLoop(cmd, CommandKind::kUntil);
    return true;
  }
  if (w == "for") {
    ParseFor(cmd, CommandKind::kFor);
    return true;
  }
  if (w == "select") {
    ParseFor(cmd, CommandKind::kSelect);
    return true;
  }
  if (w == "case") {
    ParseCase(cmd);
    return true;
  }
  if (w == "[[") {
    ParseCond(cmd);
    return true;
  }
  if (w == "function") {
    ParseFunctionKeyword(cmd);
    return true;
  }
  if (w == "coproc") {
    ParseCoproc(cmd);
    return true;
  }
  return false;
}

// function NAME [()] BODY
void Parser::ParseFunctionKeyword(Command& cmd) {
  pos_ += 8;
  SkipBlanks();
  Word name;
  if (!ReadWord(name)) Fail("function without a name");
  bool q = false;
  cmd.kind = CommandKind::kFunction;
  cmd.name = LiteralText(name, &q);
  SkipBlanks();
  if (Peek() == '(') {
    ++pos_;
    SkipBlanks();
    if (Peek() != ')') Fail("expected ')'");
    ++pos_;
  }
  ParseFunctionBody(cmd);
}

// coproc [NAME] COMMAND: a NAME only before a compound command.
void Parser::ParseCoproc(Command& cmd) {
  pos_ += 6;
  SkipBlanks();
  cmd.kind = CommandKind::kCoproc;
  std::string name = PeekBareWord();
  if (IsName(name) && !IsReserved(name)) {
    size_t save = pos_;
    pos_ += name.size();
    SkipBlanks();
    if (Peek() == '{' || Peek() == '(') cmd.name = name;
    else pos_ = save;
  }
  auto& body = *cmd.bodies.emplace_back(std::make_unique<Script>());
  ParsePipeline(body);
}

void Parser::ParseFunctionBody(Command& cmd) {
  SkipSeparators();
  auto& body = *cmd.bodies.emplace_back(std::make_unique<Script>());
  Command& inner = body.pipelines.emplace_back().commands.emplace_back();
  if (!ParseCompound(inner)) Fail("function body is not a compound command");
  while (true) {
    SkipBlanks();
    if (!TryRedirect(inner.redirects)) break;
  }
}

void Parser::ParseIf(Command& cmd) {
  cmd.kind = CommandKind::kIf;
  pos_ += 2;
  ParseList(*cmd.bodies.emplace_back(std::make_unique<Script>()), {"then"}, '\0');
  ExpectWord("then");
  ParseList(*cmd.bodies.emplace_back(std::make_unique<Script>()), {"elif", "else", "fi"}, '\0');
  while (true) {
    SkipSeparators();
    if (AtWord("elif")) {
      pos_ += 4;
      ParseList(*cmd.bodies.emplace_back(std::make_unique<Script>()), {"then"}, '\0');
      ExpectWord("then");
      ParseList(*cmd.bodies.emplace_back(std::make_unique<Script>()), {"elif", "else", "fi"}, '\0');
      continue;
    }
    if (AtWord("else")) {
      pos_ += 4;
      ParseList(*cmd.bodies.emplace_back(std::make_unique<Script>()), {"fi"}, '\0');
    }
    break;
  }
  ExpectWord("fi");
}

void Parser::ParseLoop(Command& cmd, CommandKind kind) {
  cmd.kind = kind;
  pos_ += kind == CommandKind::kWhile ? 5 : 5;  // "while" / "until"
  ParseList(*cmd.bodies.emplace_back(std::make_unique<Script>()), {"do"}, '\0');
  ExpectWord("do");
  ParseList(*cmd.bodies.emplace_back(std::make_unique<Script>()), {"done"}, '\0');
  ExpectWord("done");
}

void Parser::ParseFor(Command& cmd, CommandKind kind) {
  cmd.kind = kind;
  pos_ += kind == CommandKind::kFor ? 3 : 6;
  SkipBlanks();
  if (kind == CommandKind::kFor && StartsAt("((")) {
    pos_ += 2;
    ReadArith(cmd.words.emplace_back(), false, "))");
  } else {
    Word name;
    if (!ReadWord(name)) Fail("expected a loop variable");
    bool q = false;
    cmd.name = LiteralText(name, &q);
    SkipSeparators();
    if (AtWord("in")) {
      pos_ += 2;
      while (true) {
        SkipBlanks();
        if (AtEnd() || Peek() == ';' || Peek() == '\n') break;
        Word w;
        if (!ReadWord(w)) Fail("unexpected character in loop list");
        cmd.words.push_back(std::move(w));
      }
    }
  }
  SkipBlanks();
  if (Peek() == ';') ++pos_;
  SkipSeparators();
  if (AtWord("{")) {
    Command& group =
        cmd.bodies.emplace_back(std::make_unique<Script>())->pipelines.emplace_back().commands.emplace_back();
    ParseCompound(group);
    return;
  }
  ExpectWord("do");
  ParseList(*cmd.bodies.emplace_back(std::make_unique<Script>()), {"done"}, '\0');
  ExpectWord("done");
}

void Parser::ParseCase(Command& cmd) {
  cmd.kind = CommandKind::kCase;
  pos_ += 4;
  SkipBlanks();
  if (!ReadWord(cmd.words.emplace_back())) Fail("case without a word");
  ExpectWord("in");
  while (true) {
    SkipSeparators();
    if (AtWord("esac")) break;
    if (AtEnd()) Fail("unterminated case");
    if (Peek() == '(') ++pos_;
    while (true) {  // patterns: p1 | p2 )
      SkipBlanks();
      Word pattern;
      if (!ReadWord(pattern)) Fail("expected a case pattern");
      cmd.words.push_back(std::move(pattern));
      SkipBlanks();
      if (Peek() == '|') {
        ++pos_;
        continue;
      }
      if (Peek() == ')') {
        ++pos_;
        break;
      }
      Fail("expected ')' after case pattern");
    }
    ParseList(*cmd.bodies.emplace_back(std::make_unique<Script>()), {"esac"}, '\0');
    SkipBlanks();
    if (StartsAt(";;&")) pos_ += 3;
    else if (StartsAt(";;") || StartsAt(";&")) pos_ += 2;
  }
  pos_ += 4;
}

void Parser::ParseCond(Command& cmd) {
  cmd.kind = CommandKind::kCond;
  pos_ += 2;
  bool after_regex_op = false;
  while (true) {
    SkipBlanks();
    while (Peek() == '\n') {
      ++pos_;
      SkipBlanks();
    }
    if (AtEnd()) Fail("unterminated [[");
    if (AtWord("]]")) {
      pos_ += 2;
      return;
    }
    if (StartsAt("&&") || StartsAt("||")) {
      pos_ += 2;
      continue;
    }
    if (!after_regex_op && Peek() != '\0' && std::strchr("()!<>", Peek())) {
      ++pos_;
      continue;
    }
    Word& w = cmd.words.emplace_back();
    if (after_regex_op) {
      // The regex operand may contain ( ) | unquoted; it ends at a blank.
      int depth = 0;
      while (!AtEnd() && Peek() != ' ' && Peek() != '\t' && Peek() != '\n') {
        char c = Peek();
        if (c == '(' || c == ')' || c == '|' || c == '<' || c == '>' || c == '&' || c == ';') {
          depth += c == '(' ? 1 : c == ')' ? -1 : 0;
          AppendLiteral(w, std::string(1, c), false);
          ++pos_;
          continue;
        }
        if (!ReadWord(w)) break;
      }
      after_regex_op = false;
      continue;
    }
    if (!ReadWord(w)) Fail("unexpected character in [[ ]]");
    bool q = false;
    after_regex_op = w.parts.size() == 1 && LiteralText(w, &q) == "=~" && !q;
  }
}

void Parser::ParseArithCommand(Command& cmd) {
  cmd.kind = CommandKind::kArith;
  pos_ += 2;
  ReadArith(cmd.words.emplace_back(), false, "))");
}

bool Parser::TryRedirect(std::deque<Redirect>& out) {
  size_t save = pos_;
  int fd = -1;
  if (std::isdigit(static_cast<unsigned char>(Peek()))) {
    size_t i = pos_;
    while (i < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i]))) ++i;
    if (i < s_.size() && (s_[i] == '<' || s_[i] == '>') && i - pos_ < 9) {
      fd = std::stoi(std::string(s_.substr(pos_, i - pos_)));
      pos_ = i;
    }
  } else if (Peek() == '{') {  // {varname}>file
    size_t close = s_.find('}', pos_);
    if (close != std::string_view::npos && close + 1 < s_.size() && (s_[close + 1] == '<' || s_[close + 1] == '>') &&
        IsName(s_.substr(pos_ + 1, close - pos_ - 1)))
      pos_ = close + 1;
  }
  static const char* kOps[] = {"<<<", "<<-", "<<", "<>", "<&", "<", "&>>", "&>", ">>", ">|", ">&", ">"};
  std::string op;
  for (const char* k : kOps) {
    if (StartsAt(k)) {
      op = k;
      break;
    }
  }
  if (op.empty() || ((op == "<" || op == ">") && Peek(1) == '(')) {
    pos_ = save;
    return false;
  }
  pos_ += op.size();
  Redirect& r = out.emplace_back();
  r.fd = fd;
  r.op = op;
  SkipBlanks();
  if (!ReadWord(r.target)) Fail("redirection without a target");
  if (op == "<<" || op == "<<-") {
    bool quoted = false;
    std::string delim = LiteralText(r.target, &quoted);
    r.heredoc_quoted = quoted;
    pending_.push_back({&r, delim, op == "<<-"});
  }
  return true;
}

void Parser::ParseSimple(Command& cmd) {
  cmd.kind = CommandKind::kSimple;
  while (true) {
    SkipBlanksAndComments();
    if (AtEnd()) break;
    if (TryRedirect(cmd.redirects)) continue;
    char c = Peek();
    if (c == '\n' || c == ';' || c == '&' || c == '|' || c == ')') break;
    if (c == '(') {
      // name () compound  -> function definition
      if (cmd.words.size() == 1 && cmd.assignments.empty()) {
        ++pos_;
        SkipBlanks();
        if (Peek() != ')') Fail("expected ')' in function definition");
        ++pos_;
        bool q = false;
        cmd.kind = CommandKind::kFunction;
        cmd.name = LiteralText(cmd.words[0], &q);
        cmd.words.clear();
        ParseFunctionBody(cmd);
        return;
      }
      Fail("unexpected '('");
    }
    if (cmd.words.empty()) {  // NAME=value / NAME+=value / NAME[i]=value prefixes
      Assignment a;
      if (TryAssignment(a)) {
        cmd.assignments.push_back(std::move(a));
        continue;
      }
    } else if (IsDeclarationBuiltin(cmd.words[0])) {
      // declare a=(x y): a compound assignment as an argument. It stays the
      // literal source text; the policy re-parses it as an assignment.
      size_t start = pos_;
      Assignment a;
      if (TryAssignment(a)) {
        if (a.is_array) {
          AppendLiteral(cmd.words.emplace_back(), s_.substr(start, pos_ - start), true);
          continue;
        }
        pos_ = start;  // a plain NAME=value argument: an ordinary word
      }
    }
    Word& w = cmd.words.emplace_back();
    if (!ReadWord(w)) Fail(std::string("unexpected '") + c + "'");
  }
  if (cmd.words.empty() && cmd.assignments.empty() && cmd.redirects.empty()) Fail("expected a command");
}

}  // namespace internal

ParseResult Parse(std::string_view source, const ParseLimits& limits) {
  ParseResult result;
  result.script = std::make_shared<Script>();
  if (source.size() > limits.max_bytes) {
    result.ok = false;
    result.error = "command too large";
    return result;
  }
  internal::Parser parser(source, limits, 0);
  try {
    parser.ParseScript(*result.script);
  } catch (const internal::ParseError& e) {
    result.ok = false;
    result.error = e.what();
  }
  return result;
}

Word ParseDoubleQuotedText(std::string_view text, int depth, const ParseLimits& limits, bool* ok) {
  Word w;
  internal::Parser parser(text, limits, depth);
  try {
    parser.ReadDoubleQuoted(w, '\0');
    *ok = true;
  } catch (const internal::ParseError&) {
    *ok = false;
  }
  return w;
}

}  // namespace paddock::shell
