// Execution-unit extraction (docs/policy-semantics.md §Pipeline): every simple
// command that can run, wherever it hides (lists, pipelines, compound
// commands, function bodies, substitutions, -c payloads, eval, trap, alias,
// wrappers, interpreter spawn calls, shells reading literal code), plus the
// opaque points where code that runs cannot be known statically.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "rules/unwrap.h"

namespace paddock::rules {

struct Redir {
  std::string op;  // as written: >, >>, <, <<<, >&, ...
  int fd = -1;
  std::string target;  // normalised; may contain holes
};

struct Unit {
  Words words;  // argv (leading assignments removed)
  std::vector<Assign> assignments;
  std::vector<Assign> wrapper_env;  // what wrappers add to the environment (env NAME=VALUE)
  std::vector<Redir> redirects;
  std::vector<Words> layers;  // deny/ask view: the unit and every unwrapped layer
  std::string where;          // e.g. "pipeline segment 2", "bash -c payload"
  std::string cwd;            // working directory for relative paths; "" if unknown
  // Words with unknown parts that expand to exactly one word ("$VENV/bin/x"):
  // as a command name, a static last path component is the name (no opaque point).
  std::set<std::string> one_word;
  // Parallel to layers when a wrapper changes the directory (env -C DIR):
  // each layer's working directory ("" if unknown). Empty: all run in cwd.
  std::vector<std::string> layer_cwds;
};

struct OpaquePoint {
  std::string what;
  std::string where;
};

struct Extraction {
  std::vector<Unit> units;
  std::vector<OpaquePoint> opaque;
};

struct ExtractOptions {
  std::string cwd = "/";
  int max_code_depth = 24;   // nested -c / eval payloads
  int max_walk_depth = 256;  // AST nesting across payloads
  // Scripts walked plus evaluations, over the whole command: a value that
  // names itself through $( ) in a subscript is re-walked at every use, so
  // the work can grow exponentially even within the depth limits.
  int max_work = 20000;
};

Extraction Extract(std::string_view command, const ExtractOptions& options);

}  // namespace paddock::rules
