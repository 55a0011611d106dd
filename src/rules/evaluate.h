// Decision (docs/policy-semantics.md §Decision): deny > possible deny >
// opaque-with-restrictions > ask > allow (every unit covered) > passthrough.
// Every decision names the rule and the offending unit.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

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
};

Decision EvaluateBash(std::string_view command, const RuleSet& rules, const EvalContext& ctx);
// Any tool call: Bash (command + parameter rules), Read/Edit/Write, WebFetch, MCP, Agent...
Decision EvaluateToolCall(const std::string& tool_name, const nlohmann::json& tool_input, const RuleSet& rules,
                          const EvalContext& ctx);

}  // namespace paddock::rules
