// Permission rules (docs/policy-semantics.md §Rule grammar): parse every rule
// form once into something the evaluator can match quickly.
#pragma once

#include <string>
#include <vector>

namespace paddock::rules {

enum class RuleKind { kDeny, kAsk, kAllow };

enum class Scope { kManaged, kUser, kProject, kLocal, kCli, kCorpus };

struct Rule {
  std::string text;  // as written, for explanations
  RuleKind kind = RuleKind::kDeny;
  Scope scope = Scope::kCorpus;
  std::string source;  // settings file it came from
  std::string anchor;  // directory that "/path" path rules are relative to

  std::string tool;  // tool name or tool-name glob ("mcp__*", "*")
  bool tool_is_glob = false;
  bool has_specifier = false;
  std::string specifier;  // raw text inside the parentheses

  // Bash: alternatives of compiled patterns (see matcher.h); empty + all = every command.
  bool matches_all = false;
  std::vector<std::string> bash_patterns;
  // Deny/ask rules whose first word is a path glob (`/usr/bin/*`): matched
  // against the command's first word as written, not its basename.
  std::vector<std::string> bash_path_patterns;
  // Tool(param:value) rules (deny/ask only).
  bool is_param_rule = false;
  std::string param, param_value;
  // Rules that are accepted but never consulted, with the reason.
  bool ignored = false;
  std::string warning;
};

// Parses "Tool", "Tool(spec)", "mcp__server__tool", globs. Never fails: odd
// rules are kept with ignored=true and a warning.
Rule ParseRule(const std::string& text, RuleKind kind, Scope scope = Scope::kCorpus, const std::string& anchor = "");

struct RuleSet {
  std::vector<Rule> deny, ask, allow;
  std::vector<std::string> warnings;
  bool HasBashRestrictions() const;  // any Bash deny/ask rule (for opaque handling)
};

}  // namespace paddock::rules
