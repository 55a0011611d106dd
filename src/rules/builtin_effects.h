// What a bash builtin does to the shell that runs it, read from its
// normalised words: the variables it assigns (read, declare, printf -v, ...)
// or makes readonly, the strings it evaluates as arithmetic or runs as code
// later (let, test -v, mapfile -C, complete -C, bind -x, fc, history -s), the
// command tables it changes (alias, hash -p), the positional parameters it
// sets and the shell options echo depends on (shopt xpg_echo).
// Pure: the unit walker applies the effects to what it knows.
#pragma once

#include <string>
#include <vector>

#include "rules/unwrap.h"

namespace paddock::rules {

struct VarWrite {
  std::string name;       // may contain a hole: a name built at run time
  std::string subscript;  // text inside [ ], as the builtin receives it
  bool has_subscript = false;
  enum Kind { kLiteral, kUnknown, kInteger, kArray } kind = kUnknown;
  std::string value;         // kLiteral
  bool append = false;       // +=
  bool declaration = false;  // declare/local/...: a quoted value may still be a compound assignment
  bool keeps_value = false;  // declare NAME without a value: outside a function only attributes change
};

inline VarWrite WriteOf(std::string name, VarWrite::Kind kind) {
  VarWrite w;
  w.name = std::move(name);
  w.kind = kind;
  return w;
}

struct CodeString {
  std::string text;  // may contain holes
  std::string what;  // "mapfile -C callback", ...
  int appended = 0;  // arguments bash appends when it runs the text (index, line, ...)
};

struct Alias {
  std::string name;
  std::string value;
};

struct BuiltinEffects {
  std::vector<VarWrite> writes;
  std::vector<std::string> name_operands;   // names whose subscripts bash evaluates (test -v, unset, read)
  std::vector<std::string> arith_texts;     // let arguments: evaluated as arithmetic
  std::vector<CodeString> later_code;       // run later in this shell (callbacks, history)
  std::vector<CodeString> now_code;         // run now in this shell (declare a=(...) re-parsed)
  std::vector<std::string> expanded_texts;  // expanded like "..." (compgen -W): substitutions run
  std::vector<std::string> opaque;
  std::vector<Alias> aliases;
  std::vector<Alias> hashes;                 // name -> path
  std::vector<std::string> int_names;        // declare -i
  std::vector<std::string> array_names;      // declare -a/-A
  std::vector<std::string> assoc_names;      // declare -A
  std::vector<std::string> unset_names;      // unset
  std::vector<std::string> transform_names;  // declare -l/-u/-c: values are rewritten
  std::vector<Alias> namerefs;               // declare -n name=target
  bool positional_unknown = false;
  bool sets_positional = false;             // set -- words
  Words positional;                         // the new $1 ... when sets_positional
  int shift = 0;                            // shift N (when known)
  bool histexpand = false;                  // set -H / -o histexpand (or options not known)
  std::vector<std::string> readonly_names;  // readonly, declare -r: later writes to them fail
  bool readonly_unknown = false;            // readonly of a name built at run time
  enum class Toggle { kNone, kOn, kOff, kUnknown };
  Toggle xpg_echo = Toggle::kNone;  // shopt -s/-u xpg_echo
};

// `layer` runs as a builtin of the current shell (argv[0] is its name).
BuiltinEffects AnalyzeBuiltin(const Words& layer);

}  // namespace paddock::rules
