// `paddock check`: the catalogue of escape attempts the built-in probe makes
// inside the jail. Each names the layer that should stop it, so a failure
// says which wall is missing (docs/check.md).
#pragma once

#include <string>
#include <vector>

namespace paddock::check {

struct Attempt {
  std::string id;     // stable: the probe's reports and --json use it
  std::string layer;  // namespaces, mounts, landlock, seccomp, capabilities, network, ...
  std::string what;   // what is tried, for people
};

// Every attempt, in the order the table shows them.
const std::vector<Attempt>& Attempts();

// The attempt with this id, or nullptr.
const Attempt* FindAttempt(const std::string& id);

}  // namespace paddock::check
