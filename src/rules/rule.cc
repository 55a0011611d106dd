#include "rules/rule.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <string_view>

#include "base/strings.h"
#include "rules/matcher.h"
#include "rules/unwrap.h"

namespace paddock::rules {
namespace {

bool IsParamName(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  return true;
}

// Turns a Bash specifier into pattern text: unescaped '*' -> kStar.
std::string ToPattern(std::string_view spec) {
  std::string out;
  out.reserve(spec.size());
  for (size_t i = 0; i < spec.size(); ++i) {
    if (spec[i] == '\\' && i + 1 < spec.size() && spec[i + 1] == '*') {
      out += '*';
      ++i;
      continue;
    }
    out += spec[i] == '*' ? kStar : spec[i];
  }
  return out;
}

// Deny/ask rules fold their first word like the command: basename, lower case.
std::string FoldFirstWord(const std::string& p) {
  size_t end = p.find(' ');
  std::string first = p.substr(0, end);
  if (first.find(kStar) != std::string::npos) return p;
  std::string rest = end == std::string::npos ? "" : p.substr(end);
  return CommandName(first) + rest;
}

// The specifier's words as the command's words are compared: blanks
// collapsed, and shell quoting removed (`git commit -m "wip"` is matched as
// `git commit -m wip`, how the command's words read after normalisation).
// A quoted '*' stays a literal star (`\*`).
std::string SpecifierWords(const std::string& raw) {
  std::string spec;
  spec.reserve(raw.size());
  char quote = 0;
  auto blank = [&] {
    if (!spec.empty() && spec.back() != ' ') spec += ' ';
  };
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (quote) {
      if (c == quote) quote = 0;
      else if (c == '\\' && quote == '"' && i + 1 < raw.size() && OneOf("\"\\$`", raw[i + 1])) spec += raw[++i];
      else if (c == '*') spec += "\\*";
      else spec += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '\\' && i + 1 < raw.size() && raw[i + 1] != '*') {
      spec += raw[++i];
    } else if (c == ' ' || c == '\t') {
      blank();
    } else {
      spec += c;
    }
  }
  while (!spec.empty() && spec.back() == ' ') spec.pop_back();
  return spec;
}

// Restrictive rules whose first word is a path with a wildcard: the
// pattern as it is, for the command's first word as written.
void AddPathPatterns(Rule& r, const std::vector<std::string>& folded_out, const std::string& first) {
  if (first.find('/') == std::string::npos || first.find(kStar) == std::string::npos) return;
  r.bash_path_patterns = folded_out;
}

void CompileBash(Rule& r) {
  std::string spec = SpecifierWords(r.specifier);
  if (spec.empty() || spec == "*") {
    r.matches_all = true;
    return;
  }
  const bool restrictive = r.kind != RuleKind::kAllow;
  auto fold = [&](std::string p) { return restrictive ? FoldFirstWord(p) : p; };
  std::vector<std::string>& out = r.bash_patterns;
  std::string pat;
  if (spec.size() >= 2 && spec.compare(spec.size() - 2, 2, ":*") == 0) {
    // Legacy prefix: "P:*" is P alone or P followed by a space and anything.
    pat = ToPattern(std::string_view(spec).substr(0, spec.size() - 2));
    out.push_back(fold(pat));
    out.push_back(fold(pat) + " " + kStar);
  } else {
    pat = ToPattern(spec);
    out.push_back(fold(pat));
    if (pat.size() >= 2 && pat.back() == kStar && pat[pat.size() - 2] == ' ')
      out.push_back(fold(pat.substr(0, pat.size() - 2)));  // "ls *" also matches "ls"
    else if (restrictive && pat.find(kStar) == std::string::npos)
      out.push_back(fold(pat) + " " + kStar);  // word-boundary prefix
  }
  if (restrictive) AddPathPatterns(r, out, pat.substr(0, pat.find(' ')));
}

// "Bash(sudo:*" (no closing parenthesis) names no tool: Claude Code matches
// nothing with it, so a typo silently disables a deny rule. Why, or "".
std::string NotAToolName(const std::string& tool, std::string_view text) {
  if (tool.empty()) return "empty rule";
  if (std::all_of(tool.begin(), tool.end(),
                  [](unsigned char c) { return std::isalnum(c) || c == '_' || c == '-' || c == '.' || c == '*'; }))
    return "";
  std::string why = "malformed rule: '" + tool + "' is not a tool name, so the rule matches nothing";
  if (text.find('(') != std::string_view::npos && text.back() != ')')
    why += text.find(')') == std::string_view::npos ? " (a closing parenthesis is missing)"
                                                    : " (text after the closing parenthesis)";
  return why;
}

}  // namespace

Rule ParseRule(const std::string& raw, RuleKind kind, Scope scope, const std::string& anchor) {
  Rule r;
  r.text = raw;
  r.kind = kind;
  r.scope = scope;
  r.anchor = anchor;
  std::string_view text = raw;
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  size_t open = text.find('(');
  if (open != std::string_view::npos && text.back() == ')') {
    r.tool = text.substr(0, open);
    r.specifier = text.substr(open + 1, text.size() - open - 2);
    r.has_specifier = true;
  } else {
    r.tool = text;
  }
  if (r.tool == "Task") r.tool = "Agent";
  r.tool_is_glob = r.tool.find('*') != std::string::npos;
  if (std::string why = NotAToolName(r.tool, text); !why.empty()) {
    r.ignored = true;
    r.warning = why;
    return r;
  }
  if (r.tool_is_glob && kind == RuleKind::kAllow) {
    // Allow globs only after a literal mcp__<server>__ prefix.
    size_t star = r.tool.find('*');
    size_t sep = r.tool.rfind("__", star);
    if (r.tool.rfind("mcp__", 0) != 0 || sep == std::string::npos || sep < 5) {
      r.ignored = true;
      r.warning = "allow rule with an unanchored tool-name glob is skipped";
      return r;
    }
  }
  if (r.has_specifier && r.specifier == "*") r.has_specifier = false;
  if (!r.has_specifier) {
    r.matches_all = true;
    return r;
  }
  // Tool(param:value) rules: deny/ask only, never on the primary content field.
  size_t colon = r.specifier.find(':');
  bool bash_legacy = r.tool == "Bash" && r.specifier.size() >= 2 &&
                     r.specifier.compare(r.specifier.size() - 2, 2, ":*") == 0 && colon == r.specifier.size() - 2;
  static const char* kBashParams[] = {"run_in_background", "dangerouslyDisableSandbox", "timeout", "description",
                                      "command"};
  bool known_bash_param = false;
  if (colon != std::string::npos)
    for (const char* p : kBashParams)
      if (r.specifier.substr(0, colon) == p) known_bash_param = true;
  bool param_form = colon != std::string::npos && IsParamName(r.specifier.substr(0, colon)) && !bash_legacy &&
                    r.tool != "WebFetch" && (r.tool != "Bash" || known_bash_param);
  if (param_form) {
    std::string param = r.specifier.substr(0, colon);
    static const char* kPrimary[] = {"command", "file_path", "path", "notebook_path", "url"};
    for (const char* p : kPrimary)
      if (param == p) {
        r.ignored = true;
        r.warning = "parameter rule on the primary field '" + param + "' is ignored";
        return r;
      }
    if (kind == RuleKind::kAllow) {
      r.ignored = true;
      r.warning = "parameter rules are deny/ask only";
      return r;
    }
    r.is_param_rule = true;
    r.param = param;
    r.param_value = r.specifier.substr(colon + 1);
    return r;
  }
  if (r.tool == "Bash") CompileBash(r);
  if (r.tool == "Write" || r.tool == "NotebookEdit" || r.tool == "Glob" || r.tool == "MultiEdit") {
    r.ignored = true;
    r.warning = "path rules for " + r.tool + " are accepted but never consulted";
  }
  return r;
}

bool RuleSet::HasBashRestrictions() const {
  auto bashy = [](const Rule& r) {
    return !r.ignored &&
           (r.tool == "Bash" || (r.tool_is_glob && GlobMatch(SimpleGlob(r.tool), "Bash", MatchMode::kDefinite)));
  };
  return std::any_of(deny.begin(), deny.end(), bashy) || std::any_of(ask.begin(), ask.end(), bashy);
}

}  // namespace paddock::rules
