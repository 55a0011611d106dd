// Read/Edit path rules (docs/policy-semantics.md §Rule grammar):
// gitignore-style patterns with anchors (//abs, ~/home, /settings-source,
// ./cwd), matched against absolute paths that may contain holes.
#pragma once

#include <string>
#include <vector>

#include "rules/rule.h"

namespace paddock::rules {

enum class Hit { kNone, kPossible, kDefinite };

struct PathContext {
  std::string cwd;  // where relative rule patterns are anchored (project root)
  std::string home;
};

// Absolute form of a path operand seen from `cwd` ("" = unknown: the result
// starts with a hole).
std::string ResolvePath(const std::string& path, const std::string& cwd, const std::string& home);

Hit MatchPathRule(const Rule& rule, const std::string& abs_path, const PathContext& ctx);

// The path a rule protects as written, up to its first wildcard and without
// the any-depth reading of bare names: Read(~/.ssh/**) -> /home/u/.ssh,
// Read(./.env) -> <cwd>/.env, Read(**/.env) -> <cwd>, Read(//etc/*) -> /etc.
std::string RuleLiteralPath(const Rule& rule, const PathContext& ctx);
// Does `path` (absolute, may hold holes) name the rule's literal path or a
// directory above it, so that reading the directory reads what the rule
// protects? kPossible when only some expansion of the holes does.
Hit ContainsRulePath(const Rule& rule, const std::string& path, const PathContext& ctx);
// The static names in a rule's pattern (".ssh", ".env", "secrets").
std::vector<std::string> RuleNames(const Rule& rule);

// A rule prepared once for many paths (a command may name thousands).
struct CompiledPathRule {
  const Rule* rule = nullptr;
  std::vector<std::string> patterns;
  std::string literal;             // RuleLiteralPath
  std::vector<std::string> names;  // RuleNames
};
CompiledPathRule CompilePathRule(const Rule& rule, const PathContext& ctx);
Hit MatchPathRule(const CompiledPathRule& rule, const std::string& abs_path);
Hit ContainsRulePath(const CompiledPathRule& rule, const std::string& path);

}  // namespace paddock::rules
