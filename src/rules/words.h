// The shapes shared by the rule engine's analysis steps: an argv after
// normalisation, and a NAME=VALUE assignment (both may contain holes, see
// normalize.h).
#pragma once

#include <string>
#include <vector>

namespace paddock::rules {

using Words = std::vector<std::string>;

struct Assign {
  std::string name;
  std::string value;  // may contain holes
};

}  // namespace paddock::rules
