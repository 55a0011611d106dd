// Variables: assignments in every form bash has (prefix, declare, read,
// printf -v, arithmetic, ...), the variables whose values bash runs as code
// (PS0-PS4, PROMPT_COMMAND, BASH_ALIASES, BASH_CMDS), integer variables whose
// assigned values are evaluated, and the builtins' other effects.
#include <algorithm>

#include "rules/normalize.h"
#include "rules/walker.h"

namespace paddock::rules::internal {
namespace {

bool IsPrompt(const std::string& n) { return n == "PS0" || n == "PS1" || n == "PS2" || n == "PS3" || n == "PS4"; }

// A word whose expansion is an integer: $((...)), ${#x}, digits, integer variables.
bool IsIntegerWord(const shell::Word& w, const VarEnv& env) {
  if (w.parts.empty()) return false;
  for (const auto& p : w.parts) {
    switch (p.kind) {
      case shell::PartKind::kArith: break;
      case shell::PartKind::kLiteral:
        if (p.text.empty() || p.text.find_first_not_of("0123456789") != std::string::npos) return false;
        break;
      case shell::PartKind::kParam:
        if (p.complex) {
          if (p.raw.size() < 2 || p.raw[0] != '#') return false;
        } else if (!env.ints.count(p.text) &&
                   !(env.vars.count(p.text) && IsIntegerText(env.vars.at(p.text)) && !env.vars.at(p.text).empty())) {
          return false;
        }
        break;
      default: return false;
    }
  }
  return true;
}

std::string SubscriptText(const shell::Word& w) { return w.parts.empty() ? "" : w.parts[0].text; }

// A subscript as a string key (associative arrays): expanded once.
std::string SubscriptKey(const shell::Word& w, const VarEnv& env) {
  bool ok = false;
  shell::Word parsed = shell::ParseDoubleQuotedText(SubscriptText(w), 0, shell::ParseLimits{}, &ok);
  return ok ? AssignmentValue(parsed, env) : std::string(1, kHole);
}

// A write to `n` may fail: it is readonly on some path (or a nameref to such a name).
bool MayBeReadonly(const ShellState& s, const Facts& facts, const std::string& n) {
  if (s.readonly.count(n)) return true;
  auto ref = facts.namerefs.find(n);
  if (ref == facts.namerefs.end()) return false;
  return std::any_of(ref->second.begin(), ref->second.end(),
                     [&](const std::string& t) { return IsDynamic(t) || s.readonly.count(t.substr(0, t.find('['))); });
}

// What holds whether or not a write to `n` happened: the value if it did not
// change, an integer if both are.
void KeepEither(VarEnv& e, const std::string& n, const std::optional<std::string>& before, bool before_int) {
  std::optional<std::string> now = e.vars.count(n) ? std::optional<std::string>(e.vars.at(n)) : std::nullopt;
  bool now_int = e.ints.count(n) || (now && IsIntegerText(*now));
  if (now == before) return;
  e.vars.erase(n);
  e.ints.erase(n);
  if (before_int && now_int) e.ints.insert(n);
}

// `local` outside a function fails before it assigns anything. Code run
// later (a trap) may run inside one: its names are still written there.
void DropLocalWrites(BuiltinEffects& e, const std::vector<WriteLog*>& logs) {
  for (const auto& w : e.writes)
    for (auto* log : logs) log->Note(w.name, false);
  e.writes.clear();
  e.readonly_names.clear();
  e.readonly_unknown = false;
  e.int_names.clear();
  e.array_names.clear();
  e.assoc_names.clear();
  e.transform_names.clear();
  e.namerefs.clear();
}

// Attributes set after the values: readonly (later writes fail) and the
// shell options echo reads.
void ApplyAttributes(const BuiltinEffects& e, ShellState& s, const std::vector<WriteLog*>& logs) {
  for (const auto& n : e.readonly_names) {
    s.readonly[n] = true;
    for (auto* log : logs) {
      log->Note(n, false);
      log->readonly.insert(n);
    }
  }
  if (e.readonly_unknown) {  // any name may be readonly now: no later write is certain
    s.may_skip = true;
    for (auto* log : logs) log->skips = log->all_vars = true;
  }
  using Toggle = BuiltinEffects::Toggle;
  if (e.xpg_echo == Toggle::kNone) return;
  s.xpg_echo = e.xpg_echo == Toggle::kOn    ? std::optional<bool>(true)
               : e.xpg_echo == Toggle::kOff ? std::optional<bool>(false)
                                            : std::nullopt;
  for (auto* log : logs) log->options = true;
}

// set --, shift: the new positional parameters.
void ApplyPositional(const BuiltinEffects& e, VarEnv& env, const std::vector<WriteLog*>& logs) {
  auto& pos = env.positional;
  if (!e.sets_positional && !e.positional_unknown && !e.shift) return;
  for (auto* log : logs) log->positional = true;
  if (e.positional_unknown) {
    pos.reset();
  } else if (e.sets_positional) {
    std::string zero = pos && !pos->empty() ? (*pos)[0] : std::string(1, kHole);
    pos = Words{zero};
    pos->insert(pos->end(), e.positional.begin(), e.positional.end());
  } else if (pos) {
    size_t n = static_cast<size_t>(e.shift);
    if (n < pos->size())
      pos->erase(pos->begin() + 1, pos->begin() + 1 + static_cast<long>(std::min(n, pos->size() - 1)));
  }
}

}  // namespace

void Walker::Note(const std::string& name, bool integer) {
  for (auto* log : logs_) log->Note(name, integer);
}

bool Walker::Volatile(const std::string& name) const {
  return facts_.all_volatile || facts_.volatile_names.count(name) > 0;
}

void Walker::ClearVars() {
  ShellState fresh = FreshShell(state_.cwd);
  VarMap kept;  // readonly on every path: nothing changes them
  for (const auto& [n, every] : state_.readonly)
    if (every && state_.env.vars.count(n)) kept[n] = state_.env.vars.at(n);
  state_.env.vars = kept;
  state_.env.ints = fresh.env.ints;
  state_.env.ifs_unknown = !kept.count("IFS");
  state_.env.positional.reset();
  for (auto* log : logs_) {
    log->all_vars = true;
    log->positional = true;
  }
}

void Walker::WalkLater(const shell::Script& s, const std::string& where) {
  ShellState saved = state_;
  ShellState later = FreshShell(state_.cwd);
  later.env.ifs_unknown = true;
  later.env.proc_scripts = &procs_;
  later.fds = state_.fds;
  state_ = later;
  WriteLog log;
  logs_.push_back(&log);
  WalkScript(s, where);
  logs_.pop_back();
  state_ = std::move(saved);
  for (const auto& [n, integer] : log.names) facts_.volatile_names.insert(n);
  if (log.all_vars) facts_.all_volatile = true;
  facts_.unset_later.insert(log.unset.begin(), log.unset.end());
}

void Walker::ApplyFindings(const ArithFindings& f, const std::string& where, bool later) {
  // Evaluations already done count against the command's budget too.
  if (!Spend(ArithFindings{}.budget - std::max(f.budget, 0), where)) return;
  for (const auto& s : f.scripts) {
    keep_.push_back(s);
    if (later) WalkLater(*s, Join(where, "code in an expanded string"));
    else WalkSubshell(*s, Join(where, "code in an evaluated string"));
  }
  for (const auto& o : f.opaque) Opaque(o, where);
  // An expansion assigning a readonly name (${X:=v}, $((X=1))) fails, and
  // bash abandons the rest of the line.
  auto record = [&](const std::string& n, VarWrite::Kind kind) {
    if (later) {
      facts_.volatile_names.insert(n);
      return;
    }
    if (MayBeReadonly(state_, facts_, n)) state_.may_skip = true;
    ApplyWrite(WriteOf(n, kind), where);
  };
  for (const auto& n : f.int_writes) record(n, VarWrite::kInteger);
  for (const auto& n : f.writes) record(n, VarWrite::kUnknown);
}

// NAME=value, NAME+=value, NAME[i]=value, NAME=(...) before a command or alone.
void Walker::Assignment(const shell::Assignment& a, const std::string& where) {
  const VarEnv& env = state_.env;
  bool associative = env.assoc.count(a.name) > 0;
  auto check_subscript = [&](const shell::Word& sub) {
    if (associative || sub.parts.empty()) return;  // strings, expanded once (walked with the words)
    ArithFindings f;
    CheckArithSource(SubscriptText(sub), state_.env, false, f);
    ApplyFindings(f, where);
  };
  if (a.has_subscript) check_subscript(a.subscript);
  // NAME=value to a readonly name fails; alone on its line, bash then
  // abandons the rest of the line (before a command, the command still runs).
  if (MayBeReadonly(state_, facts_, a.name)) state_.may_skip = true;
  VarWrite w;
  w.name = a.name;
  w.append = a.append;
  w.has_subscript = a.has_subscript;
  w.subscript = SubscriptKey(a.subscript, state_.env);
  if (!a.is_array) {
    std::string value = AssignmentValue(a.value, state_.env);
    if (IsIntegerWord(a.value, state_.env)) w.kind = VarWrite::kInteger;
    else if (!IsDynamic(value)) w.kind = VarWrite::kLiteral;
    w.value = value;
    ApplyWrite(w, where);
    return;
  }
  // NAME=(...): every element, with its own subscript when it has one.
  // Elements of a code-carrying array (possibly through a nameref) are writes
  // of their own.
  std::vector<std::string> names{a.name};
  for (size_t i = 0; i < names.size() && i < 16; ++i) {
    auto ref = facts_.namerefs.find(names[i]);
    if (ref == facts_.namerefs.end()) continue;
    for (const auto& t : ref->second) names.push_back(t.substr(0, t.find('[')));
  }
  bool special = false;
  for (const auto& n : names)
    special |= n == "BASH_ALIASES" || n == "BASH_CMDS" || n == "PROMPT_COMMAND" || IsPrompt(n) || IsDynamic(n);
  bool integer = facts_.ints.count(a.name) > 0;
  for (size_t i = 0; i < a.elements.size(); ++i) {
    if (a.element_has_subscript[i]) check_subscript(a.element_subscripts[i]);
    std::string value = AssignmentValue(a.elements[i], state_.env);
    if (integer) {
      ArithFindings f;
      if (IsDynamic(value))
        f.opaque.push_back("a value not known here is assigned to integer array '" + a.name +
                           "' and evaluated as arithmetic");
      else CheckArithText(value, state_.env, f);
      ApplyFindings(f, where);
    }
    if (special) {
      VarWrite e;
      e.name = a.name;
      e.has_subscript = true;
      e.subscript = a.element_has_subscript[i] ? SubscriptKey(a.element_subscripts[i], state_.env) : std::to_string(i);
      e.kind = IsDynamic(value) ? VarWrite::kUnknown : VarWrite::kLiteral;
      e.value = value;
      ApplyWrite(e, where);
    }
  }
  w.kind = VarWrite::kArray;
  facts_.arrays.insert(a.name);
  ApplyWrite(w, where);
}

void Walker::ApplyWrite(const VarWrite& in, const std::string& where, int depth) {
  VarWrite w = in;
  if (IsDynamic(w.name)) {
    Opaque("assigns a variable whose name is built at run time ('" + Display(w.name) + "')", where);
    ClearVars();
    return;
  }
  auto ref = facts_.namerefs.find(w.name);
  if (ref != facts_.namerefs.end()) {  // a nameref: the write lands on its target
    if (depth > 8) {
      Opaque("nameref chain too long", where);
      ClearVars();
      return;
    }
    for (const auto& target : ref->second) {
      VarWrite t = w;
      size_t open = target.find('[');
      t.name = open == std::string::npos ? target : target.substr(0, open);
      if (open != std::string::npos && target.back() == ']') {
        t.has_subscript = true;
        t.subscript = target.substr(open + 1, target.size() - open - 2);
      }
      ApplyWrite(t, where, depth + 1);
    }
    w.kind = VarWrite::kUnknown;
    SetVar(w);
    return;
  }
  const std::string& n = w.name;
  bool literal = w.kind == VarWrite::kLiteral;
  if (IsPrompt(n) || n == "PROMPT_COMMAND") {
    if (w.kind != VarWrite::kInteger) CodeVariable(n, literal ? w.value : std::string(1, kHole), where);
  } else if (n == "BASH_ALIASES" || n == "BASH_CMDS") {
    bool whole_array = w.kind == VarWrite::kArray && !w.has_subscript;  // elements come one by one
    if (!whole_array) {
      if (literal && w.has_subscript && !IsDynamic(w.subscript) && !w.append) {
        if (n == "BASH_ALIASES") {
          facts_.aliases[w.subscript].insert(w.value);
          Code(w.value, Join(where, "alias " + w.subscript), Ctx::kLater, state_.fds);
        } else {
          facts_.hashes[w.subscript].insert(w.value);
        }
      } else {
        Opaque(n + (n == "BASH_CMDS" ? " (the command hash table)" : " (the alias table)") +
                   " is changed in a way not known here",
               where);
      }
    }
  } else if (n == "BASH_ARGV0" && state_.env.positional && !state_.env.positional->empty()) {
    (*state_.env.positional)[0] = literal ? w.value : std::string(1, kHole);
  }
  if (facts_.ints.count(n) && (literal || w.kind == VarWrite::kUnknown)) {
    ArithFindings f;
    if (literal) CheckArithText(w.value, state_.env, f);
    else
      f.opaque.push_back("a value not known here is assigned to integer variable '" + n +
                         "' and evaluated as arithmetic");
    ApplyFindings(f, where);
    w.kind = VarWrite::kInteger;
  }
  if (w.declaration && w.kind == VarWrite::kUnknown && facts_.arrays.count(n))
    Opaque(
        "a value not known here is assigned to array '" + n + "' by a declaration, which parses a (...) value as code",
        where);
  SetVar(w);
}

// A variable bash runs as code later: a prompt (its substitutions run when
// it is shown, PS4 on every traced command) or PROMPT_COMMAND.
void Walker::CodeVariable(const std::string& name, const std::string& value, const std::string& where) {
  if (IsDynamic(value)) {
    Opaque(name + " is set to a value not known here, and bash runs it as code", where);
    return;
  }
  if (name == "PROMPT_COMMAND") {
    Code(value, Join(where, "PROMPT_COMMAND"), Ctx::kLater, state_.fds);
    return;
  }
  ArithFindings f;
  VarEnv later;
  later.ifs_unknown = true;
  CheckPromptString(value, later, f);
  ApplyFindings(f, Join(where, name + " prompt"), true);
}

void Walker::EnvArguments(const Words& layer, const std::string& where, const FdTable& fds) {
  for (size_t i = 1; i < layer.size(); ++i) {
    size_t eq = layer[i].find('=');
    if (eq == std::string::npos) continue;
    std::string name = layer[i].substr(0, eq);
    if (IsPrompt(name) || name == "PROMPT_COMMAND") CodeVariable(name, layer[i].substr(eq + 1), where);
    if (name == "BASH_ENV" || name == "ENV") StartupFile(layer[i].substr(eq + 1), name, where, fds);
    // BASH_FUNC_f%%='() { ...; }': a child bash imports it as function f.
    if (name.size() > 12 && name.rfind("BASH_FUNC_", 0) == 0 && name.compare(name.size() - 2, 2, "%%") == 0) {
      std::string value = layer[i].substr(eq + 1);
      if (IsDynamic(value)) Opaque("an exported function built at run time", where);
      Code("f" + value, Join(where, "exported function " + name.substr(10, name.size() - 12)), Ctx::kLater, fds);
    }
  }
}

void Walker::SetVar(const VarWrite& w) {
  VarEnv& e = state_.env;
  const std::string& n = w.name;
  if (w.kind == VarWrite::kArray || w.has_subscript) facts_.arrays.insert(n);
  bool integer = w.kind == VarWrite::kInteger || (w.kind == VarWrite::kLiteral && !w.append && IsIntegerText(w.value));
  Note(n, integer && !w.has_subscript);
  auto ro = state_.readonly.find(n);
  if (ro != state_.readonly.end() && ro->second) return;  // bash refuses: the value stays
  // Readonly on some path, or after a line bash may have abandoned: the
  // write may not have happened.
  bool maybe = ro != state_.readonly.end() || state_.may_skip;
  std::optional<std::string> old = e.vars.count(n) ? std::optional<std::string>(e.vars.at(n)) : std::nullopt;
  std::optional<std::string> unchanged = old;
  bool unchanged_int = e.ints.count(n) || (old && IsIntegerText(*old));
  if (n == "IFS" && !old && !e.ifs_unknown) old = kDefaultIfs;
  e.vars.erase(n);
  e.ints.erase(n);
  bool trusted = !w.has_subscript && !Volatile(n) && !facts_.transformed.count(n) && !facts_.namerefs.count(n);
  if (trusted && w.kind == VarWrite::kLiteral && !facts_.ints.count(n)) {
    if (!w.append) e.vars[n] = w.value;
    else if (old) e.vars[n] = *old + w.value;
  } else if (trusted && w.kind == VarWrite::kInteger) {
    e.ints.insert(n);
  }
  if (maybe) KeepEither(e, n, unchanged, unchanged_int);
  if (n == "IFS") e.ifs_unknown = !e.vars.count("IFS");
}

void Walker::ApplyBuiltin(const Words& layer, const std::string& where, const FdTable& fds) {
  BuiltinEffects e = AnalyzeBuiltin(layer);
  if (layer[0] == "local" && !state_.in_function) DropLocalWrites(e, logs_);
  for (const auto& op : e.name_operands) {
    ArithFindings f;
    CheckNameOperand(op, state_.env, f);
    ApplyFindings(f, where);
  }
  for (const auto& t : e.arith_texts) {
    ArithFindings f;
    if (IsDynamic(t))
      f.opaque.push_back("an argument built at run time ('" + Display(t) + "') is evaluated as arithmetic");
    else CheckArithText(t, state_.env, f);
    ApplyFindings(f, where);
  }
  for (const auto& n : e.int_names) facts_.ints.insert(n);
  for (const auto& n : e.array_names) facts_.arrays.insert(n);
  for (const auto& n : e.transform_names) facts_.transformed.insert(n);
  for (const auto& w : e.writes)
    if (!w.keeps_value || state_.in_function) ApplyWrite(w, where);  // `declare X` at top level keeps X's value
  ApplyAttributes(e, state_, logs_);
  for (const auto& n : e.assoc_names) {
    facts_.maybe_assoc.insert(n);
    if (!facts_.unset_later.count(n)) state_.env.assoc.insert(n);  // else a trap may make it indexed again
  }
  for (const auto& n : e.unset_names) {
    state_.env.assoc.erase(n);
    for (auto* log : logs_) log->unset.insert(n);
  }
  for (const auto& c : e.later_code) {
    if (IsDynamic(c.text)) Opaque(c.what + " is built at run time", where);
    std::string text = c.text;
    for (int i = 0; i < c.appended; ++i) text += std::string(" ") + kHole;
    Code(text, Join(where, c.what), Ctx::kLater, fds);
  }
  for (const auto& c : e.now_code) {
    if (IsDynamic(c.text)) Opaque(c.what + " is built at run time", where);  // its words are parsed as code
    Code(c.text, Join(where, c.what), Ctx::kSameShell, fds);
  }
  for (const auto& t : e.expanded_texts) {
    ArithFindings f;
    if (IsDynamic(t)) f.opaque.push_back("a word list built at run time is expanded as code");
    else CheckExpandedText(t, state_.env, f);
    ApplyFindings(f, Join(where, "word list"), true);
  }
  for (const auto& o : e.opaque) Opaque(o, where);
  if (e.histexpand) facts_.histexpand = true;
  for (const auto& a : e.aliases) facts_.aliases[a.name].insert(a.value);
  for (const auto& h : e.hashes) facts_.hashes[h.name].insert(h.value);
  for (const auto& r : e.namerefs) {
    facts_.namerefs[r.name].insert(r.value);
    ArithFindings f;
    CheckNameOperand(r.value, state_.env, f);  // a[$(...)] as the target runs on every use
    ApplyFindings(f, where);
    SetVar(WriteOf(r.name, VarWrite::kUnknown));
  }
  ApplyPositional(e, state_.env, logs_);
}

}  // namespace paddock::rules::internal
