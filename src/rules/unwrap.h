// Exec wrappers seen from a unit (docs/policy.md, "Wrappers"): how
// `sudo -u root rm -rf x` becomes the layers `sudo -u root rm -rf x` and
// `rm -rf x` for deny and ask rules, and what allow rules see (the allow
// view). What each wrapper takes and runs is in the wrapper table
// (wrappers.h); which layers carry code strings is code_use.h.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "rules/carried.h"
#include "rules/code_use.h"
#include "rules/words.h"

namespace paddock::rules {

// Basename of argv[0], lower-cased: how deny/ask rules see a command name.
std::string CommandName(const std::string& argv0);

// A unit seen through its wrappers: every layer for deny/ask matching
// (outermost first), the commands its options and environment carry, and
// opaque points where a wrapper's options cannot be parsed with certainty.
struct Layers {
  std::vector<Words> layers;
  // Parallel to layers: the directories wrappers outside the layer changed
  // to, outermost first (`env -C src touch a.c`: {} then {"src"}).
  std::vector<std::vector<std::string>> chdirs;
  std::vector<Carried> carried;
  std::vector<Assign> wrapper_env;  // NAME=VALUE the wrappers add (env X=1, sudo X=1)
};
Layers UnwrapUnit(const Words& words, const std::vector<Assign>& assignments);
// Just the layers.
std::vector<Words> DenyLayers(const Words& words);
// How many leading words of `layer` belong to a wrapper (its name, options
// and operands before the command it runs); layer.size() when it is not one,
// or when what it runs is not a tail of its words (find -exec, su -c).
size_t WrapperOwnWords(const Words& layer);

// The allow view of a unit: the words allow rules are matched against, with
// the wrappers the table lets the allow view strip removed (`timeout 5 make`
// is matched as `make`); nullopt when no allow rule may match it.
// `stripped`, if given, receives the wrapper layers stripped on the way
// (`timeout 5 make` for the view `make`).
std::optional<Words> AllowView(const Words& words, const std::vector<Assign>& assignments,
                               std::vector<Words>* stripped = nullptr);
// True when only an allow rule without wildcards may approve `view`
// (`watch`, `setsid`, `ionice`, `flock`: a prefix rule would approve any command).
bool ExactAllowOnly(const Words& view);

}  // namespace paddock::rules
