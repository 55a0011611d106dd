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
    if (g[i] == '*' && i + 1 < g.size() && g[i + 1] == '*') {
      out += kStar;
      ++i;
      continue;
    }
    if (g[i] == '*') {
      out += kSegStar;
      continue;
    }
    if (g[i] == '?') {
      out += kAnyChar;
      continue;
    }
    out += g[i];
  }
  return out;
}

std::string ExpandHome(const std::string& p, const std::string& home) {
  if (p == "~") return home;
  if (p.rfind("~/", 0) == 0) return home + p.substr(1);
  return p;
}

// A rule's pattern split into its anchor directory and the "/…" rest.
struct Anchored {
  std::string base;  // "" for the filesystem root
  std::string spec;  // starts with '/'
  bool relative = false;
};

Anchored Anchor(const Rule& r, const PathContext& ctx) {
  Anchored a;
  std::string spec = r.specifier;
  if (spec.rfind("//", 0) == 0) {
    a.spec = spec.substr(1);
  } else if (spec == "~" || spec.rfind("~/", 0) == 0) {
    a.base = ctx.home;
    a.spec = spec.size() > 1 ? spec.substr(1) : "/";
  } else if (spec.rfind("/", 0) == 0) {
    a.base = r.anchor.empty() ? ctx.cwd : r.anchor;
    if (a.base == "/") a.base = "";
    a.spec = spec;
  } else {
    a.relative = true;
    while (spec.rfind("./", 0) == 0) spec = spec.substr(2);
    a.base = ctx.cwd;
    a.spec = "/" + spec;
  }
  return a;
}

// Every pattern text the rule stands for, as absolute globs.
std::vector<std::string> RulePatterns(const Rule& r, const PathContext& ctx) {
  Anchored a = Anchor(r, ctx);
  std::string spec = a.spec;
  std::string base = a.base;
  bool relative = a.relative;
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
  // A path that starts with unknown text ("$HOME/.ssh", "$D/x") may be
  // absolute: it is not anchored at cwd.
  if (path[0] == kHole) return path;
  std::string p = ExpandHome(path, home);
  if (p[0] != '/') {
    std::string dir = ExpandHome(cwd, home);
    if (dir.empty() || dir[0] != '/') return std::string(1, kHole) + "/" + p;
    p = dir + "/" + p;
  }
  return NormalizePath(p);
}

std::string RuleLiteralPath(const Rule& rule, const PathContext& ctx) {
  if (rule.matches_all) return "/";
  Anchored a = Anchor(rule, ctx);
  std::string path = a.base + a.spec;
  size_t glob = path.find_first_of("*?[");
  if (glob != std::string::npos) {
    size_t slash = path.rfind('/', glob);
    path = slash == std::string::npos ? "/" : path.substr(0, slash);
  }
  return NormalizePath(path.empty() ? "/" : path);
}

std::vector<std::string> RuleNames(const Rule& rule) {
  std::vector<std::string> names;
  std::string spec = rule.specifier;
  if (spec.rfind("~", 0) == 0) spec.erase(0, 1);
  for (const auto& part : Split(spec, '/'))
    if (!part.empty() && part != "." && part != ".." && part.find_first_of("*?[") == std::string::npos)
      names.push_back(part);
  return names;
}

CompiledPathRule CompilePathRule(const Rule& rule, const PathContext& ctx) {
  CompiledPathRule c;
  c.rule = &rule;
  if (!rule.matches_all) c.patterns = RulePatterns(rule, ctx);
  c.literal = RuleLiteralPath(rule, ctx);
  c.names = RuleNames(rule);
  return c;
}

Hit MatchPathRule(const CompiledPathRule& c, const std::string& abs_path) {
  if (c.rule->ignored) return Hit::kNone;
  if (c.rule->matches_all) return Hit::kDefinite;
  bool dynamic = abs_path.find(kHole) != std::string::npos;
  Hit best = Hit::kNone;
  for (const auto& p : c.patterns) {
    if (GlobMatch(p, abs_path, MatchMode::kDefinite)) return Hit::kDefinite;
    if (dynamic && best == Hit::kNone && GlobMatch(p, abs_path, MatchMode::kPossible)) best = Hit::kPossible;
  }
  return best;
}

Hit ContainsRulePath(const CompiledPathRule& c, const std::string& path) {
  if (c.rule->ignored) return Hit::kNone;
  if (path.find(kHole) == std::string::npos) return PathIsWithin(c.literal, path) ? Hit::kDefinite : Hit::kNone;
  // Some expansion of the holes names the literal path or a directory above it.
  std::string dir = c.literal;
  while (true) {
    if (GlobMatch(dir, path, MatchMode::kPossible)) return Hit::kPossible;
    if (dir == "/") break;
    size_t slash = dir.rfind('/');
    dir = slash == 0 ? "/" : dir.substr(0, slash);
  }
  return Hit::kNone;
}

Hit MatchPathRule(const Rule& rule, const std::string& abs_path, const PathContext& ctx) {
  return MatchPathRule(CompilePathRule(rule, ctx), abs_path);
}

Hit ContainsRulePath(const Rule& rule, const std::string& path, const PathContext& ctx) {
  return ContainsRulePath(CompilePathRule(rule, ctx), path);
}

}  // namespace paddock::rules
