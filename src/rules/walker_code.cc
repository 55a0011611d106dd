// Code strings (docs/policy-semantics.md §Pipeline): payloads of -c, eval,
// trap and alias, shells and `source` reading a program from stdin, a /dev/fd
// path or a startup file, the command tables (aliases, the hash table) that
// make one name run another command, and history expansion.
#include <algorithm>
#include <cstring>

#include "base/strings.h"
#include "rules/normalize.h"
#include "rules/spawn_scan.h"
#include "rules/walker.h"

namespace paddock::rules::internal {
namespace {

bool EndsInBackslash(const std::string& s) {
  size_t n = 0;
  for (size_t i = s.size(); i > 0 && s[i - 1] == '\\'; --i) ++n;
  return n % 2 == 1;
}

// A history expansion bash would perform with histexpand on: !!, !$, !-1,
// !str ... (not `! cmd`, `!=`, `$!`), or ^old^new at the start of a line.
bool MayExpandHistory(std::string_view text) {
  bool line_start = true;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (line_start && c == '^') return true;
    if (c == '\n') {
      line_start = true;
      continue;
    }
    if (c != ' ' && c != '\t') line_start = false;
    if (c != '!' || i + 1 >= text.size()) continue;
    if (OneOf(" \t\n=(", text[i + 1]) || (i > 0 && (text[i - 1] == '\\' || text[i - 1] == '$'))) continue;
    return true;
  }
  return false;
}

// Shells that read startup files named by BASH_ENV/ENV or --rcfile and take
// -H: every shell the engine knows (code_use.h) but fish.
bool IsShellName(const std::string& n) { return IsShell(n) && n != "fish"; }

std::optional<std::string> AliasCandidate(const shell::Word& w) {
  if (w.parts.size() == 1 && w.parts[0].kind == shell::PartKind::kLiteral && !w.parts[0].quoted) return w.parts[0].text;
  return std::nullopt;
}

// Inline code that runs its standard input as code: `perl -e 'require
// "/dev/stdin"'`, `python3 -c 'exec(sys.stdin.read())'`, node's
// `eval(fs.readFileSync(0, …))`: an evaluating name (exec, eval, load, …)
// beside a read of stdin, or a loading one (require, do, source, …) beside
// a stdin path. A literal stdin is then scanned as that language's
// program; any other is an opaque point. Code that reads its input as data
// (json.load(sys.stdin)) names neither.
bool EvaluatesStdin(const std::string& code) {
  auto word = [&](std::string_view t) {  // t as a whole name: not json.load, execute, evaluate
    for (size_t at = code.find(t); at != std::string::npos; at = code.find(t, at + 1)) {
      char before = at == 0 ? ' ' : code[at - 1];
      char after = at + t.size() < code.size() ? code[at + t.size()] : ' ';
      bool ident_before = std::isalnum(static_cast<unsigned char>(before)) || before == '_' || before == '.';
      bool ident_after = std::isalnum(static_cast<unsigned char>(after)) || after == '_';
      if (!ident_before && !ident_after) return true;
    }
    return false;
  };
  auto has = [&](std::string_view t) { return code.find(t) != std::string::npos; };
  bool stdin_path = has("/dev/stdin") || has("/dev/fd/0") || has("php://stdin");
  bool stdin_data = stdin_path || has("sys.stdin") || has("STDIN") || has("$stdin") || has("process.stdin") ||
                    has("readFileSync(0") || has("io.read") || has("io.stdin") || has("<>");
  bool evaluates = word("exec") || word("eval") || word("compile") || word("Function") || word("load") ||
                   word("loadstring") || word("dofile") || word("runpy");
  bool loads_file = word("require") || word("do") || word("include") || word("source") || word("import");
  return (stdin_data && evaluates) || (stdin_path && loads_file);
}

}  // namespace

std::string RenderWords(const Words& words, size_t from) {
  std::string out;
  for (size_t i = from; i < words.size(); ++i) {
    if (i > from) out += ' ';
    const std::string& w = words[i];
    if (!w.empty() && w[0] == kProcMark) {
      out += kHole;
      continue;
    }
    if (w.empty()) {
      out += "''";
      continue;
    }
    bool open = false;
    for (char c : w) {
      if (IsGlobMark(c)) continue;  // its hole is enough: code text has no glob holes
      if (c == kHole) {             // outside quotes: Code() turns it into an unknown variable
        if (open) {
          out += '\'';
          open = false;
        }
        out += kHole;
        continue;
      }
      if (!open) {
        out += '\'';
        open = true;
      }
      if (c == '\'') out += "'\\''";
      else out += c;
    }
    if (open) out += '\'';
  }
  return out;
}

void Walker::Code(std::string_view text, const std::string& where, Ctx ctx, const FdTable& fds,
                  const std::optional<Words>& positional, const std::vector<Assign>* exported) {
  if (code_depth_ >= opt_.max_code_depth) {
    Opaque("code nested too deeply", where);
    return;
  }
  ++code_depth_;
  std::string owned;
  if (text.find(kHole) != std::string_view::npos) {
    // Dynamic parts: parse the rest anyway (a literal `sudo` stays a deny),
    // with the unknown text as an unknown variable.
    for (char c : text) {
      if (c == kHole) owned += std::string("${") + kUnknownVariable + "}";
      else owned += c;
    }
    text = owned;
  }
  if (facts_.histexpand && MayExpandHistory(text))
    Opaque("history expansion is on (set -H), and '!' or '^' may rewrite the command from history", where);
  auto parsed = shell::Parse(text);
  if (!parsed.ok) Opaque("cannot parse: " + parsed.error, where);
  keep_.push_back(parsed.script);
  ShellState saved = state_;
  WriteLog later_log;
  switch (ctx) {
    case Ctx::kSameShell: state_.fds = fds; break;
    case Ctx::kChild: {  // a new bash: only exported variables, IFS reset
      ShellState child = FreshShell(state_.cwd);
      child.env.proc_scripts = &procs_;
      child.env.positional = positional;
      child.fds = fds;
      if (exported)
        for (const auto& a : *exported)
          if (!IsDynamic(a.value) && a.name != "IFS" && a.name != kUnknownVariable) child.env.vars[a.name] = a.value;
      state_ = child;
      break;
    }
    case Ctx::kLater: {  // runs when nothing about the variables is known
      ShellState later = FreshShell(state_.cwd);
      later.env.ifs_unknown = true;
      later.env.proc_scripts = &procs_;
      later.fds = fds;
      state_ = later;
      logs_.push_back(&later_log);
      break;
    }
  }
  WalkScript(*parsed.script, where);
  switch (ctx) {
    case Ctx::kSameShell:
      // eval's own redirections end with it; an `exec` inside it lasts.
      if (!(fds == saved.fds)) state_.fds = saved.fds;
      break;
    case Ctx::kChild: state_ = std::move(saved); break;
    case Ctx::kLater:
      logs_.pop_back();
      state_ = std::move(saved);
      // What it writes may change at any point: never trust those names.
      for (const auto& [n, integer] : later_log.names) facts_.volatile_names.insert(n);
      if (later_log.all_vars) facts_.all_volatile = true;
      facts_.unset_later.insert(later_log.unset.begin(), later_log.unset.end());
      break;
  }
  --code_depth_;
}

void Walker::FollowCode(const Words& layer_words, const std::string& where, const FdTable& fds, bool first_layer,
                        bool after_xargs, const std::vector<Assign>& assignments) {
  // Under xargs the input items are appended: `xargs bash -c` runs them.
  Words appended;
  if (after_xargs) {
    appended = layer_words;
    appended.push_back(std::string(1, kHole));
  }
  const Words& layer = after_xargs ? appended : layer_words;
  std::string name = CommandName(layer[0]);
  if (IsShellName(name)) {  // startup files: bash --rcfile F, BASH_ENV=F, ENV=F
    for (size_t i = 1; i + 1 < layer.size(); ++i)
      if (layer[i] == "--rcfile" || layer[i] == "--init-file") StartupFile(layer[i + 1], layer[i], where, fds);
    for (const auto& a : assignments)
      if (a.name == "BASH_ENV" || a.name == "ENV") StartupFile(a.value, a.name, where, fds);
    // bash -H, bash -o histexpand, SHELLOPTS=histexpand: history expansion on.
    for (size_t i = 1; i < layer.size() && !layer[i].empty() && (layer[i][0] == '-' || layer[i][0] == '+'); ++i) {
      if (layer[i][0] == '-' && layer[i][1] != '-' && layer[i].find('H') != std::string::npos) facts_.histexpand = true;
      if (i + 1 < layer.size() && (layer[i] == "-o") && layer[i + 1] == "histexpand") facts_.histexpand = true;
    }
    for (const auto& a : assignments)
      if (a.name == "SHELLOPTS" && (a.value.find("histexpand") != std::string::npos || IsDynamic(a.value)))
        facts_.histexpand = true;
  }
  CodeUse use = AnalyzeLayer(layer);
  if (use.kind == CodeUse::kNone) return;
  std::string label = Join(where, use.what);
  for (const auto& c : use.preamble) Spawns(c, use.language, label);
  if (!use.opaque_what.empty()) Opaque(use.opaque_what, where);
  Ctx ctx = Ctx::kChild;
  if (name == "eval" || name == "source" || name == ".") ctx = Ctx::kSameShell;
  if (name == "trap" || name == "alias") ctx = Ctx::kLater;
  switch (use.kind) {
    case CodeUse::kNone: return;
    case CodeUse::kShellString:
      for (const auto& c : use.codes) {
        if (IsDynamic(c)) Opaque(use.what + " is built at run time", where);
        if (name == "alias" && EndsInBackslash(c))
          Opaque("alias value ends in a backslash, which joins it to the text after its use", where);
        Code(c, label, ctx, fds, use.positional, first_layer ? &assignments : nullptr);
      }
      return;
    case CodeUse::kShellStdin: FromSource(fds.Get(0), use.what, where, Ctx::kChild, fds); return;
    case CodeUse::kShellFile: FollowShellFile(layer, use, where, fds, after_xargs, ctx); return;
    case CodeUse::kInterpreterCode:
      for (const auto& c : use.codes) {
        Spawns(c, use.language, label);
        if (EvaluatesStdin(c)) StdinAsCode(use, where, fds);
      }
      for (const auto& f : use.files) InterpreterFile(f, use, where, fds);
      return;
    case CodeUse::kInterpreterFile:
      for (const auto& f : use.files) InterpreterFile(f, use, where, fds);
      return;
    case CodeUse::kInterpreterStdin: {
      Source in = fds.Get(0);
      if (in.kind == Source::kDynamic) Opaque(use.what + " from a non-literal source", where);
      if (!in.text.empty()) Spawns(in.text, use.language, label);
      return;
    }
  }
}

void Walker::StdinAsCode(const CodeUse& use, const std::string& where, const FdTable& fds) {
  Source in = fds.Get(0);
  if (in.kind == Source::kLiteral)
    Spawns(in.text, use.language, Join(where, use.what + " (its standard input, run as code)"));
  else if (in.kind == Source::kDynamic) Opaque(use.what + " runs its standard input as code", where);
}

// The output of the process substitution a word stands for (kProcMark + index).
Source Walker::ProcOutput(const std::string& f) {
  size_t idx = 0;
  for (size_t k = 1; k < f.size() && k < 12; ++k) idx = idx * 10 + static_cast<size_t>(f[k] - '0');
  return idx < procs_.size() && procs_[idx] ? ScriptOutput(*procs_[idx]) : Source{Source::kDynamic, ""};
}

// An interpreter's program file (python3 <(...), awk -f /dev/stdin, perl
// /dev/fd/3): scanned for spawn calls when it is a process substitution or a
// descriptor carrying literal text. A file on disk is not read.
void Walker::InterpreterFile(const std::string& f, const CodeUse& use, const std::string& where, const FdTable& fds) {
  std::string label = Join(where, use.what);
  if (!f.empty() && f[0] == kProcMark) {
    Source src = ProcOutput(f);
    if (src.kind == Source::kLiteral) Spawns(src.text, use.language, label);
    else Opaque(use.what + " is code produced at run time", where);
    return;
  }
  int fd = 0;
  FdKind kind = f == "-" ? FdKind::kFd : FdKind::kNotFd;  // awk -f -: stdin
  for (const auto& path : kind == FdKind::kFd ? std::vector<std::string>{} : OperandPaths(f)) {
    kind = FdOfPath(path, &fd);
    if (kind != FdKind::kNotFd) break;
  }
  if (kind == FdKind::kUnknownFd) return Opaque(use.what + " reads a descriptor chosen at run time", where);
  if (kind == FdKind::kFd) {
    Source src = fds.Get(fd);
    if (src.kind == Source::kDynamic) Opaque(use.what + " (" + Display(f) + ") from a non-literal source", where);
    if (!src.text.empty()) Spawns(src.text, use.language, Join(label, Display(f)));
    return;
  }
  if (FollowWritten(f, use, where, Ctx::kChild, fds)) return;
  if (IsDynamic(f) && f[0] == kHole && fds.Get(0).kind == Source::kDynamic)
    Opaque(use.what + " is built at run time and may name stdin, which carries data here", where);
}

// The paths a program operand may name: against a known cwd, or with the
// cwd unknown, a relative `stdin` or `fd/0` may still name a descriptor.
std::vector<std::string> Walker::OperandPaths(const std::string& f) const {
  if (f.empty() || f[0] == '/') return {f};
  if (!state_.cwd.empty() && state_.cwd[0] == '/') return {state_.cwd + "/" + f};
  return {f, "/dev/" + f, "/proc/self/" + f};
}

// A program read from a descriptor: parsed when its text is literal.
void Walker::FromSource(const Source& src, const std::string& what, const std::string& where, Ctx ctx,
                        const FdTable& fds) {
  if (src.kind == Source::kDynamic) Opaque(what + " from a non-literal source", where);
  if (src.kind == Source::kLiteral || !src.text.empty()) {
    FdTable child = fds;
    child.fds[0] = Source{};  // the program text is read from it; what runs after sees the terminal
    Code(src.text, Join(where, what), ctx, child);
  }
}

// A file a shell reads as code before its program: parsed when it is a
// descriptor or process substitution carrying literal text.
void Walker::StartupFile(const std::string& f, const std::string& what, const std::string& where, const FdTable& fds) {
  std::string label = what + " startup file";
  if (!f.empty() && f[0] == kProcMark) {
    Source src = ProcOutput(f);
    if (src.kind == Source::kLiteral) Code(src.text, Join(where, label), Ctx::kChild, fds);
    else Opaque(label + " is code produced at run time", where);
    return;
  }
  int fd = -1;
  FdKind kind = FdOfPath(f, &fd);
  if (kind == FdKind::kFd) FromSource(fds.Get(fd), label + " (" + Display(f) + ")", where, Ctx::kChild, fds);
  else if (kind == FdKind::kUnknownFd) Opaque(label + " reads a descriptor chosen at run time", where);
  else if (IsDynamic(f) && f[0] == kHole && fds.Get(0).kind == Source::kDynamic)
    Opaque(label + " is built at run time and may name stdin, which carries data here", where);
}

void Walker::FollowShellFile(const Words& layer, const CodeUse& use, const std::string& where, const FdTable& fds,
                             bool after_xargs, Ctx ctx) {
  const std::string& f = layer[use.file_index];
  bool source = ctx == Ctx::kSameShell;
  std::string label = Join(where, use.what);
  if (!f.empty() && f[0] == kProcMark) {  // bash <(...), source <(...)
    Source src = ProcOutput(f);
    if (src.kind == Source::kLiteral) Code(src.text, label, ctx, fds);
    else Opaque(use.what + " is code produced at run time", where);
    return;
  }
  for (const auto& path : OperandPaths(f)) {
    int fd = -1;
    FdKind kind = FdOfPath(path, &fd);
    if (kind == FdKind::kFd) {
      FromSource(fds.Get(fd), use.what + " (" + Display(f) + ")", where, source ? Ctx::kSameShell : Ctx::kChild, fds);
      return;
    }
    if (kind == FdKind::kUnknownFd) {
      Opaque(use.what + " reads a descriptor chosen at run time (" + Display(f) + ")", where);
      return;
    }
  }
  if (FollowWritten(f, use, where, source ? Ctx::kSameShell : Ctx::kChild, fds)) return;
  if (IsDynamic(f)) {
    // Built at run time: a whole-word value may be several words (-c CODE, -s)
    // or name /dev/stdin.
    bool whole = f[0] == kHole;
    if (!source && whole && (after_xargs || use.file_index + 1 < layer.size()))
      Opaque(use.what + " is built at run time and may be an option such as -c", where);
    else if (fds.Get(0).kind == Source::kDynamic)
      Opaque(use.what + " is built at run time and may name stdin, which carries data here", where);
  }
  if (source) ClearVars();  // a file we do not read: anything may change
}

void Walker::Spawns(const std::string& code, const std::string& language, const std::string& where) {
  SpawnFindings f = ScanSpawns(code, language);
  if (f.opaque) Opaque(f.opaque_what, where);
  // The program may feed what it spawns (input=, communicate, a pipe opened
  // for writing, a pipe dup'ed onto 0): a shell reading stdin runs that.
  FdTable fed;
  fed.fds[0] = Source{Source::kDynamic, ""};
  for (const auto& s : f.scripts) Code(s, Join(where, "spawned command"), Ctx::kChild, fed);
  for (auto& argv : f.argvs) {
    if (!ChildUnit(argv, Join(where, "spawned command"), where, fed)) return;
  }
}

// A command another process runs with `argv`: a unit, without touching this
// shell's state. False (and an opaque point) when nested too deeply.
bool Walker::ChildUnit(const Words& argv, const std::string& label, const std::string& where, const FdTable& fds) {
  if (code_depth_ >= opt_.max_code_depth) {
    Opaque("code nested too deeply", where);
    return false;
  }
  ++code_depth_;
  ShellState saved = state_;
  Unit u;
  u.words = argv;
  u.where = label;
  u.cwd = state_.cwd;
  AddUnit(std::move(u), fds);
  state_ = std::move(saved);  // another process
  --code_depth_;
  return true;
}

// Commands carried by options and environment (git -c core.pager=..., PAGER=...)
// and wrapper options that cannot be parsed with certainty: run by another
// process, later.
void Walker::FollowCarried(const std::vector<Carried>& carried, const std::string& where) {
  FdTable none;
  for (const auto& c : carried) {
    std::string label = Join(where, c.what);
    switch (c.kind) {
      case Carried::kOpaque: Opaque(c.what, where); break;
      case Carried::kShell:
        if (IsDynamic(c.code)) Opaque(c.what + " is built at run time", where);
        Code(c.code, label, Ctx::kChild, none);
        break;
      case Carried::kArgv:
      case Carried::kCovered:  // AddUnit makes these layers; anywhere else, a program run
        if (!ChildUnit(c.argv, label, where, FdTable{})) return;
        break;
    }
  }
}

// The texts an alias use expands to (bash substitutes the alias value for
// the first word, and for the next one too when the value ends in a blank).
std::vector<std::pair<std::string, std::set<std::string>>> Walker::AliasTexts(const shell::Command& cmd,
                                                                              const std::string& where) {
  std::vector<std::pair<std::string, std::set<std::string>>> out;
  if (cmd.words.empty() || facts_.aliases.empty()) return out;
  struct Partial {
    std::string text;
    size_t next;
    std::set<std::string> used;
  };
  std::vector<Partial> work{{"", 0, {}}}, done;
  int budget = 64;
  while (!work.empty()) {
    Partial p = std::move(work.back());
    work.pop_back();
    bool chain = p.next == 0 || (!p.text.empty() && (p.text.back() == ' ' || p.text.back() == '\t'));
    auto name = p.next < cmd.words.size() ? AliasCandidate(cmd.words[p.next]) : std::nullopt;
    // A name already expanded in this chain is expanded again (bash does:
    // `alias a='echo '; a a` runs `echo echo`); only an alias inside its own
    // value is not.
    if (!chain || !name || !facts_.aliases.count(*name) || expanding_aliases_.count(*name)) {
      if (p.next > 0) done.push_back(std::move(p));
      continue;
    }
    for (const auto& value : facts_.aliases.at(*name)) {
      if (--budget < 0) {
        Opaque("too many alias expansions to follow", where);
        return out;
      }
      Partial q = p;
      q.text += value;
      q.next = p.next + 1;
      q.used.insert(*name);
      work.push_back(std::move(q));
    }
  }
  for (auto& d : done) {
    std::vector<shell::Word> rest(cmd.words.begin() + static_cast<long>(d.next), cmd.words.end());
    Words expanded = ExpandWords(rest, state_.env);
    out.push_back({d.text + " " + RenderWords(expanded, 0), d.used});
  }
  return out;
}

void Walker::RunAliasTexts(const std::vector<std::pair<std::string, std::set<std::string>>>& texts,
                           const std::string& where, const FdTable& fds) {
  for (const auto& [text, used] : texts) {
    auto saved = expanding_aliases_;
    expanding_aliases_.insert(used.begin(), used.end());
    Code(text, Join(where, "alias " + *used.begin() + " expanded"), Ctx::kSameShell, fds);
    expanding_aliases_ = saved;
  }
}

// hash -p PATH NAME / BASH_CMDS[NAME]=PATH: NAME runs PATH.
void Walker::AddHashUnits(const Words& layer, const Unit& u, const FdTable& fds) {
  if (layer[0].find('/') != std::string::npos) return;
  auto it = facts_.hashes.find(layer[0]);
  if (it == facts_.hashes.end()) return;
  for (const auto& path : it->second) {
    Unit h;
    h.words = layer;
    h.words[0] = path;
    h.assignments = u.assignments;
    h.redirects = u.redirects;
    h.where = Join(u.where, "'" + layer[0] + "' runs " + Display(path) + " from the hash table");
    h.cwd = u.cwd;
    AddUnit(std::move(h), fds, false);
  }
}

}  // namespace paddock::rules::internal
