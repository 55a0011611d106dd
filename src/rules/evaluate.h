// Decision (docs/policy-semantics.md §Decision): deny > possible deny >
// opaque-with-restrictions > ask > allow (every unit covered) > passthrough.
// Every decision names the rule and the offending unit.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/rule.h"

namespace paddock::rules {

enum class Verdict { kPassthrough, kAllow, kAsk, kDeny };
const char* VerdictName(Verdict v);

struct Decision {
  Verdict verdict = Verdict::kPassthrough;
  std::string reason;  // one line: "deny: Bash(sudo:*) matched 'sudo id' (pipeline segment 2)"
};

struct EvalContext {
  std::string cwd;  // hook cwd / project root: relative paths and ./ rules
  std::string home;
  // Optional: resolves symlinks for Read/Edit checks (both link and target are checked).
  std::function<std::string(const std::string&)> realpath;
  // Optional, beside realpath: the files a glob(3) pattern names now, or
  // nullopt when they cannot be listed (too many, unreadable). A glob hole
  // may name a symlink, which only the files it names show.
  std::function<std::optional<std::vector<std::string>>(const std::string&)> expand_glob;
};

Decision EvaluateBash(std::string_view command, const RuleSet& rules, const EvalContext& ctx);
// Any tool call: Bash (command + parameter rules), Read/Edit/Write, WebFetch, MCP, Agent...
Decision EvaluateToolCall(const std::string& tool_name, const nlohmann::json& tool_input, const RuleSet& rules,
                          const EvalContext& ctx);

}  // namespace paddock::rules
