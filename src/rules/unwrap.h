// Exec wrappers (spec §9.3): how `sudo -u root rm -rf x` becomes the layers
// `sudo -u root rm -rf x` and `rm -rf x`, and which layers carry code strings
// (`bash -c`, `su -c`, `watch`, `env -S`, interpreter inline code).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace paddock::rules {

using Words = std::vector<std::string>;

// Basename of argv[0], lower-cased: how deny/ask rules see a command name.
std::string CommandName(const std::string& argv0);

// Every layer of a unit for deny/ask matching, outermost first.
std::vector<Words> DenyLayers(const Words& words);

// What a layer does with code.
struct CodeUse {
  enum Kind {
    kNone,
    kShellString,      // code = a shell script string (-c, eval, su -c, watch, env -S, trap, alias)
    kShellStdin,       // a shell reading its program from stdin
    kShellFile,        // a shell/`source` whose script operand is words[file_index] (maybe <( ))
    kInterpreterCode,  // inline program of an interpreter (python -c, awk '...')
    kInterpreterStdin, // interpreter reading its program from stdin
  };
  Kind kind = kNone;
  std::vector<std::string> codes;       // kShellString / kInterpreterCode (may contain holes)
  std::optional<Words> positional;      // $0 $1 ... for -c payloads
  size_t file_index = 0;                // kShellFile
  std::string language;                 // interpreter name: python, perl, ruby, node, php, lua, r, awk
  std::string what;                     // "bash -c payload", "eval argument", ...
};
CodeUse AnalyzeLayer(const Words& layer);

// The allow view of a unit (§9.3): nullopt when no allow rule may match it.
struct Assign {
  std::string name;
  std::string value;  // may contain holes
};
std::optional<Words> AllowView(const Words& words, const std::vector<Assign>& assignments);

}  // namespace paddock::rules
