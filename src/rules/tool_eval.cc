// Tool calls other than the Bash command itself (docs/policy-semantics.md
// §Rule grammar, §Decision "Other tools"): parameter rules, Read/Edit path
// rules, WebFetch domains, MCP and Agent rules, in deny > ask > allow order.
#include <algorithm>
#include <cctype>
#include <set>

#include "rules/evaluate.h"
#include "rules/matcher.h"
#include "rules/path_rule.h"

namespace paddock::rules {
namespace {

bool ToolNameMatches(const Rule& r, const std::string& tool) {
  if (r.tool == tool) return true;
  if (r.tool_is_glob) return GlobMatch(SimpleGlob(r.tool), tool, MatchMode::kDefinite);
  if (r.tool.rfind("mcp__", 0) == 0 && r.tool.find("__", 5) == std::string::npos)
    return tool.rfind(r.tool + "__", 0) == 0;
  return false;
}

std::string Scalar(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number()) return v.dump();
  return "";
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string UrlHost(const std::string& url) {
  size_t start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  size_t end = url.find_first_of("/?#", start);
  std::string authority = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  size_t at = authority.rfind('@');
  if (at != std::string::npos) authority = authority.substr(at + 1);
  if (!authority.empty() && authority[0] == '[') {
    size_t close = authority.find(']');
    return Lower(authority.substr(0, close == std::string::npos ? authority.size() : close + 1));
  }
  size_t colon = authority.find(':');
  std::string host = Lower(authority.substr(0, colon));
  while (!host.empty() && host.back() == '.') host.pop_back();
  return host;
}

bool DomainMatches(std::string pattern, const std::string& host) {
  pattern = Lower(pattern);
  while (!pattern.empty() && pattern.back() == '.') pattern.pop_back();
  if (pattern == "*") return true;
  if (pattern.rfind("*.", 0) == 0) {
    std::string apex = pattern.substr(1);  // ".example.com"
    return host.size() > apex.size() && host.compare(host.size() - apex.size(), apex.size(), apex) == 0;
  }
  // Any other '*' matches exactly one label.
  std::string p;
  for (char c : pattern) p += c == '*' ? kSegStar : c;
  std::string h = host;
  for (char& c : h)
    if (c == '/') c = '_';
  std::string pp;
  for (char c : p) pp += c == '.' ? '/' : c;  // make labels path segments
  std::string hh;
  for (char c : h) hh += c == '.' ? '/' : c;
  return GlobMatch(pp, hh, MatchMode::kDefinite);
}

std::vector<std::string> CandidatePaths(const std::string& path, const EvalContext& ctx) {
  std::vector<std::string> out;
  if (path.empty()) return out;
  out.push_back(ResolvePath(path, ctx.cwd, ctx.home));
  if (ctx.realpath) {
    std::string real = ctx.realpath(out[0]);
    if (!real.empty() && real != out[0]) out.push_back(real);
  }
  return out;
}

const std::set<std::string>& EditTools() {
  static const std::set<std::string> s = {"Edit", "Write", "MultiEdit", "NotebookEdit"};
  return s;
}

// Does a rule match this tool call? `kind` matters for Read-deny-blocks-writes.
bool RuleMatchesCall(const Rule& r, const std::string& tool, const nlohmann::json& in, const EvalContext& ctx) {
  if (r.ignored) return false;
  std::string path;
  if (in.is_object()) {
    for (const char* k : {"file_path", "notebook_path", "path"})
      if (in.contains(k) && in[k].is_string()) {
        path = in[k].get<std::string>();
        break;
      }
  }
  // Path rules cross tools: Read covers readers (and, as deny/ask, writers); Edit covers editors.
  bool is_path_rule = (r.tool == "Read" || r.tool == "Edit") && !r.is_param_rule;
  if (is_path_rule) {
    bool applies = (r.tool == "Read" && (tool == "Read" || tool == "Grep" || tool == "Glob" ||
                                         (r.kind != RuleKind::kAllow && EditTools().count(tool)))) ||
                   (r.tool == "Edit" && EditTools().count(tool));
    if (!applies) return false;
    if (r.matches_all) return true;
    if (path.empty()) return false;
    PathContext pctx{ctx.cwd, ctx.home};
    bool all = true, any = false;
    for (const auto& p : CandidatePaths(path, ctx)) {
      bool m = MatchPathRule(r, p, pctx) != Hit::kNone;
      any = any || m;
      all = all && m;
    }
    return r.kind == RuleKind::kAllow ? all : any;  // allow needs link and target; deny either
  }
  if (!ToolNameMatches(r, tool)) return false;
  if (r.is_param_rule) {
    if (!in.is_object() || !in.contains(r.param)) return false;
    const auto& v = in[r.param];
    if (v.is_object() || v.is_array()) return false;
    return GlobMatch(SimpleGlob(r.param_value), Scalar(v), MatchMode::kDefinite);
  }
  if (r.matches_all || !r.has_specifier) return true;
  if (tool == "WebFetch") {
    if (r.specifier.rfind("domain:", 0) != 0 || !in.is_object() || !in.contains("url") || !in["url"].is_string())
      return false;
    return DomainMatches(r.specifier.substr(7), UrlHost(in["url"].get<std::string>()));
  }
  if (tool == "Agent" || tool == "Task") {
    std::string type = in.is_object() && in.contains("subagent_type") ? Scalar(in["subagent_type"]) : "";
    return GlobMatch(SimpleGlob(r.specifier), type, MatchMode::kDefinite);
  }
  return false;
}

}  // namespace

Decision EvaluateToolCall(const std::string& tool, const nlohmann::json& in, const RuleSet& rules,
                          const EvalContext& ctx) {
  const bool is_bash = tool == "Bash";
  auto first_match = [&](const std::vector<Rule>& list) -> const Rule* {
    for (const auto& r : list) {
      if (is_bash && !r.is_param_rule && (r.tool == "Bash" || r.tool_is_glob) && !r.matches_all)
        continue;  // command rules below
      if (is_bash && r.tool == "Bash" && !r.is_param_rule) continue;
      if (RuleMatchesCall(r, tool, in, ctx)) return &r;
    }
    return nullptr;
  };
  if (const Rule* r = first_match(rules.deny))
    return {Verdict::kDeny, std::string("deny: ") + r->text + " matched the " + tool + " call"};
  Decision bash;
  if (is_bash) {
    std::string command =
        in.is_object() && in.contains("command") && in["command"].is_string() ? in["command"].get<std::string>() : "";
    bash = EvaluateBash(command, rules, ctx);
    if (bash.verdict == Verdict::kDeny) return bash;
  }
  if (const Rule* r = first_match(rules.ask))
    return {Verdict::kAsk, std::string("ask: ") + r->text + " matched the " + tool + " call"};
  if (is_bash) return bash;
  if (const Rule* r = first_match(rules.allow))
    return {Verdict::kAllow, std::string("allow: ") + r->text + " matched the " + tool + " call"};
  return {Verdict::kPassthrough, "passthrough: no rule matches the " + tool + " call"};
}

}  // namespace paddock::rules
