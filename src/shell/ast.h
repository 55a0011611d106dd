// Bash AST: only what the policy engine needs to find every command that can
// run. Words keep their quoting structure so normalisation can tell literal
// text from expansions; substitutions keep their parsed bodies.
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace paddock::shell {

struct Script;

enum class PartKind {
  kLiteral,       // text after quote removal; `quoted` says whether it came from quotes/escapes
  kParam,         // $name / ${name} (simple) or ${...} with operators (complex)
  kCommandSubst,  // $( ) or backticks
  kProcessSubst,  // <( ) >( ) and zsh =( )
  kArith,         // $(( ))
};

struct WordPart {
  PartKind kind = PartKind::kLiteral;
  std::string text;      // literal text, or parameter name
  bool quoted = false;   // literal from quotes/escapes; expansion inside "..."
  bool complex = false;  // ${...} with operators, ${!x}, zsh flags: value unknowable
  char direction = 0;    // process substitution: '<', '>' or '='
  // ${...}: the source text between the braces (operators, subscripts,
  // offsets), for the contexts that evaluate parts of it as arithmetic.
  std::string raw;
  // Bodies of substitutions: the substitution itself (kCommandSubst/kProcessSubst)
  // or those nested in a ${...} operand or an arithmetic expression.
  std::vector<std::shared_ptr<Script>> scripts;
};

struct Word {
  std::vector<WordPart> parts;
};

struct Redirect {
  int fd = -1;     // explicit fd number, -1 when absent
  std::string op;  // <, >, >>, >|, <>, <&, >&, &>, &>>, <<, <<-, <<<
  Word target;     // file, fd, here-string word or heredoc delimiter
  bool heredoc_quoted = false;
  std::string heredoc_body;  // raw body (tabs stripped for <<-)
  Word heredoc_word;         // unquoted heredoc: body parsed like "..." text
};

struct Assignment {
  std::string name;
  bool append = false;         // name+=value
  bool has_subscript = false;  // name[subscript]=value
  Word subscript;              // one kArith part: its source text and substitutions
  Word value;
  bool is_array = false;
  std::vector<Word> elements;               // name=(a b c); for [k]=v the value part only
  std::vector<bool> element_has_subscript;  // parallel to elements
  std::vector<Word> element_subscripts;     // parallel to elements (empty word when none)
};

enum class CommandKind {
  kSimple,
  kSubshell,
  kGroup,
  kIf,
  kWhile,
  kUntil,
  kFor,
  kSelect,
  kCase,
  kFunction,
  kArith,
  kCond,
  kCoproc,
};

struct Command {
  CommandKind kind = CommandKind::kSimple;
  std::vector<Assignment> assignments;  // kSimple prefix assignments
  std::vector<Word> words;              // argv; loop lists; case subject+patterns; [[ ]] / (( )) operands
  std::deque<Redirect> redirects;       // deque: heredoc bodies are filled in later by reference
  // Bodies: if -> cond, then, [cond, then]..., [else]; while/until -> cond, body;
  // for/select/function/subshell/group/coproc -> body; case -> one per arm.
  std::vector<std::unique_ptr<Script>> bodies;
  std::string name;  // function name, loop variable
};

// How a pipeline joins the one before it: which of them run decides what a
// variable holds afterwards.
enum class Connector { kSequence, kAnd, kOr };

struct Pipeline {
  bool negated = false;
  bool timed = false;
  Connector connector = Connector::kSequence;  // `;`, newline or first: kSequence
  bool background = false;                     // its and-or list ends with `&`: runs in a subshell
  std::deque<Command> commands;
};

struct Script {
  std::deque<Pipeline> pipelines;  // list order
};

struct ParseResult {
  std::shared_ptr<Script> script;  // always set; partial when !ok
  bool ok = true;
  std::string error;  // why parsing stopped (unparsable, too deep, too large)
};

struct ParseLimits {
  int max_depth = 64;  // nesting of substitutions/compounds
  size_t max_bytes = 16 * 1024 * 1024;
};

// Parses bash (plus the zsh forms Claude Code accepts). Never throws; never
// recurses deeper than limits.max_depth. Anything not understood sets ok=false
// and keeps what was parsed before it.
ParseResult Parse(std::string_view source, const ParseLimits& limits = {});

// Parses the body of an unquoted heredoc (or other "..." like text) into a word.
Word ParseDoubleQuotedText(std::string_view text, int depth, const ParseLimits& limits, bool* ok);

}  // namespace paddock::shell
