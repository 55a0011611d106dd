#include "rules/path_rule.h"

#include <vector>

#include "base/strings.h"
#include "rules/matcher.h"
#include "rules/normalize.h"

namespace paddock::rules {
namespace {

std::string GlobToPattern(const std::string& g) {
  std::string out;
  for (size_t i = 0; i < g.size(); ++i) {
    if (g[i] == '*' && i + 1 < g.size() && g[i + 1] == '*') { out += kStar; ++i; continue; }
    if (g[i] == '*') { out += kSegStar; continue; }
    if (g[i] == '?') { out += kAnyChar; continue; }
    out += g[i];
  }
  return out;
}

std::string ExpandHome(const std::string& p, const std::string& home) {
  if (p == "~") return home;
  if (p.rfind("~/", 0) == 0) return home + p.substr(1);
  return p;
}

// Every pattern text the rule stands for, as absolute globs.
std::vector<std::string> RulePatterns(const Rule& r, const PathContext& ctx) {
  std::string spec = r.specifier;
  std::string base;
  bool relative = false;
  if (spec.rfind("//", 0) == 0) {
    base = "";
    spec = spec.substr(1);
  } else if (spec == "~" || spec.rfind("~/", 0) == 0) {
    base = ctx.home;
    spec = spec.size() > 1 ? spec.substr(1) : "/";
  } else if (spec.rfind("/", 0) == 0) {
    base = r.anchor.empty() ? ctx.cwd : r.anchor;
    if (base == "/") base = "";
  } else {
    relative = true;
    while (spec.rfind("./", 0) == 0) spec = spec.substr(2);
    base = ctx.cwd;
    spec = "/" + spec;
  }
  if (!spec.empty() && spec.back() == '/') spec += "**";
  std::vector<std::string> globs;
  bool single_segment = relative && spec.find('/', 1) == std::string::npos;
  bool any_depth = relative && (single_segment || r.kind != RuleKind::kAllow);
  globs.push_back(base + spec);
  if (any_depth) globs.push_back(base + "/**" + spec);
  std::vector<std::string> out;
  for (const auto& g : globs) {
    std::string p = GlobToPattern(g);
    out.push_back(p);
    out.push_back(p + "/" + kStar);  // everything under a matching directory
    // "a/**/b" also matches "a/b".
    std::string zero;
    const std::string mid = std::string("/") + kStar + "/";
    size_t at = p.find(mid);
    if (at != std::string::npos) {
      zero = p.substr(0, at) + "/" + p.substr(at + mid.size());
      out.push_back(zero);
      out.push_back(zero + "/" + kStar);
    }
  }
  return out;
}

}  // namespace

std::string ResolvePath(const std::string& path, const std::string& cwd, const std::string& home) {
  if (path.empty()) return path;
  std::string p = ExpandHome(path, home);
  if (p[0] != '/') {
    std::string dir = ExpandHome(cwd, home);
    if (dir.empty() || dir[0] != '/') return std::string(1, kHole) + "/" + p;
    p = dir + "/" + p;
  }
  return NormalizePath(p);
}

Hit MatchPathRule(const Rule& rule, const std::string& abs_path, const PathContext& ctx) {
  if (rule.ignored) return Hit::kNone;
  if (rule.matches_all) return Hit::kDefinite;
  Hit best = Hit::kNone;
  for (const auto& p : RulePatterns(rule, ctx)) {
    if (GlobMatch(p, abs_path, MatchMode::kDefinite)) return Hit::kDefinite;
    if (abs_path.find(kHole) != std::string::npos && GlobMatch(p, abs_path, MatchMode::kPossible)) best = Hit::kPossible;
  }
  return best;
}

}  // namespace paddock::rules
