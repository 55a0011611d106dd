// Exec wrappers (spec §9.3): how `sudo -u root rm -rf x` becomes the layers
// `sudo -u root rm -rf x` and `rm -rf x` (each wrapper's options parsed with
// rules/options.h: `env -vS'sudo id'` has the layer `sudo id`), and which
// layers carry code strings (`bash -c`, `eval`, `watch`, `script -c`, GNU sed
// scripts, interpreter inline code).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "rules/carried.h"
#include "rules/words.h"

namespace paddock::rules {

// Basename of argv[0], lower-cased: how deny/ask rules see a command name.
std::string CommandName(const std::string& argv0);

// A unit seen through its wrappers: every layer for deny/ask matching
// (outermost first), the commands its options and environment carry, and
// opaque points where a wrapper's options cannot be parsed with certainty.
struct Layers {
  std::vector<Words> layers;
  std::vector<Carried> carried;
};
Layers UnwrapUnit(const Words& words, const std::vector<Assign>& assignments);
// Just the layers.
std::vector<Words> DenyLayers(const Words& words);
// How many leading words of `layer` belong to a wrapper (its name, options
// and operands before the command it runs); layer.size() when it is not one.
size_t WrapperOwnWords(const Words& layer);

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
std::optional<Words> AllowView(const Words& words, const std::vector<Assign>& assignments);

}  // namespace paddock::rules
