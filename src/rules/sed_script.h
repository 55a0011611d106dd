// GNU sed as a code-carrying program (docs/policy-semantics.md §Pipeline,
// "Interpreter inline code"): the `e COMMAND` command runs COMMAND, a bare `e`
// and the `e` flag of `s///e` run the pattern space (text known only at run
// time), and `r`/`R` and `w`/`W` read and write files. Everything else in a
// sed script is inert, so ordinary sed stays non-opaque.
#pragma once

#include <string>
#include <vector>

#include "rules/words.h"

namespace paddock::rules {

// The words of one sed invocation.
struct SedInvocation {
  std::vector<std::string> scripts;  // -e/--expression texts, or the first operand
  bool script_from_file = false;     // -f FILE (not analysed: a file)
  bool script_from_stdin = false;    // -f - / -f /dev/stdin
  bool sandbox = false;              // --sandbox: e, r and w are rejected
  bool in_place = false;             // -i / --in-place
  std::vector<std::string> files;    // input file operands
};
SedInvocation ParseSedArgs(const Words& w);

struct SedScript {
  std::vector<std::string> commands;  // `e COMMAND` texts: shell command lines
  bool runs_pattern_space = false;    // bare `e`, or s///e whose result is not known
  std::string dynamic_what;           // which construct, for the opaque point
  std::vector<std::string> reads;     // r / R file names
  std::vector<std::string> writes;    // w / W file names, s///w
  bool parsed = true;                 // false: the script did not parse (sed would reject it)
};
SedScript ParseSedScript(const std::string& script);

}  // namespace paddock::rules
