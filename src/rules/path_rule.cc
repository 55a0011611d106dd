#include "rules/path_rule.h"

#include <algorithm>
#include <cctype>
#include <string_view>
#include <vector>

#include "base/strings.h"
#include "rules/matcher.h"
#include "rules/normalize.h"

namespace paddock::rules {
namespace {

// A gitignore bracket expression at g[0] ('['), as fnmatch reads one: "!" or
// "^" negates, a ']' first is a member, "a-z" is a range, "[:digit:]" a
// class. Appends the kClass token and returns the length read, or 0 when
// there is no closing ']' (the '[' is then a literal).
size_t AppendClass(std::string& out, std::string_view g) {
  size_t i = 1;
  bool negate = i < g.size() && (g[i] == '!' || g[i] == '^');
  if (negate) ++i;
  std::string set(kClassSetBytes, '\0');
  auto add = [&](unsigned char c) { set[c / 8] = static_cast<char>(set[c / 8] | (1 << (c % 8))); };
  for (size_t first = i; i < g.size() && (g[i] != ']' || i == first); ++i) {
    if (g.substr(i).starts_with("[:")) {
      size_t end = g.find(":]", i + 2);
      if (end == std::string_view::npos) return 0;
      std::string_view name = g.substr(i + 2, end - i - 2);
      for (int c = 1; c < 256; ++c) {
        bool in = (name == "alpha" && isalpha(c)) || (name == "digit" && isdigit(c)) ||
                  (name == "alnum" && isalnum(c)) || (name == "upper" && isupper(c)) ||
                  (name == "lower" && islower(c)) || (name == "space" && isspace(c)) ||
                  (name == "xdigit" && isxdigit(c)) || (name == "punct" && ispunct(c));
        if (in && c < 128) add(static_cast<unsigned char>(c));
      }
      i = end + 1;
      continue;
    }
    if (g[i] == '\\' && i + 1 < g.size()) ++i;
    unsigned char lo = static_cast<unsigned char>(g[i]), hi = lo;
    if (i + 2 < g.size() && g[i + 1] == '-' && g[i + 2] != ']') hi = static_cast<unsigned char>(g[i += 2]);
    for (unsigned c = lo; c <= hi; ++c) add(static_cast<unsigned char>(c));
  }
  if (i >= g.size()) return 0;
  if (negate)
    for (char& b : set) b = static_cast<char>(~b);
  set['/' / 8] = static_cast<char>(set['/' / 8] & ~(1 << ('/' % 8)));  // '/' ends a segment, never in a class
  out += kClass;
  out += set;
  out += kClassEnd;
  return i + 1;
}

// Appends glob text as pattern tokens: "**" any depth, "*" within one
// segment, "?" one character, "[...]" one of a set; a backslash takes the
// next character literally; the rest is literal.
void AppendGlob(std::string& out, std::string_view g) {
  while (!g.empty()) {
    size_t wild = g.find_first_of("*?[\\");
    out.append(g.substr(0, wild));
    if (wild == std::string_view::npos) return;
    g.remove_prefix(wild);
    size_t used = 1;
    if (g[0] == '?') {
      out += kAnyChar;
    } else if (g[0] == '[') {
      used = AppendClass(out, g);
      if (used == 0) out += '[', used = 1;
    } else if (g[0] == '\\') {
      if (g.size() > 1) out += g[1], used = 2;
    } else if (g.size() > 1 && g[1] == '*') {
      out += kStar, used = 2;
    } else {
      out += kSegStar;
    }
    g.remove_prefix(used);
  }
}

std::string ExpandHome(const std::string& p, const std::string& home) {
  if (p == "~") return home;
  if (p.rfind("~/", 0) == 0) return home + p.substr(1);
  // ~NAME is NAME's home (bash looks it up): /root for root, which is this
  // home when the hook runs as root; for anyone else, and for ~+ and ~-
  // (the working directories), a place known only at run time.
  if (p.size() > 1 && p[0] == '~') {
    size_t slash = p.find('/');
    std::string name = p.substr(1, slash == std::string::npos ? std::string::npos : slash - 1);
    std::string rest = slash == std::string::npos ? "" : p.substr(slash);
    bool user = name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") ==
                std::string::npos;
    if (name == "root") return "/root" + rest;
    if (user || name == "+" || name == "-") return std::string(1, kHole) + rest;
  }
  return p;
}

// A rule's pattern split into its anchor directory and the rest. Views into
// the rule and the context, so that compiling a rule copies nothing twice.
struct Anchored {
  std::string_view base;  // the anchor directory, taken literally; "" for the filesystem root
  std::string_view rest;  // "/…", or for a relative rule the text after its "./"s
  bool relative = false;  // rest has no leading '/'
};

Anchored Anchor(const Rule& r, const PathContext& ctx) {
  std::string_view spec = r.specifier;
  if (spec.starts_with("//")) return {"", spec.substr(1), false};
  if (spec == "~" || spec.starts_with("~/")) return {ctx.home, spec.size() > 1 ? spec.substr(1) : "/", false};
  if (spec.starts_with("/")) {
    std::string_view base = r.anchor.empty() ? ctx.cwd : r.anchor;
    return {base == "/" ? "" : base, spec, false};
  }
  while (spec.starts_with("./")) spec.remove_prefix(2);
  return {ctx.cwd, spec, true};
}

// Adds `p` (and its "everything below" form) unless already there.
void AddPattern(std::vector<std::string>& out, std::string p) {
  if (std::find(out.begin(), out.end(), p) != out.end()) return;
  std::string below = p + '/' + kStar;
  out.push_back(std::move(p));
  out.push_back(std::move(below));
}

// Every pattern text the rule stands for, as absolute globs.
std::vector<std::string> RulePatterns(const Rule& r, const Anchored& a) {
  // "dir/" is everything under dir; so is a bare "./".
  const bool dir_only = a.rest.empty() ? a.relative : a.rest.back() == '/';
  // Relative rules with one segment, and relative deny/ask rules, match at any depth.
  const bool any_depth = a.relative && (a.rest.find('/') == std::string_view::npos || r.kind != RuleKind::kAllow);
  std::string tail;  // the rest as pattern text, from its '/'
  tail.reserve(a.rest.size() + 2);
  if (a.relative) tail += '/';
  AppendGlob(tail, a.rest);
  if (dir_only) tail += kStar;
  std::vector<std::string> out;
  out.reserve(any_depth ? 6 : 4);
  const std::string mid{'/', kStar, '/'};
  for (bool deep : {false, true}) {
    if (deep && !any_depth) break;
    std::string p;
    p.reserve(a.base.size() + tail.size() + 2);
    p.append(a.base);
    if (deep) p.append({'/', kStar});
    p.append(tail);
    // "a/**/b" also matches "a/b".
    size_t at = p.find(mid);
    std::string zero = at == std::string::npos ? "" : p.substr(0, at) + p.substr(at + 2);
    AddPattern(out, std::move(p));
    if (!zero.empty()) AddPattern(out, std::move(zero));
  }
  return out;
}

std::string LiteralPath(const Anchored& a) {
  std::string path;
  path.reserve(a.base.size() + a.rest.size() + 1);
  path.append(a.base);
  if (a.relative) path += '/';
  const size_t rest_at = path.size();
  path.append(a.rest);
  size_t glob = path.find_first_of("*?[", rest_at);
  if (glob != std::string::npos) {
    size_t slash = path.rfind('/', glob);
    path.resize(slash == std::string::npos ? 0 : slash);
  }
  return NormalizePath(path.empty() ? "/" : path);
}

// /proc/self/cwd and /proc/self/root (or thread-self, $$, a pid) are the
// working and root directories: `cd config && cat /proc/self/cwd/prod.env`
// reads config/prod.env. `dir` is the working directory ("" if unknown).
std::string ThroughProcLinks(const std::string& p, const std::string& dir) {
  std::string q;  // "//" and "/./" collapsed; ".." after the link is the link's parent
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] == '/' && !q.empty() && q.back() == '/') continue;
    if (p[i] == '.' && q.size() > 0 && q.back() == '/' && (i + 1 == p.size() || p[i + 1] == '/')) {
      ++i;
      continue;
    }
    q += p[i];
  }
  if (q.rfind("/proc/", 0) != 0) return p;
  size_t slash = q.find('/', 6);
  std::string who = q.substr(6, slash == std::string::npos ? std::string::npos : slash - 6);
  bool digits = !who.empty() && who.find_first_not_of("0123456789") == std::string::npos;
  bool self = who == "self" || who == "thread-self" || who == std::string(1, kHole);
  if ((!self && !digits) || slash == std::string::npos) return p;
  for (std::string link : {"/cwd", "/root"}) {
    if (q.compare(slash, link.size(), link) != 0) continue;
    size_t end = slash + link.size();
    if (end < q.size() && q[end] != '/') continue;
    std::string rest = q.substr(end);
    if (link == "/root") return rest.empty() ? "/" : rest;
    bool known = self && !dir.empty() && dir[0] == '/';
    return (known ? dir : std::string(1, kHole)) + rest;
  }
  return p;
}

}  // namespace

std::string ResolvePath(const std::string& path, const std::string& cwd, const std::string& home) {
  if (path.empty()) return path;
  // A path that starts with unknown text ("$HOME/.ssh", "$D/x") may be
  // absolute: it is not anchored at cwd. A glob hole is one name's text.
  bool glob_first = GlobHoleAt(path, 0);
  if (path[0] == kHole && !glob_first) return path;
  std::string p = glob_first ? path : ExpandHome(path, home);
  if (p[0] == kHole && !glob_first) return p;  // ~NAME: another user's home
  std::string dir = ExpandHome(cwd, home);
  if (p[0] != '/') {
    if (dir.empty() || dir[0] != '/') return std::string(1, kHole) + "/" + p;
    p = dir + "/" + p;
  }
  p = ThroughProcLinks(p, dir);
  return p[0] == kHole ? p : NormalizePath(p);
}

std::string RuleLiteralPath(const Rule& rule, const PathContext& ctx) {
  return rule.matches_all ? "/" : LiteralPath(Anchor(rule, ctx));
}

std::vector<std::string> RuleNames(const Rule& rule) {
  std::vector<std::string> names;
  std::string_view spec = rule.specifier;
  if (spec.starts_with("~")) spec.remove_prefix(1);
  while (!spec.empty()) {
    size_t slash = spec.find('/');
    std::string_view part = spec.substr(0, slash);
    if (!part.empty() && part != "." && part != ".." && part.find_first_of("*?[") == std::string_view::npos)
      names.emplace_back(part);
    if (slash == std::string_view::npos) break;
    spec.remove_prefix(slash + 1);
  }
  return names;
}

CompiledPathRule CompilePathRule(const Rule& rule, const PathContext& ctx) {
  CompiledPathRule c;
  c.rule = &rule;
  if (rule.matches_all) {
    c.literal = "/";
  } else {
    Anchored a = Anchor(rule, ctx);
    c.patterns = RulePatterns(rule, a);
    c.literal = LiteralPath(a);
  }
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
