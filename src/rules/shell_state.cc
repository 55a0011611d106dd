#include "rules/shell_state.h"

namespace paddock::rules {

Source FdTable::Get(int fd) const {
  auto it = fds.find(fd);
  if (it != fds.end()) return it->second;
  return fd == 0 ? Source{} : Source{Source::kDynamic, ""};
}

bool IsIntegerSpecial(const std::string& name) {
  static const std::set<std::string> names = {
      "RANDOM",       "SRANDOM", "SECONDS",       "LINENO", "BASHPID", "PPID", "UID", "EUID",
      "EPOCHSECONDS", "HISTCMD", "BASH_SUBSHELL", "#",      "?",       "$",    "!"};
  return names.count(name) > 0;
}

ShellState FreshShell(const std::string& cwd) {
  ShellState s;
  s.cwd = cwd;
  for (const char* n : {"RANDOM", "SRANDOM", "SECONDS", "LINENO", "BASHPID", "PPID", "UID", "EUID", "EPOCHSECONDS",
                        "HISTCMD", "BASH_SUBSHELL", "#", "?", "$", "!"})
    s.env.ints.insert(n);
  s.env.assoc = {"BASH_ALIASES", "BASH_CMDS"};
  for (const char* n : {"BASHOPTS", "BASH_VERSINFO", "EUID", "PPID", "SHELLOPTS", "UID"}) s.readonly[n] = true;
  return s;
}

ShellState Meet(const ShellState& a, const ShellState& b) {
  ShellState out;
  auto holds_int = [](const VarEnv& e, const std::string& n) {
    if (e.ints.count(n)) return true;
    auto it = e.vars.find(n);
    return it != e.vars.end() && IsIntegerText(it->second);
  };
  if (a.env.vars.SameAs(b.env.vars)) {
    out.env.vars = a.env.vars;  // the common case: no branch assigned anything
  } else {
    for (const auto& [name, value] : a.env.vars) {
      auto it = b.env.vars.find(name);
      if (it != b.env.vars.end() && it->second == value) out.env.vars[name] = value;
      else if (holds_int(a.env, name) && holds_int(b.env, name)) out.env.ints.insert(name);
    }
  }
  for (const auto& name : a.env.ints)
    if (holds_int(b.env, name)) out.env.ints.insert(name);
  for (const auto& name : a.env.assoc)
    if (b.env.assoc.count(name)) out.env.assoc.insert(name);
  // IFS: the default is represented by its absence.
  auto ia = a.env.Ifs(), ib = b.env.Ifs();
  if (!ia || !ib || ia != ib) {
    out.env.vars.erase("IFS");
    out.env.ifs_unknown = true;
  }
  if (a.env.positional == b.env.positional) out.env.positional = a.env.positional;
  out.env.proc_scripts = a.env.proc_scripts;
  out.cwd = a.cwd == b.cwd ? a.cwd : "";
  out.readonly = a.readonly;
  for (auto& [name, every] : out.readonly) {
    auto it = b.readonly.find(name);
    every = every && it != b.readonly.end() && it->second;
  }
  for (const auto& [name, every] : b.readonly) out.readonly.emplace(name, false);
  out.may_skip = a.may_skip || b.may_skip;
  out.in_function = a.in_function;
  out.xpg_echo = a.xpg_echo == b.xpg_echo ? a.xpg_echo : std::nullopt;
  std::set<int> fds{0};
  for (const auto& [fd, src] : a.fds.fds) fds.insert(fd);
  for (const auto& [fd, src] : b.fds.fds) fds.insert(fd);
  for (int fd : fds) {
    Source sa = a.fds.Get(fd), sb = b.fds.Get(fd);
    if (!(sa == sb)) out.fds.fds[fd] = Source{Source::kDynamic, ""};
    else if (a.fds.fds.count(fd) || b.fds.fds.count(fd)) out.fds.fds[fd] = sa;
  }
  return out;
}

void WriteLog::Note(const std::string& name, bool integer) {
  auto [it, inserted] = names.emplace(name, integer);
  if (!inserted) it->second = it->second && integer;
}

void WriteLog::Merge(const WriteLog& o) {
  for (const auto& [n, integer] : o.names) Note(n, integer);
  all_vars |= o.all_vars;
  unset.insert(o.unset.begin(), o.unset.end());
  readonly.insert(o.readonly.begin(), o.readonly.end());
  skips |= o.skips;
  options |= o.options;
  positional |= o.positional;
  cwd |= o.cwd;
  fds |= o.fds;
}

bool WriteLog::Covers(const WriteLog& o) const {
  if ((o.all_vars && !all_vars) || (o.positional && !positional) || (o.cwd && !cwd) || (o.fds && !fds)) return false;
  if ((o.skips && !skips) || (o.options && !options)) return false;
  for (const auto& n : o.unset)
    if (!unset.count(n)) return false;
  for (const auto& n : o.readonly)
    if (!readonly.count(n)) return false;
  if (all_vars) return true;
  for (const auto& [n, integer] : o.names) {
    auto it = names.find(n);
    if (it == names.end() || (it->second && !integer)) return false;
  }
  return true;
}

namespace {

// Readonly on every path: no write changes it, so its value stays known.
bool Fixed(const ShellState& s, const std::string& n) {
  auto it = s.readonly.find(n);
  return it != s.readonly.end() && it->second;
}

// What the code behind `log` does to readonly state: its writes to readonly
// names fail (and a failed plain assignment abandons the caller's line), the
// names it makes readonly may be readonly afterwards.
void ForgetReadonly(ShellState& s, const WriteLog& log) {
  if (log.skips) s.may_skip = true;
  for (const auto& [n, integer] : log.names)
    if (s.readonly.count(n)) s.may_skip = true;
  for (const auto& n : log.readonly) s.readonly.emplace(n, false);
  if (log.options) s.xpg_echo = std::nullopt;
}

}  // namespace

void Forget(ShellState& s, const WriteLog& log) {
  VarEnv& e = s.env;
  ForgetReadonly(s, log);
  if (log.all_vars) {
    std::set<std::string> ints;
    for (const auto& [n, integer] : log.names)
      if (integer && (e.ints.count(n) || (e.vars.count(n) && IsIntegerText(e.vars.at(n))))) ints.insert(n);
    VarMap kept;
    for (const auto& [n, value] : e.vars.map())
      if (Fixed(s, n)) kept[n] = value;
    for (const auto& n : e.ints)
      if (Fixed(s, n)) ints.insert(n);
    e.vars = kept;
    e.ints = ints;
    e.ifs_unknown = !kept.count("IFS");
  } else {
    for (const auto& [n, integer] : log.names) {
      if (Fixed(s, n)) continue;
      bool was_int = e.ints.count(n) || (e.vars.count(n) && IsIntegerText(e.vars.at(n)));
      e.vars.erase(n);
      e.ints.erase(n);
      if (integer && was_int) e.ints.insert(n);
      if (n == "IFS") e.ifs_unknown = true;
    }
  }
  for (const auto& n : log.unset) e.assoc.erase(n);
  if (log.positional) e.positional.reset();
  if (log.cwd) s.cwd.clear();
  if (log.fds)
    for (int fd = 0; fd < 10; ++fd) s.fds.fds[fd] = Source{Source::kDynamic, ""};
}

}  // namespace paddock::rules
