// One path the jail must not change, as the protected-path planners
// (plan/protected_paths.cc, plan/git_dirs.cc) describe it.
#pragma once

#include <string>

namespace paddock::plan {

struct ProtectedEntry {
  std::string path;         // absolute, normalised host path (= its path in the jail)
  bool dir = false;         // what a placeholder is when the path is missing
  bool placeholder = true;  // missing: make a placeholder (else: protect only if present)
  std::string content;      // of a file placeholder
  std::string base;         // the mount the path lives in: anchoring stops there
  std::string why;          // shown by `paddock plan`
  bool keep = false;        // its placeholder stays after the run (Placeholder::keep)
  // Non-empty: paddock refuses to run while this path is as it is (e.g. a
  // .git that is a symbolic link). --unprotect of the path lifts it.
  std::string refuse;
};

}  // namespace paddock::plan
