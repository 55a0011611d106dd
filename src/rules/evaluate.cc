#include "rules/evaluate.h"

#include "base/strings.h"
#include "rules/file_access.h"
#include "rules/link_aliases.h"
#include "rules/matcher.h"
#include "rules/normalize.h"
#include "rules/path_rule.h"
#include "rules/units.h"

namespace paddock::rules {
namespace {

bool AppliesToTool(const Rule& r, const std::string& tool) {
  if (r.ignored) return false;
  if (r.tool == tool) return true;
  if (r.tool_is_glob) return GlobMatch(SimpleGlob(r.tool), tool, MatchMode::kDefinite);
  // mcp__server covers every tool of that server.
  if (r.tool.rfind("mcp__", 0) == 0 && r.tool.find("__", 5) == std::string::npos && !r.has_specifier)
    return tool.rfind(r.tool + "__", 0) == 0;
  return false;
}

bool IsBashCommandRule(const Rule& r) { return AppliesToTool(r, "Bash") && !r.is_param_rule; }

// Subject of a layer: words joined by single spaces; process substitutions are holes.
std::string Subject(const Words& w, bool fold_argv0) {
  std::string s;
  for (size_t i = 0; i < w.size(); ++i) {
    if (i) s += ' ';
    if (!w[i].empty() && w[i][0] == kProcMark) {
      s += kHole;
      continue;
    }
    if (i == 0 && fold_argv0) {
      size_t slash = w[0].rfind('/');
      std::string last = slash == std::string::npos ? w[0] : w[0].substr(slash + 1);
      s += last.find(kHole) == std::string::npos ? CommandName(w[0]) : w[0];
      continue;
    }
    s += FullHoles(w[i]);  // a Bash rule's '*' knows no file names
  }
  return s;
}

// A glob hole as glob(3) text: '*', and every other character literal.
std::string GlobPattern(const std::string& path) {
  std::string out;
  for (char c : path) {
    if (IsGlobMark(c)) continue;
    if (c == kHole) out += '*';
    else if (c == '*' || c == '?' || c == '[' || c == '\\') out += '\\', out += c;
    else out += c;
  }
  return out;
}

// The paths a Read or Edit rule is checked against: the path and, on a host
// that answers, what it resolves to. A path with glob holes is checked as
// the files the glob names now, each resolved (a symlink `notes.md` to
// .env); when those cannot be listed, its glob holes become full holes.
std::vector<std::string> PathCandidates(const std::string& abs, const EvalContext& ctx) {
  std::vector<std::string> out{abs};
  if (!ctx.realpath) return out;
  auto add_real = [&](const std::string& path) {
    std::string real = ctx.realpath(path);
    if (!real.empty() && real != path) out.push_back(real);
  };
  if (abs.find(kHole) == std::string::npos) {
    add_real(abs);
    return out;
  }
  if (!HasGlobHole(abs)) return out;
  auto named = OnlyGlobHoles(abs) && ctx.expand_glob ? ctx.expand_glob(GlobPattern(abs)) : std::nullopt;
  if (!named) return {FullHoles(abs)};
  for (const auto& path : *named) {
    out.push_back(path);
    add_real(path);
  }
  return out;
}

Hit MatchPatterns(const std::vector<std::string>& patterns, const std::string& subject) {
  bool dynamic = subject.find(kHole) != std::string::npos;
  Hit best = Hit::kNone;
  for (const auto& p : patterns) {
    if (GlobMatch(p, subject, MatchMode::kDefinite)) return Hit::kDefinite;
    if (dynamic && GlobMatch(p, subject, MatchMode::kPossible)) best = Hit::kPossible;
  }
  return best;
}

// `layer` for rules with path patterns (`Bash(/usr/bin/*)`), whose first
// word is compared as written.
Hit MatchBash(const Rule& r, const std::string& subject, const Words& layer) {
  if (r.matches_all) return Hit::kDefinite;
  Hit h = MatchPatterns(r.bash_patterns, subject);
  if (h == Hit::kDefinite || r.bash_path_patterns.empty()) return h;
  Hit raw = MatchPatterns(r.bash_path_patterns, Subject(layer, false));
  return raw != Hit::kNone ? raw : h;
}

std::string Where(const std::string& where) { return where.empty() ? "" : " (" + where + ")"; }

// Does a path with holes statically name one of the rule's names (".ssh" in "$HOME/.ssh/id")?
bool NamesRuleTarget(const std::vector<std::string>& names, const std::string& path) {
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    std::string part = path.substr(start, end - start);
    for (const auto& n : names)
      if (part == n) return true;
    start = end + 1;
  }
  return false;
}

// Is `path` a directory with entries now? Only through the context's glob
// (the hook's view of the host); unknown counts as one.
bool MayBeDirectory(const std::string& path, const EvalContext& ctx) {
  if (!ctx.expand_glob) return false;
  std::string escaped;
  for (char ch : path) {
    if (OneOf("*?[\\", ch)) escaped += '\\';
    escaped += ch;
  }
  for (const char* names : {"/*", "/.[!.]*", "/..?*"}) {
    auto found = ctx.expand_glob(escaped + names);
    if (!found || !found->empty()) return true;
  }
  return false;
}

// Does a recursive reader's filter skip what rule `c` protects below `root`
// (grep -r --exclude=.env KEY .)? A rule that does not match its literal
// path protects a directory (Read(./secrets/**)); one that does names a
// file (Read(./.env)), unless a directory is there now (grep's --exclude
// skips files only: Read(./secrets) over a directory).
bool SkippedBelow(const TreeFilter& filter, const CompiledPathRule& c, const std::string& root,
                  const EvalContext& ctx) {
  if (filter.Empty() || c.literal.size() <= root.size() || root.find(kHole) != std::string::npos) return false;
  std::string_view rel = std::string_view(c.literal).substr(root == "/" ? 1 : root.size() + 1);
  bool dir = MatchPathRule(c, c.literal) == Hit::kNone || MayBeDirectory(c.literal, ctx);
  return TreeFilterSkips(filter, rel, dir);
}

// What a unit reads and writes: its redirect targets (in the shell's
// directory) and its layers' operands (in the directory a wrapper such as
// `env -C DIR` moved the layer to).
std::vector<FileAccess> UnitFileAccesses(const Unit& u) {
  std::vector<FileAccess> files = RedirectAccesses(u.redirects);
  for (const auto* env : {&u.assignments, &u.wrapper_env})
    for (auto& f : EnvironmentAccesses(*env)) files.push_back(std::move(f));
  for (size_t i = 0; i < u.layers.size(); ++i) {
    auto more = LayerFileAccesses(u.layers[i]);
    if (i < u.layer_cwds.size())
      for (auto& f : more) f.cwd = u.layer_cwds[i];
    files.insert(files.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  }
  return files;
}

struct Finding {
  Hit hit = Hit::kNone;
  std::string text;
};

// Deny or ask rules against every layer and every file a unit touches.
Finding Restrictive(const std::vector<Rule>& rules, const std::vector<Rule>& read_denies, const Extraction& ex,
                    const EvalContext& ctx, const char* kind) {
  Finding possible;
  std::vector<const Rule*> command_rules, path_sources;
  for (const auto& r : rules)
    if (IsBashCommandRule(r)) command_rules.push_back(&r);
  for (const auto* list : {&rules, &read_denies})
    for (const auto& r : *list)
      if (!r.ignored && !r.is_param_rule && (r.tool == "Read" || r.tool == "Edit")) path_sources.push_back(&r);
  // Path rules are compiled when the first file access needs them: many
  // commands name no file.
  PathContext pctx{ctx.cwd, ctx.home};
  std::vector<CompiledPathRule> path_rules;
  auto compiled_path_rules = [&]() -> const std::vector<CompiledPathRule>& {
    if (path_rules.empty())
      for (const Rule* r : path_sources) path_rules.push_back(CompilePathRule(*r, pctx));
    return path_rules;
  };
  const std::vector<LinkAlias> links = path_sources.empty() ? std::vector<LinkAlias>{} : LinksMade(ex, ctx.home);
  auto note = [&](Hit h, const std::string& text) -> bool {
    if (h == Hit::kDefinite) return true;
    if (h == Hit::kPossible && possible.hit == Hit::kNone) possible = {Hit::kPossible, text};
    return false;
  };
  for (const auto& u : ex.units) {
    for (const auto& layer : u.layers) {
      if (command_rules.empty()) break;
      std::string subject = Subject(layer, true);
      for (const Rule* r : command_rules) {
        Hit h = MatchBash(*r, subject, layer);
        if (h == Hit::kNone) continue;  // explanations are built only for hits
        std::string text = std::string(kind) + ": " + r->text + (h == Hit::kPossible ? " may match '" : " matched '") +
                           DisplayWords(layer) + "'" + Where(u.where);
        if (note(h, text)) return {Hit::kDefinite, text};
      }
    }
    // Read/Edit rules on recognised readers, writers and redirect targets.
    if (path_sources.empty()) continue;
    bool makes_link = std::any_of(u.layers.begin(), u.layers.end(),
                                  [](const Words& w) { return !w.empty() && CommandName(w[0]) == "ln"; });
    for (const auto& f : UnitFileAccesses(u)) {
      const auto& compiled_rules = compiled_path_rules();
      const std::string& cwd = f.cwd ? *f.cwd : u.cwd;
      std::string abs = ResolvePath(f.path, cwd, ctx.home);
      std::vector<std::string> candidates = PathCandidates(abs, ctx);
      // Not for ln's own operands: LINK and LINK/NAME are two readings of
      // one word, not a path through the link it makes.
      for (const auto& through : makes_link ? std::vector<std::string>{} : ThroughLinks(abs, links)) {
        auto more = PathCandidates(through, ctx);
        candidates.insert(candidates.end(), more.begin(), more.end());
      }
      for (const auto& c : compiled_rules) {
        const Rule& r = *c.rule;
        bool applies = (r.tool == "Read" && !f.metadata_only) || (r.tool == "Edit" && f.write);
        if (!applies) continue;
        for (const auto& path : candidates) {
          // A dynamic argument of an arbitrary program (npm install "$X") is
          // not a read of everything: only when it names what the rule protects.
          if (!f.recognised && path.find(kHole) != std::string::npos && !NamesRuleTarget(c.names, path)) continue;
          Hit h = MatchPathRule(c, path);
          std::string above;
          // A recursive read of a directory reads what is below it (tar cf - ~,
          // grep -r KEY .); so does a write that creates or removes a tree (cp -r
          // SRC DIR, rm -r DIR).
          bool tree = f.below && !(f.below_if_created && PathIsWithin(ResolvePath(".", cwd, ctx.home), path));
          if (h == Hit::kNone && tree && (h = ContainsRulePath(c, path)) != Hit::kNone) {
            if (h == Hit::kDefinite && SkippedBelow(f.filter, c, path, ctx)) continue;
            above = ", a directory above '" + c.literal + "'";
          }
          if (h == Hit::kNone) continue;
          std::string text = std::string(kind) + ": " + r.text + (h == Hit::kPossible ? " may match " : " matched ") +
                             (f.write ? "write to '" : "read of '") + Display(f.path) + "'" +
                             (&path == &candidates[0] ? "" : " (as '" + path + "')") + above + Where(u.where);
          if (note(h, text)) return {Hit::kDefinite, text};
        }
      }
    }
  }
  return possible;
}

// "N=V N2=V2 " for literal assignments; "" when there are none or a value is unknown.
std::string AssignmentText(const std::vector<Assign>& assignments) {
  std::string out;
  for (const auto& a : assignments) {
    if (a.value.find(kHole) != std::string::npos) return "";
    out += a.name + "=" + a.value + " ";
  }
  return out;
}

// Does an allow rule approve the allow view `view` (reached by stripping the
// wrapper layers `stripped`)? `env` is the unit's assignments as text; when
// `env_free` is false only a rule spelling them out may approve.
bool AllowRulesCover(const RuleSet& rules, const Words& view, const std::vector<Words>& stripped,
                     const std::string& env, bool env_free) {
  std::string subject = Subject(view, false);
  std::string with_env = env.empty() ? "" : env + subject;
  bool exact_only = ExactAllowOnly(view);
  // A rule that names a stripped wrapper layer exactly approves it too
  // (`Bash(timeout 5 make)`); with a wildcard it would approve any command
  // the wrapper runs, which stripping exists to prevent.
  std::vector<std::string> layer_subjects;
  for (const auto& layer : stripped) {
    if (env_free) layer_subjects.push_back(Subject(layer, false));
    if (!env.empty()) layer_subjects.push_back(env + Subject(layer, false));
  }
  for (const auto& r : rules.allow) {
    if (!IsBashCommandRule(r)) continue;
    if (r.matches_all && env_free) return true;
    for (const auto& p : r.bash_patterns) {
      bool wild = p.find(kStar) != std::string::npos;
      if (exact_only && wild) continue;
      if (!with_env.empty() && p.compare(0, env.size(), env) == 0 && GlobMatch(p, with_env, MatchMode::kDefinite))
        return true;
      if (!wild && std::find(layer_subjects.begin(), layer_subjects.end(), p) != layer_subjects.end()) return true;
      if (env_free && GlobMatch(p, subject, MatchMode::kDefinite)) return true;
    }
  }
  return false;
}

bool AllowCoversUnit(const Unit& u, const RuleSet& rules, const EvalContext& ctx, std::string* why) {
  PathContext pctx{ctx.cwd, ctx.home};
  for (const auto& r : u.redirects) {
    if (!IsOutputRedirect(r) || IsHarmlessOutput(r)) continue;
    std::string abs = ResolvePath(r.target, u.cwd, ctx.home);
    bool ok = false;
    for (const auto& rule : rules.allow)
      if (!rule.ignored && rule.tool == "Edit" && MatchPathRule(rule, abs, pctx) == Hit::kDefinite) ok = true;
    if (!ok) {
      *why = "output redirect to '" + Display(r.target) + "' is not covered by an Edit allow rule";
      return false;
    }
  }
  if (u.words.empty()) {
    for (const auto& a : u.assignments) {
      auto view = AllowView({"true"}, {a});
      if (!view) {
        *why = "assignment to " + a.name + " is not approved";
        return false;
      }
    }
    return true;
  }
  std::vector<Words> stripped;
  auto view = AllowView(u.words, u.assignments, &stripped);
  // An allow rule that spells out the unit's leading assignments
  // (`Bash(LANG=C make)`, `Bash(FOO=1 npm test:*)`) approves it with them,
  // whatever the variable: the rule names that environment. Values must be static.
  const bool env_free = view.has_value();
  std::string env = AssignmentText(u.assignments);
  if (!view && !env.empty()) {
    stripped.clear();
    view = AllowView(u.words, {}, &stripped);
  }
  if (!view || view->empty()) {
    *why = "'" + DisplayWords(u.words) + "' cannot be approved by an allow rule";
    return false;
  }
  if (AllowRulesCover(rules, *view, stripped, env, env_free)) return true;
  *why = "'" + DisplayWords(*view) + "'" + Where(u.where) + " is not covered by an allow rule";
  return false;
}

}  // namespace

const char* VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kPassthrough: return "passthrough";
    case Verdict::kAllow: return "allow";
    case Verdict::kAsk: return "ask";
    case Verdict::kDeny: return "deny";
  }
  return "?";
}

Decision EvaluateBash(std::string_view command, const RuleSet& rules, const EvalContext& ctx) {
  // A rule for the whole tool (`Bash`, `Bash(*)`, `*`) decides every call,
  // one that runs nothing (`# note`, `x=1`) included.
  for (const auto* list : {&rules.deny, &rules.ask})
    for (const auto& r : *list)
      if (IsBashCommandRule(r) && r.matches_all)
        return {list == &rules.deny ? Verdict::kDeny : Verdict::kAsk,
                std::string(list == &rules.deny ? "deny: " : "ask: ") + r.text + " covers every command"};
  ExtractOptions opt;
  opt.cwd = ctx.cwd;
  Extraction ex = Extract(command, opt);
  std::vector<Rule> read_denies;  // a Read deny also blocks writes (already in `deny`)
  Finding deny = Restrictive(rules.deny, read_denies, ex, ctx, "deny");
  if (deny.hit == Hit::kDefinite) return {Verdict::kDeny, deny.text};
  if (deny.hit == Hit::kPossible) return {Verdict::kAsk, deny.text + " (depends on run-time values)"};
  if (!ex.opaque.empty() && rules.HasBashRestrictions()) {
    const auto& o = ex.opaque.front();
    return {Verdict::kAsk, "ask: command cannot be fully checked: " + o.what + Where(o.where)};
  }
  Finding ask = Restrictive(rules.ask, read_denies, ex, ctx, "ask");
  if (ask.hit != Hit::kNone) return {Verdict::kAsk, ask.text};
  if (rules.allow.empty()) return {Verdict::kPassthrough, "passthrough: no rule decides"};
  if (!ex.opaque.empty())
    return {Verdict::kPassthrough, "passthrough: " + ex.opaque.front().what + Where(ex.opaque.front().where)};
  bool any = false;
  for (const auto& u : ex.units) {
    std::string why;
    if (!AllowCoversUnit(u, rules, ctx, &why)) return {Verdict::kPassthrough, "passthrough: " + why};
    any = any || !u.words.empty();
  }
  if (!any) return {Verdict::kPassthrough, "passthrough: nothing runs"};
  return {Verdict::kAllow, "allow: all subcommands covered by allow rules"};
}

}  // namespace paddock::rules
