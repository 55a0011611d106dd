// Interpreters that take a program inline, from stdin or from a named file
// (python -c, perl -e, node -e/-p, ruby -e, php -r, lua -e, Rscript -e, awk,
// tclsh/expect): which words are the program, read the way each interpreter
// parses its own options (docs/policy-semantics.md, "Interpreter inline code").
#pragma once

#include <string>

#include "rules/code_use.h"

namespace paddock::rules {

// "python", "perl", "ruby", "node", "php", "lua", "r", "awk", "tcl", or ""
// for a command name that is no interpreter the engine reads.
std::string InterpreterLanguage(const std::string& command_name);

// perl -M/-m/-d: and PERL5OPT: SPEC is a module name, optionally after '-'
// and before "=ARGS" (perl quotes ARGS as data). Anything else is code.
bool IsPerlModuleSpec(const std::string& spec);

// The program of `w` (an interpreter of `lang`): inline code, stdin, or the
// program file operand (kInterpreterFile, whose text the walker reads when it
// is a descriptor or a process substitution).
CodeUse InterpreterLayer(const Words& w, const std::string& lang, const std::string& name);

}  // namespace paddock::rules
