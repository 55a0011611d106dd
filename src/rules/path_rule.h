// Read/Edit path rules (spec §3.3): gitignore-style patterns with anchors
// (//abs, ~/home, /settings-source, ./cwd), matched against absolute paths
// that may contain holes.
#pragma once

#include <string>

#include "rules/rule.h"

namespace paddock::rules {

enum class Hit { kNone, kPossible, kDefinite };

struct PathContext {
  std::string cwd;   // where relative rule patterns are anchored (project root)
  std::string home;
};

// Absolute form of a path operand seen from `cwd` ("" = unknown: the result
// starts with a hole).
std::string ResolvePath(const std::string& path, const std::string& cwd, const std::string& home);

Hit MatchPathRule(const Rule& rule, const std::string& abs_path, const PathContext& ctx);

}  // namespace paddock::rules
