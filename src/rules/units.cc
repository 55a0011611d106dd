// Execution units (docs/policy-semantics.md §Pipeline): control flow. Bash
// runs some parts of a command string only on some paths (&&, ||, if, case),
// some repeatedly (loops), some in a subshell (pipelines, $( ), &) and some at
// a time of their own (functions). The walker follows that, so what it knows
// about a variable afterwards holds on every path.
#include "rules/units.h"

#include <algorithm>
#include <set>

#include "base/strings.h"
#include "rules/code_use.h"
#include "rules/normalize.h"
#include "rules/unwrap.h"
#include "rules/walker.h"
#include "rules/wrappers.h"

namespace paddock::rules {
namespace internal {
namespace {

using shell::Command;
using shell::CommandKind;
using shell::Script;

bool AllStatic(const Words& w) {
  for (const auto& x : w)
    if (IsDynamic(x)) return false;
  return true;
}

bool IsLiteralWord(const shell::Word& w, const char* text) {
  return w.parts.size() == 1 && w.parts[0].kind == shell::PartKind::kLiteral && !w.parts[0].quoted &&
         w.parts[0].text == text;
}

}  // namespace

Walker::Walker(const ExtractOptions& o, const Facts& facts) : opt_(o), facts_(facts) {
  state_ = FreshShell(o.cwd);
  state_.env.proc_scripts = &procs_;
  work_left_ = o.max_work;
}

void Walker::Run(std::string_view command) {
  Code(command, "", Ctx::kSameShell, state_.fds);
  // What the string writes matters only where it runs a file it wrote:
  // without both, it is no fact (and costs no second pass).
  if (!written_asked_ || facts_.written.empty()) {
    facts_.written.clear();
    facts_.unseen_writers.clear();
  }
}

// Only the first reason is shown; the rest would only cost memory when a
// command repeats the same unknowable part many times.
void Walker::Opaque(const std::string& what, const std::string& where) {
  constexpr size_t kKeptOpaque = 16;
  if (out_.opaque.size() < kKeptOpaque) out_.opaque.push_back({what, where});
}

// Every walk and evaluation draws on one budget for the whole command; a deep
// walk costs more because each unit it finds carries its long location.
bool Walker::Spend(int cost, const std::string& where) {
  if (work_left_ < 0) return false;
  work_left_ -= cost;
  if (work_left_ >= 0) return true;
  Opaque("command too complex to evaluate", where);
  return false;
}

void Walker::WalkScript(const Script& script, const std::string& where) {
  if (!Spend(1 + static_cast<int>(where.size() / 64), where)) return;
  if (++walk_depth_ > opt_.max_walk_depth) {
    Opaque("command nested too deeply", where);
    --walk_depth_;
    return;
  }
  size_t item = 0;
  bool many = script.pipelines.size() > 1;
  for (const auto& p : script.pipelines) {
    ++item;
    // After a failed assignment bash may have abandoned the rest of the line.
    bool conditional = p.connector != shell::Connector::kSequence || state_.may_skip;
    if (p.background) {  // a subshell: its assignments do not come back
      ShellState before = state_;
      WalkPipeline(p, where, item, many);
      state_ = before;
    } else if (conditional) {  // runs or not: keep what holds either way
      ShellState before = state_;
      WalkPipeline(p, where, item, many);
      state_ = Meet(before, state_);
    } else {
      WalkPipeline(p, where, item, many);
    }
  }
  --walk_depth_;
}

void Walker::WalkPipeline(const shell::Pipeline& p, const std::string& where, size_t item, bool many) {
  auto label_of = [&](size_t seg) {
    std::string label = where;
    if (many || p.commands.size() > 1) {
      if (!label.empty()) label += ", ";
      label += p.commands.size() > 1 ? "pipeline segment " + std::to_string(seg) : "subcommand " + std::to_string(item);
      if (p.commands.size() > 1 && many) label += " of subcommand " + std::to_string(item);
    }
    return label;
  };
  if (p.commands.size() == 1) {
    WalkCommand(p.commands[0], label_of(1));
    return;
  }
  // Every segment but (with lastpipe) the last runs in a subshell, all of
  // them with their stdin replaced by the pipe.
  ShellState before = state_;
  const Command* prev = nullptr;
  Source prev_in = state_.fds.Get(0);
  size_t seg = 0;
  for (const auto& cmd : p.commands) {
    ++seg;
    if (prev) {
      Source in = OutputOf(*prev, prev_in);
      state_.fds.fds[0] = in;
      prev_in = in;
    }
    WalkCommand(cmd, label_of(seg));
    if (seg < p.commands.size()) state_ = before;
    prev = &cmd;
  }
  ShellState after = state_;
  after.fds = before.fds;
  state_ = Meet(before, after);
}

void Walker::WalkSubshell(const Script& s, const std::string& where) {
  ShellState before = state_;
  WalkScript(s, where);
  state_ = before;
}

void Walker::WalkWordScripts(const shell::Word& w, const std::string& where) {
  for (const auto& part : w.parts) {
    const char* what = part.kind == shell::PartKind::kProcessSubst ? "process substitution" : "command substitution";
    for (const auto& s : part.scripts)
      if (s) WalkSubshell(*s, Join(where, what));
  }
}

void Walker::CheckWord(const shell::Word& w, const std::string& where) {
  ArithFindings f;
  CheckWordExpansions(w, state_.env, false, f);
  ApplyFindings(f, where);
}

void Walker::WalkCommandWords(const Command& cmd, const std::string& where) {
  bool for_arith = cmd.kind == CommandKind::kFor && cmd.name.empty();
  for (const auto& a : cmd.assignments) {
    WalkWordScripts(a.subscript, where);
    WalkWordScripts(a.value, where);
    CheckWord(a.value, where);
    for (size_t i = 0; i < a.elements.size(); ++i) {
      WalkWordScripts(a.elements[i], where);
      WalkWordScripts(a.element_subscripts[i], where);
      CheckWord(a.elements[i], where);
    }
  }
  for (const auto& w : cmd.words) {
    WalkWordScripts(w, where);
    if (!for_arith) CheckWord(w, where);
  }
  for (const auto& r : cmd.redirects) {
    WalkWordScripts(r.target, where);
    CheckWord(r.target, where);
    if (!r.heredoc_quoted) {
      WalkWordScripts(r.heredoc_word, Join(where, "heredoc"));
      CheckWord(r.heredoc_word, Join(where, "heredoc"));
    }
  }
}

std::vector<Redir> Walker::ExpandRedirects(const Command& cmd) {
  std::vector<Redir> out;
  for (const auto& r : cmd.redirects) {
    Redir x;
    x.op = r.op;
    x.fd = r.fd;
    if (r.op != "<<" && r.op != "<<-") {
      auto t = ExpandWord(r.target, state_.env);
      x.target = t.size() == 1 ? t[0] : std::string(1, kHole);
    }
    out.push_back(std::move(x));
  }
  return out;
}

void Walker::WalkCommand(const Command& cmd, const std::string& where) {
  WalkCommandWords(cmd, where);
  if (cmd.kind == CommandKind::kSimple) {
    Simple(cmd, where);
    return;
  }
  // A compound command's redirections hold while it runs; the files they
  // write are opened here, before its body may change directory.
  FdTable outer = state_.fds;
  if (!cmd.redirects.empty()) {
    Unit opened;
    opened.redirects = ExpandRedirects(cmd);
    RecordWrites(cmd, opened, state_.fds);
    state_.fds = Redirected(cmd, state_.fds, where);
  }
  switch (cmd.kind) {
    case CommandKind::kFunction: DefineFunction(cmd, where); break;
    case CommandKind::kSubshell:
      for (const auto& b : cmd.bodies) WalkSubshell(*b, Join(where, "subshell"));
      break;
    case CommandKind::kCoproc:
      for (const auto& b : cmd.bodies) WalkSubshell(*b, Join(where, "coprocess"));
      ApplyWrite(WriteOf(cmd.name.empty() ? "COPROC" : cmd.name, VarWrite::kArray), where);
      ApplyWrite(WriteOf((cmd.name.empty() ? "COPROC" : cmd.name) + "_PID", VarWrite::kInteger), where);
      break;
    case CommandKind::kIf: WalkIf(cmd, where); break;
    case CommandKind::kCase: WalkCase(cmd, where); break;
    case CommandKind::kWhile:
    case CommandKind::kUntil:
      WalkLoop([&] {
        WalkScript(*cmd.bodies[0], where);
        if (cmd.bodies.size() > 1) WalkScript(*cmd.bodies[1], where);
      });
      break;
    case CommandKind::kFor:
    case CommandKind::kSelect: WalkFor(cmd, where); break;
    case CommandKind::kCond: WalkCond(cmd, where); break;
    case CommandKind::kArith:  // (( )): checked with the words
    case CommandKind::kGroup:
    default:
      for (const auto& b : cmd.bodies) WalkScript(*b, where);
  }
  if (!cmd.redirects.empty()) state_.fds = outer;
  // Output redirections of a compound command still write files.
  if (!cmd.redirects.empty()) {
    Unit u;
    u.redirects = ExpandRedirects(cmd);
    u.where = where;
    u.cwd = state_.cwd;
    out_.units.push_back(std::move(u));
  }
}

void Walker::WalkIf(const Command& cmd, const std::string& where) {
  // bodies: cond, then, [cond, then]..., [else]
  std::vector<ShellState> ends;
  size_t i = 0;
  for (; i + 1 < cmd.bodies.size(); i += 2) {
    WalkScript(*cmd.bodies[i], where);
    ShellState after_cond = state_;
    WalkScript(*cmd.bodies[i + 1], where);
    ends.push_back(state_);
    state_ = after_cond;
  }
  if (i < cmd.bodies.size()) WalkScript(*cmd.bodies[i], where);
  for (const auto& e : ends) state_ = Meet(state_, e);
}

void Walker::WalkCase(const Command& cmd, const std::string& where) {
  // An arm runs after the match or, with ;& / ;;&, after the arm before it.
  ShellState start = state_;
  ShellState result = start;
  for (const auto& arm : cmd.bodies) {
    state_ = Meet(start, state_);
    WalkScript(*arm, where);
    result = Meet(result, state_);
  }
  state_ = result;
}

void Walker::WalkFor(const Command& cmd, const std::string& where) {
  if (cmd.kind == CommandKind::kFor && cmd.name.empty()) {  // for ((init; cond; step))
    std::string text = cmd.words.empty() || cmd.words[0].parts.empty() ? "" : cmd.words[0].parts[0].text;
    std::vector<std::string> exprs(3);
    int depth = 0, k = 0;
    for (char c : text) {
      if (c == '(') ++depth;
      if (c == ')') --depth;
      if (c == ';' && depth == 0 && k < 2) {
        ++k;
        continue;
      }
      exprs[k] += c;
    }
    auto check = [&](const std::string& e) {
      ArithFindings f;
      CheckArithSource(e, state_.env, false, f);
      ApplyFindings(f, where);
    };
    check(exprs[0]);
    WalkLoop([&] {
      check(exprs[1]);
      for (const auto& b : cmd.bodies) WalkScript(*b, where);
      check(exprs[2]);
    });
    return;
  }
  // The loop variable takes each word in turn: integers if all are, one
  // literal if there is one word.
  VarWrite var = WriteOf(cmd.name, VarWrite::kUnknown);
  Words list = ExpandWords(cmd.words, state_.env);
  bool has_list = !cmd.words.empty() && AllStatic(list) && !list.empty();
  // "${!arr[@]}": the indices of an indexed array are integers.
  auto indices = [&](const shell::Word& w) {
    if (w.parts.size() != 1 || w.parts[0].kind != shell::PartKind::kParam) return false;
    const std::string& raw = w.parts[0].raw;
    if (raw.size() < 5 || raw[0] != '!' || (raw.substr(raw.size() - 3) != "[@]" && raw.substr(raw.size() - 3) != "[*]"))
      return false;
    std::string name = raw.substr(1, raw.size() - 4);  // not associative anywhere, not a nameref
    return !facts_.maybe_assoc.count(name) && !facts_.namerefs.count(name) && !state_.env.assoc.count(name);
  };
  bool all_indices = !cmd.words.empty() && std::all_of(cmd.words.begin(), cmd.words.end(), indices);
  if (all_indices || (has_list && std::all_of(list.begin(), list.end(),
                                              [](const std::string& x) { return !x.empty() && IsIntegerText(x); })))
    var.kind = VarWrite::kInteger;
  else if ((has_list || (list.size() == 1 && OnlyGlobHoles(list[0]))) && list.size() == 1)
    var = VarWrite{cmd.name, "", false, VarWrite::kLiteral, list[0], false, false};  // `for f in *.md`: one name
  WalkLoop([&] {
    ApplyWrite(var, where);
    if (cmd.kind == CommandKind::kSelect) ApplyWrite(WriteOf("REPLY", VarWrite::kUnknown), where);
    for (const auto& b : cmd.bodies) WalkScript(*b, where);
  });
}

void Walker::WalkCond(const Command& cmd, const std::string& where) {
  static const char* kArithOps[] = {"-eq", "-ne", "-lt", "-le", "-gt", "-ge"};
  const auto& w = cmd.words;
  for (size_t i = 0; i < w.size(); ++i) {
    for (const char* op : kArithOps) {
      if (!IsLiteralWord(w[i], op)) continue;
      for (size_t j : {i - 1, i + 1}) {
        if (i == 0 && j == i - 1) continue;
        if (j >= w.size()) continue;
        ArithFindings f;
        CheckArithWord(w[j], state_.env, f);
        ApplyFindings(f, where);
      }
    }
    if (IsLiteralWord(w[i], "-v") && i + 1 < w.size()) {
      ArithFindings f;  // [[ ]] neither splits nor globs its operands
      CheckNameOperand(AssignmentValue(w[i + 1], state_.env), state_.env, f);
      ApplyFindings(f, where);
    }
    if (IsLiteralWord(w[i], "=~")) ApplyWrite(WriteOf("BASH_REMATCH", VarWrite::kArray), where);
  }
}

WriteLog Walker::DryRun(const std::function<void()>& iteration) {
  ShellState saved = state_;
  bool was_dry = dry_;
  Extraction saved_out = std::move(out_);
  out_ = {};
  dry_ = true;
  WriteLog log;
  logs_.push_back(&log);
  iteration();
  logs_.pop_back();
  dry_ = was_dry;
  out_ = std::move(saved_out);
  state_ = std::move(saved);
  return log;
}

// A loop body runs zero or more times, each time from what the previous
// iteration left. Two dry passes find what it changes; the real pass starts
// from a state where those names are unknown (or integers, when every write
// stores one), which holds for every iteration.
void Walker::WalkLoop(const std::function<void()>& iteration) {
  if (dry_) {  // inside a pre-pass: one visit records the writes
    ShellState before = state_;
    iteration();
    state_ = Meet(before, state_);
    return;
  }
  ShellState start = state_;
  WriteLog first = DryRun(iteration);
  Forget(state_, first);
  WriteLog second = DryRun(iteration);
  if (!first.Covers(second)) {
    first.Merge(second);
    first.all_vars = true;
    state_ = start;
    Forget(state_, first);
  }
  ShellState entry = state_;
  iteration();
  state_ = Meet(entry, state_);
}

void Walker::DefineFunction(const Command& cmd, const std::string& where) {
  // The body runs when called, with whatever the caller has set: nothing is known.
  ShellState saved = state_;
  ShellState fresh = FreshShell(state_.cwd);
  fresh.env.ifs_unknown = true;
  fresh.env.proc_scripts = &procs_;
  fresh.fds.fds[0] = Source{Source::kDynamic, ""};  // the caller's: `f <<< code` feeds a shell in f
  fresh.in_function = true;
  state_ = fresh;
  WriteLog log;
  logs_.push_back(&log);
  for (const auto& b : cmd.bodies) WalkScript(*b, Join(where, "body of function " + cmd.name));
  logs_.pop_back();
  log.skips |= state_.may_skip;  // a failed assignment in the body abandons the caller's line
  state_ = saved;
  functions_[cmd.name].Merge(log);
}

namespace {

// A word that expands to exactly one word whatever its unknown parts hold:
// every expansion inside double quotes (not "$@"), no unquoted glob or brace.
bool ExpandsToOneWord(const shell::Word& w) {
  for (const auto& p : w.parts) {
    if (p.kind == shell::PartKind::kLiteral) {
      if (!p.quoted && p.text.find_first_of("*?[{") != std::string::npos) return false;
    } else if (!p.quoted || p.kind == shell::PartKind::kProcessSubst || p.text == "@" ||
               p.raw.find('@') != std::string::npos) {
      return false;
    }
  }
  return true;
}

// The expansions of dynamic words that are one word whatever their unknown
// parts hold, less any value another (splittable) word may also give.
std::set<std::string> OneWordExpansions(const std::vector<shell::Word>& words, const VarEnv& env) {
  std::set<std::string> one, other;
  for (const auto& w : words) {
    bool dynamic = std::any_of(w.parts.begin(), w.parts.end(),
                               [](const shell::WordPart& p) { return p.kind != shell::PartKind::kLiteral; });
    if (!dynamic) continue;
    Words expanded = ExpandWords({w}, env);
    bool single = expanded.size() == 1 && ExpandsToOneWord(w);
    for (auto& e : expanded) (single ? one : other).insert(std::move(e));
  }
  for (const auto& v : other) one.erase(v);
  return one;
}

// A wrapper's own words (options, their values, operands) with unknown
// parts that may split into several words move where its command starts:
// `timeout $T make` runs `rm make` when T is '5 rm'. Quoted, they cannot.
// find's start points and git's subcommand arguments are the command's own
// words, not the wrapper's (`find $D -name x`, `git push $R`).
bool WrapperWordMaySplit(const Words& layer, const std::set<std::string>& one_word) {
  const Wrapper* wrapper = FindWrapper(CommandName(layer[0]));
  if (!wrapper || wrapper->shape == Shape::kFind) return false;
  size_t own = std::min(WrapperOwnWords(layer), layer.size());
  if (wrapper->shape == Shape::kGit && own == layer.size()) return false;
  // A runner's subcommand that runs no command, right after its name (npm
  // test): after its literal "--", words are the script's arguments, never
  // the runner's options. (`npm -- exec x` runs exec: no subcommand yet.)
  const auto& subs = wrapper->subcommands;
  if (wrapper->shape == Shape::kRunner && own == layer.size() && !subs.empty() && layer.size() > 2 &&
      !IsDynamic(layer[1]) && !layer[1].starts_with("-") &&
      std::find(subs.begin(), subs.end(), layer[1]) == subs.end()) {
    auto dashes = std::find(layer.begin() + 1, layer.end(), "--");
    if (std::none_of(layer.begin() + 1, dashes, [](const std::string& w) { return IsDynamic(w); }))
      own = static_cast<size_t>(dashes - layer.begin());
  }
  for (size_t k = 1; k < own; ++k)
    if (IsDynamic(layer[k]) && !one_word.count(layer[k])) return true;
  return false;
}

// `cwd` after a wrapper's directory option (env -C DIR): "" if unknown.
std::string ChangedDir(const std::string& cwd, const std::string& dir) {
  if (dir.empty() || IsDynamic(dir)) return "";
  if (dir[0] == '/') return NormalizePath(dir);
  if (dir[0] == '~') return dir;  // resolved with the home, as cd's
  if (cwd.empty()) return "";
  return cwd[0] == '/' ? NormalizePath(cwd + "/" + dir) : cwd + "/" + dir;
}

// Each layer's working directory, when a wrapper changes it; else empty.
std::vector<std::string> LayerCwds(const std::vector<std::vector<std::string>>& chdirs, const std::string& cwd) {
  if (std::all_of(chdirs.begin(), chdirs.end(), [](const auto& c) { return c.empty(); })) return {};
  std::vector<std::string> out;
  for (const auto& changes : chdirs) {
    std::string dir = cwd;
    for (const auto& c : changes) dir = ChangedDir(dir, c);
    out.push_back(dir);
  }
  return out;
}

}  // namespace

void Walker::Simple(const Command& cmd, const std::string& where) {
  FdTable fds = Redirected(cmd, state_.fds, where);
  Unit u;
  u.words = ExpandWords(cmd.words, state_.env);  // before the prefix assignments take effect
  u.one_word = OneWordExpansions(cmd.words, state_.env);
  u.redirects = ExpandRedirects(cmd);
  u.where = where;
  u.cwd = state_.cwd;
  auto alias_texts = AliasTexts(cmd, where);  // expanded before the assignments, like the words
  ShellState before = state_;
  for (const auto& a : cmd.assignments) {
    u.assignments.push_back({a.name, a.is_array ? std::string(1, kHole) : AssignmentValue(a.value, state_.env)});
    Assignment(a, where);
  }
  if (cmd.words.empty()) {
    FollowCarried(UnwrapUnit({}, u.assignments).carried, u.where);
    out_.units.push_back(std::move(u));
    return;
  }
  RunAliasTexts(alias_texts, where, fds);
  std::vector<std::string> temporary;
  for (const auto& a : cmd.assignments) temporary.push_back(a.name);
  // Prefix assignments last for the command only, except before a POSIX
  // special builtin or a function in POSIX mode, or when the command itself
  // assigns the name (printf -v x): then either value may hold afterwards.
  static const std::set<std::string> kSpecial = {":",      ".",      "break",    "continue", "eval", "exec",
                                                 "exit",   "export", "readonly", "return",   "set",  "shift",
                                                 "source", "times",  "trap",     "unset"};
  bool may_keep =
      u.words.empty() || IsDynamic(u.words[0]) || kSpecial.count(u.words[0]) || functions_.count(u.words[0]);
  RecordWrites(cmd, u, fds);
  WriteLog during;
  logs_.push_back(&during);
  AddUnit(std::move(u), fds);
  logs_.pop_back();
  for (auto* log : logs_) log->Merge(during);
  if (!temporary.empty()) {
    ShellState after = state_;
    ShellState merged = Meet(before, after);
    for (const auto& n : temporary) {
      const ShellState& kept = may_keep || during.all_vars || during.names.count(n) ? merged : before;
      if (kept.env.vars.count(n)) after.env.vars[n] = kept.env.vars.at(n);
      else after.env.vars.erase(n);
      if (kept.env.ints.count(n)) after.env.ints.insert(n);
      else after.env.ints.erase(n);
      if (n == "IFS") after.env.ifs_unknown = kept.env.ifs_unknown;
    }
    state_ = after;
  }
  // exec with nothing to run redirects the shell itself.
  if (cmd.words.size() == 1 && IsLiteralWord(cmd.words[0], "exec")) {
    state_.fds = fds;
    for (auto* log : logs_) log->fds = true;
  }
}

namespace {

// Layers a unit runs beside its wrappers' ones, for deny and ask rules: the
// programs a layer's own approval covers (make CC=clang), taken out of
// `carried`, in the innermost layer's directory; and `jobs -x CMD ARGS`'s
// CMD (job specs replaced by process ids), in the directory of its layer.
// Returns the rest of `carried`.
std::vector<Carried> InnerLayers(std::vector<Carried> carried, std::vector<Words>& layers,
                                 std::vector<std::string>& cwds) {
  auto add = [&](const Words& argv, size_t cwd_of) {
    auto inner = DenyLayers(argv);
    layers.insert(layers.end(), inner.begin(), inner.end());
    if (!cwds.empty()) cwds.insert(cwds.end(), inner.size(), std::string(cwds[cwd_of]));
  };
  std::vector<Carried> rest;
  const size_t innermost = cwds.empty() ? 0 : cwds.size() - 1;
  for (size_t i = 0, n = layers.size(); i < n; ++i)
    if (layers[i].size() > 2 && layers[i][0] == "jobs" && layers[i][1] == "-x")
      add(Words(layers[i].begin() + 2, layers[i].end()), i);
  for (auto& c : carried) {
    if (c.kind == Carried::kCovered && !layers.empty()) add(c.argv, innermost);
    else rest.push_back(std::move(c));
  }
  return rest;
}

}  // namespace

// Records a unit and follows the code its layers carry.
void Walker::AddUnit(Unit u, const FdTable& fds, bool hash_lookup) {
  Layers unwrapped = UnwrapUnit(u.words, u.assignments);
  u.wrapper_env = std::move(unwrapped.wrapper_env);
  std::vector<Words> layers = std::move(unwrapped.layers);
  std::vector<std::string> cwds = LayerCwds(unwrapped.chdirs, state_.cwd);
  FollowCarried(InnerLayers(std::move(unwrapped.carried), layers, cwds), u.where);
  bool dynamic = false;
  bool after_xargs = false;
  for (size_t i = 0; i < layers.size(); ++i) {
    const Words& layer = layers[i];
    // A path with a static last component names the command ("$VENV/bin/x");
    // unquoted, its unknown directory may split into another command.
    if (IsDynamic(layer[0]) && !(u.one_word.count(layer[0]) && StaticBasename(layer[0]))) {
      Opaque("command name is dynamic ('" + DisplayWords(layer) + "')", u.where);
      dynamic = true;
      continue;
    }
    if (hash_lookup) AddHashUnits(layer, u, fds);
    std::string name = CommandName(layer[0]);
    if (WrapperWordMaySplit(layer, u.one_word))
      Opaque("an option or operand of " + name + " may split into several words ('" + DisplayWords(layer) + "')",
             u.where);
    if (name == "env" || name == "sudo") EnvArguments(layer, u.where, fds);
    // Code a layer runs starts in its directory (env -C src sh -c '...').
    const std::string shell_cwd = state_.cwd;
    bool moved = !cwds.empty() && cwds[i] != shell_cwd;
    if (moved) state_.cwd = cwds[i];
    if (layer[0].find('/') != std::string::npos) RunWrittenProgram(layer[0], u.where, fds);
    FollowProgramFiles(layer, u.where, fds);
    FollowCode(layer, u.where, fds, i == 0, after_xargs, u.assignments);
    if (moved) state_.cwd = shell_cwd;
    if (CommandName(layer[0]) == "xargs") after_xargs = true;
  }
  // After the unit ran: what it may have written for the next one to run.
  for (size_t i = 0; i < layers.size(); ++i) NoteUnseenWrites(layers[i], i == 0, u.where);
  // A dynamic name may be any builtin: read, declare, ...
  if (dynamic) ClearVars();
  // Builtins run by this shell: the command itself, or behind command/builtin.
  for (size_t i = 0; i < layers.size(); ++i) {
    const Words& layer = layers[i];
    if (IsDynamic(layer[0])) break;
    ApplyBuiltin(layer, u.where, fds);
    if (i == 0) {
      auto fn = functions_.find(layer[0]);
      if (fn != functions_.end()) {
        Forget(state_, fn->second);
        for (auto* log : logs_) log->Merge(fn->second);
      }
    }
    if (layer[0] != "command" && layer[0] != "builtin") break;
  }
  // cd and pushd run by this shell, behind `builtin` or `command` too.
  bool cdpath = state_.env.vars.count("CDPATH") > 0 || std::any_of(u.assignments.begin(), u.assignments.end(),
                                                                   [](const Assign& a) { return a.name == "CDPATH"; });
  for (const auto& layer : layers) {
    if (IsDynamic(layer[0])) break;
    TrackCwd(layer, cdpath);
    if (layer[0] != "command" && layer[0] != "builtin") break;
  }
  u.layers = std::move(layers);
  u.layer_cwds = std::move(cwds);
  out_.units.push_back(std::move(u));
}

// cd changes how later relative paths resolve. With CDPATH set by this
// command string, a relative name not starting with ./ or ../ may be found
// in any of its directories (`CDPATH=~ cd .ssh`): the directory is then not
// known.
void Walker::TrackCwd(const Words& w, bool cdpath) {
  if (w.empty()) return;
  std::string& cwd = state_.cwd;
  if (w[0] == "popd" || (w[0] == "pushd" && (w.size() < 2 || w[1][0] == '+' || w[1][0] == '-'))) {
    cwd.clear();  // back to a directory of the stack
    for (auto* log : logs_) log->cwd = true;
    return;
  }
  if (w[0] != "cd" && w[0] != "pushd") return;
  for (auto* log : logs_) log->cwd = true;
  size_t i = 1;
  while (i < w.size() && w[i].size() > 1 && w[i][0] == '-') ++i;
  if (i >= w.size()) {
    cwd = "~";
    return;
  }
  const std::string& d = w[i];
  bool searched = cdpath && d[0] != '/' && d != "." && d != ".." && !d.starts_with("./") && !d.starts_with("../");
  if (IsDynamic(d) || d == "-" || cwd.empty() || searched) {
    cwd.clear();
    return;
  }
  if (d[0] == '/') cwd = NormalizePath(d);
  else if (d[0] == '~') cwd = d;
  else if (cwd[0] == '/') cwd = NormalizePath(cwd + "/" + d);
  else cwd = cwd + "/" + d;
}

}  // namespace internal

Extraction Extract(std::string_view command, const ExtractOptions& options) {
  internal::Facts facts;
  // bash's own integer variables: a value assigned to them is evaluated.
  facts.ints = {"HISTCMD", "OPTIND", "RANDOM", "SRANDOM"};
  for (int pass = 0; pass < 4; ++pass) {
    internal::Walker w(options, facts);
    w.Run(command);
    if (w.Learned() == facts) return w.Take();
    facts = w.Learned();
  }
  internal::Walker w(options, facts);
  w.Run(command);
  Extraction ex = w.Take();
  ex.opaque.push_back({"aliases or command tables keep changing", ""});
  return ex;
}

}  // namespace paddock::rules
