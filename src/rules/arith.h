// Strings bash evaluates as code although they look like data.
//
// Arithmetic: bash evaluates a variable's value as an expression when it is
// referenced, and expands array subscripts inside it with every word
// expansion, command substitution included, so `x='a[$(sudo id)]'; (( x ))`
// runs sudo. The same holds in $(( )), $[ ], let, [[ -eq ]], declare -i,
// ${a[i]}, ${s:off:len}, ${!x} and name operands such as read 'a[...]'.
// A value known literally is checked (and code hidden in its subscripts
// extracted); a value not known is an opaque point.
//
// Prompt strings (PS0-PS4, ${x@P}) are expanded like "..." text after their
// backslash escapes are decoded, so their command substitutions run.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rules/normalize.h"
#include "shell/ast.h"

namespace paddock::rules {

struct ArithFindings {
  // Substitutions that the command text does not show (they come from a
  // variable's value or a quoted operand) and that run: walk them as code.
  std::vector<std::shared_ptr<shell::Script>> scripts;
  std::vector<std::string> opaque;      // why a value that is evaluated cannot be known (the first few)
  std::vector<std::string> int_writes;  // names assigned an integer (i=0, i++, let i+=1)
  std::vector<std::string> writes;      // names assigned something else (${x:=v}, a[i]=1)
  int budget = 20000;                   // evaluations left (values can nest exponentially)
  int depth = 0;                        // current nesting (internal)
};

// Source text of $(( )), (( )), $[ ] or a subscript: expanded like "..."
// text, then evaluated. `new_code`: the text is data to the command line
// (from a value, a quoted operand), so its substitutions were not walked yet.
void CheckArithSource(std::string_view source, const VarEnv& env, bool new_code, ArithFindings& out);
// A parsed word whose expansion is evaluated ([[ $x -eq 1 ]] operands).
void CheckArithWord(const shell::Word& word, const VarEnv& env, ArithFindings& out);
// The final text bash's evaluator reads (let arguments, a value assigned to
// an integer variable).
void CheckArithText(std::string_view text, const VarEnv& env, ArithFindings& out);
// ${...} by its source text: subscripts, substring offsets, indirection,
// ${x@P} and the operands that contain further expansions.
void CheckBraceParam(std::string_view raw, const VarEnv& env, bool new_code, ArithFindings& out);
// A variable name operand that may carry a subscript: read 'a[...]',
// printf -v, unset, test -v, declare, wait -p, a nameref target.
void CheckNameOperand(const std::string& operand, const VarEnv& env, ArithFindings& out);
// Every arithmetic context and ${...} operator inside a parsed word.
void CheckWordExpansions(const shell::Word& word, const VarEnv& env, bool new_code, ArithFindings& out);
// A prompt string: its code (command substitutions, nested expansions).
void CheckPromptString(const std::string& value, const VarEnv& env, ArithFindings& out);
// Text expanded like "..." at run time (compgen -W): its code.
void CheckExpandedText(const std::string& value, const VarEnv& env, ArithFindings& out);

}  // namespace paddock::rules
