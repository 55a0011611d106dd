// Links a command line makes and then goes through: `ln -s ~ h; cat
// h/.ssh/config` reads ~/.ssh/config, which no word of it names. The host's
// realpath cannot show a link that does not exist yet, so the links `ln`
// makes in the same command line are applied to every path the Read/Edit
// rules are checked against (docs/policy-semantics.md §Matching).
#pragma once

#include <string>
#include <vector>

#include "rules/units.h"

namespace paddock::rules {

struct LinkAlias {
  std::string link;    // absolute path of the link (may hold holes)
  std::string target;  // absolute path it leads to
};

// The links `ln` (symbolic or hard) makes anywhere in the command line, in
// any order: a path that goes through one is checked in both spellings, so
// the order of the commands need not be known.
std::vector<LinkAlias> LinksMade(const Extraction& ex, const std::string& home);

// `abs` with each made link it goes through replaced by its target (links
// through links too, bounded); empty when it goes through none.
std::vector<std::string> ThroughLinks(const std::string& abs, const std::vector<LinkAlias>& links);

}  // namespace paddock::rules
