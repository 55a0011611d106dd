// Internal: the recursive-descent parser shared by the grammar (parser.cc) and
// the word lexer (word_lexer.cc). Errors unwind with ParseError; nodes are
// placed into the tree before their children are parsed, so whatever was
// recognised before an error stays visible to the policy.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "shell/ast.h"

namespace paddock::shell::internal {

struct ParseError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Parser {
 public:
  Parser(std::string_view src, const ParseLimits& limits, int depth) : s_(src), limits_(limits), depth_(depth) {}

  // Grammar (parser.cc).
  void ParseScript(Script& out);

  // Words (word_lexer.cc).
  // Reads one shell word at pos_; `stop` lists extra terminator characters.
  bool ReadWord(Word& out, std::string_view stop = "");
  // Reads "..." style text (no word splitting) until `end` char or EOF.
  void ReadDoubleQuoted(Word& out, char end);

  size_t pos() const { return pos_; }

 private:
  friend struct DepthGuard;
  // --- grammar helpers
  void ParseList(Script& out, std::initializer_list<std::string_view> end_words, char end_char);
  void ParsePipeline(Script& out);
  void ParseCommand(Command& cmd, bool& is_function_name);
  bool ParseCompound(Command& cmd);
  void ParseFunctionKeyword(Command& cmd);
  void ParseCoproc(Command& cmd);
  void ParseSimple(Command& cmd);
  void ParseIf(Command& cmd);
  void ParseLoop(Command& cmd, CommandKind kind);
  void ParseFor(Command& cmd, CommandKind kind);
  void ParseCase(Command& cmd);
  void ParseCond(Command& cmd);
  void ParseArithCommand(Command& cmd);
  void ParseFunctionBody(Command& cmd);
  bool TryRedirect(std::deque<Redirect>& out);
  bool TryAssignment(Assignment& out);
  bool ReadSubscript(Word& out);
  void ReadPendingHeredocs();
  void SkipBlanks();
  void SkipBlanksAndComments();
  bool SkipSeparators();             // newlines, comments; returns true if any newline
  std::string PeekBareWord() const;  // unquoted literal word at pos_, or ""
  bool AtWord(std::string_view w) const;
  void ExpectWord(std::string_view w);
  bool AtListEnd(std::initializer_list<std::string_view> end_words, char end_char) const;

  // --- word helpers
  void ReadDollar(Word& out, bool in_dquotes);
  void ReadBacktick(Word& out, bool in_dquotes);
  void ReadSubstBody(std::shared_ptr<Script>& script);  // after "$(" or "<(" up to ")"
  void ReadBraceParam(Word& out, bool in_dquotes);
  void ReadArith(Word& out, bool in_dquotes, const char* closer);
  void ReadAnsiC(std::string& out);
  void DecodeAnsiC(std::string& out);  // ReadAnsiC without the cut at a NUL
  void ReadSingleQuoted(std::string& out);
  std::shared_ptr<Script> ParseNested(std::string_view text);

  [[noreturn]] void Fail(const std::string& why);
  char Peek(size_t off = 0) const { return pos_ + off < s_.size() ? s_[pos_ + off] : '\0'; }
  bool AtEnd() const { return pos_ >= s_.size(); }
  bool StartsAt(std::string_view t) const { return s_.substr(pos_, t.size()) == t; }

  struct PendingHeredoc {
    Redirect* redirect;  // stable: redirects live in a deque
    std::string delimiter;
    bool strip_tabs;
  };

  std::string_view s_;
  const ParseLimits& limits_;
  int depth_;
  size_t pos_ = 0;
  std::vector<PendingHeredoc> pending_;
  void RestorePending(std::vector<PendingHeredoc> before);
  // Offsets where "((" / "$((" turned out not to be arithmetic: retrying them
  // after backtracking would be exponential in the nesting.
  std::unordered_set<size_t> not_arith_;
  // [from, to): a subscript scan from `from` failed at `to` (end of line or
  // input); scans starting inside the range are not retried (no quadratic cost).
  std::pair<size_t, size_t> no_subscript_{0, 0};
};

// Bounds recursion: every nested construct enters one.
struct DepthGuard {
  explicit DepthGuard(Parser& p) : p_(p) {
    if (++p_.depth_ > p_.limits_.max_depth) p_.Fail("nesting too deep");
  }
  ~DepthGuard() { --p_.depth_; }
  Parser& p_;
};

inline void AppendLiteral(Word& w, std::string_view text, bool quoted) {
  if (text.empty() && !quoted) return;
  if (!w.parts.empty() && w.parts.back().kind == PartKind::kLiteral && w.parts.back().quoted == quoted) {
    w.parts.back().text.append(text);
    return;
  }
  WordPart p;
  p.kind = PartKind::kLiteral;
  p.text = std::string(text);
  p.quoted = quoted;
  w.parts.push_back(std::move(p));
}

}  // namespace paddock::shell::internal
