// Which layers carry code, and where it is: shells (`bash -c`, `sh FILE`,
// `sh` reading stdin), builtins (`eval`, `source`, `trap`, `alias`),
// wrappers that run a shell string (`watch ARGS`, `flock F -c CMD`,
// `script -c CMD`, wrappers.h), GNU sed scripts and interpreter inline code.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "rules/words.h"

namespace paddock::rules {

struct CodeUse {
  enum Kind {
    kNone,
    kShellString,       // code = a shell script string (-c, eval, su -c, watch, env -S, trap, alias)
    kShellStdin,        // a shell reading its program from stdin
    kShellFile,         // a shell/`source` whose script operand is words[file_index] (maybe <( ))
    kInterpreterCode,   // inline program of an interpreter (python -c, awk '...')
    kInterpreterStdin,  // interpreter reading its program from stdin
    kInterpreterFile,   // interpreter reading its program from the files named in `files`
  };
  Kind kind = kNone;
  std::vector<std::string> codes;   // kShellString / kInterpreterCode (may contain holes)
  std::optional<Words> positional;  // $0 $1 ... for -c payloads
  size_t file_index = 0;            // kShellFile
  std::vector<std::string> files;   // program files of an interpreter (awk -f F, python F): read when a descriptor
  std::vector<std::string> preamble;  // code an interpreter runs before its program (perl -M'…', node --import data:…)
  std::string opaque_what;            // code runs that the words do not show (a base64 data: URL)
  std::string language;               // interpreter name: python, perl, ruby, node, php, lua, r, awk, sed
  std::string what;                   // "bash -c payload", "eval argument", ...
};
CodeUse AnalyzeLayer(const Words& layer);

// `s` as a shell word that reads back as itself: quoted unless plain.
std::string ShellQuoted(const std::string& s);

// A shell the engine parses the programs of (sh, bash, dash, zsh, ksh, ...).
bool IsShell(const std::string& command_name);

}  // namespace paddock::rules
