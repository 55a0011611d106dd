#include "rules/wrapper_shapes.h"

#include <algorithm>
#include <cctype>

#include "base/strings.h"
#include "rules/carried.h"
#include "rules/env_split.h"
#include "rules/normalize.h"
#include "rules/unwrap.h"

namespace paddock::rules {
Words Tail(const Words& w, size_t i) {
  return i < w.size() ? Words(w.begin() + static_cast<long>(i), w.end()) : Words{};
}

bool Listed(const std::vector<std::string_view>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// Records what a parse found: option names, and the first reason for doubt.
void Note(WrapperStep& s, const ParsedOptions& p) {
  for (const auto& o : p.options) s.options.push_back(o.name);
  if (!p.uncertain.empty() && s.uncertain.empty()) s.uncertain = p.uncertain;
}

// NAME=VALUE operands (env, sudo): any word with '=' before the command.
size_t TakeAssignments(const Words& w, size_t i, std::vector<Assign>& env) {
  while (i < w.size()) {
    // GNU env takes "=x" as an assignment too (of an empty name, which fails
    // to be set but does not stop the command).
    size_t eq = w[i].find('=');
    if (eq == std::string::npos) break;
    env.push_back({w[i].substr(0, eq), w[i].substr(eq + 1)});
    ++i;
  }
  return i;
}

namespace {

// Replaces every occurrence of `token` in the words by a hole (text known
// only at run time, like xargs input or find's file names).
void ReplaceWithHole(Words& words, const std::string& token) {
  for (auto& w : words) {
    size_t at = 0;
    while ((at = w.find(token, at)) != std::string::npos) {
      w.replace(at, token.size(), std::string(1, kHole));
      ++at;  // past the hole: the token may itself contain one
    }
  }
}

// env -S: the split words replace the option's argument, and env goes on
// reading options after them. Returns the new words, or nullopt when env
// rejects the string (then nothing runs).
std::optional<Words> SplitInPlace(const Words& cur, const ParsedOption& split, WrapperStep& s, size_t* from) {
  std::string value = split.value.value_or("");
  if (value.find(kHole) != std::string::npos && s.uncertain.empty()) s.uncertain = "env -S string is built at run time";
  auto words = EnvSplitString(value);
  if (!words) return std::nullopt;
  Words next(cur.begin(), cur.begin() + static_cast<long>(split.word));
  // Flags before -S in the same word (-vS'…') stay: they are options.
  if (split.offset > 1) next.push_back(cur[split.word].substr(0, split.offset));
  *from = next.size();
  next.insert(next.end(), words->begin(), words->end());
  next.insert(next.end(), cur.begin() + static_cast<long>(std::min(split.end, cur.size())), cur.end());
  return next;
}

}  // namespace

OptionTable SuOptions() {
  return {"flmpPhV",
          "cgGsuw",
          "",
          {"fast", "login", "preserve-environment", "pty", "help", "version"},
          {"command", "session-command", "group", "supp-group", "shell", "user", "whitelist-environment"},
          {}};
}

WrapperStep CommandAt(const Words& w, size_t at, const std::string& uncertain) {
  WrapperStep s;
  if (at < w.size()) {
    s.inner.push_back(Tail(w, at));
    s.own_words = at;
  }
  s.uncertain = uncertain;
  return s;
}

WrapperStep AfterOptions(const Wrapper& wrapper, const Words& w, size_t operands) {
  ParsedOptions p = ParseOptions(w, 1, wrapper.options);
  for (const auto& o : p.options)
    if (Listed(wrapper.lookup_options, o.name)) return {};  // a lookup: nothing runs
  WrapperStep s = CommandAt(w, p.operand + operands);
  Note(s, p);
  for (const auto& o : p.options)
    if (Listed(wrapper.env_options, o.name) && o.value) TakeAssignments(Words{*o.value}, 0, s.env);
  return s;
}

WrapperStep EnvShape(const Wrapper& wrapper, const Words& w) {
  WrapperStep s;
  Words cur = w;
  size_t from = 1;
  // -S splits its argument into words that take its place; env then goes on
  // parsing options from there (`env -S'-u X sudo id'`). Bounded: 16 splits.
  for (int round = 0;; ++round) {
    ParsedOptions p = ParseOptions(cur, from, wrapper.options);
    Note(s, p);
    const ParsedOption* split = nullptr;
    for (const auto& o : p.options)
      if (o.name == "-S" || o.name == "--split-string") {
        split = &o;
        break;
      }
    if (!split) {
      size_t i = p.operand;
      if (i < cur.size() && cur[i] == "-") ++i;  // a lone "-" is -i
      i = TakeAssignments(cur, i, s.env);
      if (i < cur.size()) {
        s.inner.push_back(Tail(cur, i));
        if (round == 0) s.own_words = i;  // after -S the command is not a tail of env's words
      }
      return s;
    }
    if (round >= 16) {
      s.uncertain = "env -S nested too deeply";
      return s;
    }
    auto next = SplitInPlace(cur, *split, s, &from);
    if (!next) return s;  // env rejects the string: nothing runs
    cur = std::move(*next);
  }
}

WrapperStep SudoShape(const Wrapper& wrapper, const Words& w) {
  // NAME=VALUE words may come between options (`sudo A=1 -u root cmd`),
  // until "--"; a word starting with '/' is a command, not an assignment.
  WrapperStep s;
  size_t i = 1;
  while (i < w.size()) {
    ParsedOptions p = ParseOptions(w, i, wrapper.options);
    Note(s, p);
    i = p.operand;
    if (p.end_marker || i >= w.size() || w[i][0] == '/') break;
    size_t next = TakeAssignments(w, i, s.env);
    if (next == i) break;
    i = next;
  }
  if (i < w.size()) {
    s.inner.push_back(Tail(w, i));
    s.own_words = i;
  }
  return s;
}

// su and runuser: `-u USER CMD…` runs CMD; otherwise `[-] [USER [ARGS…]]`
// passes ARGS to the user's shell, and `-c CMD` / `--session-command CMD`
// runs CMD with it. Both become a `sh …` layer.
WrapperStep SuShape(const Wrapper& wrapper, const Words& w) {
  ParsedOptions p = ParseOptions(w, 1, wrapper.options);
  if (p.Has("-u") || p.Has("--user")) {
    WrapperStep s = CommandAt(w, p.operand);
    Note(s, p);
    return s;
  }
  // su and runuser permute (getopt without "+"): options may come anywhere
  // before "--" (`su - -c CMD`, `runuser root -c CMD`); of the operands, a
  // first "-" is --login, the next the user, the rest the shell's arguments.
  WrapperStep s;
  Words operands;
  for (size_t i = 1; i < w.size();) {
    ParsedOptions q = ParseOptions(w, i, wrapper.options);
    Note(s, q);
    for (const auto& o : q.options)
      if ((o.name == "-c" || o.name == "--command" || o.name == "--session-command") && o.value)
        s.inner.push_back(Words{"sh", "-c", *o.value});
    if (q.operand >= w.size()) break;
    if (q.end_marker) {
      operands.insert(operands.end(), w.begin() + static_cast<long>(q.operand), w.end());
      break;
    }
    operands.push_back(w[q.operand]);
    i = q.operand + 1;
  }
  size_t user = !operands.empty() && operands[0] == "-" ? 1 : 0;
  Words args = Tail(operands, user + 1);
  if (!args.empty()) {
    args.insert(args.begin(), "sh");
    s.inner.push_back(std::move(args));
  }
  return s;
}

WrapperStep NiceShape(const Wrapper& wrapper, const Words& w) {
  // -N, --N and -+N are adjustments too (checked before getopt sees them).
  WrapperStep s;
  size_t i = 1;
  while (i < w.size()) {
    const std::string& a = w[i];
    size_t d = a.size() > 2 && (a[1] == '-' || a[1] == '+') ? 2 : 1;
    if (a.size() > d && a[0] == '-' && std::isdigit(static_cast<unsigned char>(a[d]))) {
      s.options.push_back("--adjustment");
      ++i;
      continue;
    }
    if (a.size() < 2 || a[0] != '-') break;
    if (a == "--") {
      ++i;
      break;
    }
    Words one(w.begin(), w.begin() + static_cast<long>(std::min(i + 2, w.size())));
    ParsedOptions p = ParseOptions(one, i, wrapper.options);
    Note(s, p);
    if (p.options.empty()) break;
    i = std::max(i + 1, p.options.back().end);
  }
  WrapperStep command = CommandAt(w, i);
  s.inner = std::move(command.inner);
  s.own_words = command.own_words;
  return s;
}

// flock [options] FILE CMD…, or FILE -c CMD (exact words: -c after the file
// is not one of flock's options but its own form).
WrapperStep FlockShape(const Wrapper& wrapper, const Words& w) {
  ParsedOptions p = ParseOptions(w, 1, wrapper.options);
  size_t i = p.operand + 1;  // after the lock file or descriptor
  WrapperStep s;
  if (i < w.size() && (w[i] == "-c" || w[i] == "--command")) {
    if (i + 1 < w.size()) {
      s.codes.push_back(w[i + 1]);
      s.code_what = "flock -c payload";
    }
  } else {
    s = CommandAt(w, i);
  }
  Note(s, p);
  return s;
}

WrapperStep XargsShape(const Wrapper& wrapper, const Words& w) {
  ParsedOptions p = ParseOptions(w, 1, wrapper.options);
  WrapperStep s;
  Note(s, p);
  if (p.operand >= w.size()) {  // no command: echo
    s.inner.push_back(Words{"echo"});
    return s;
  }
  // -I R / -i[R] / --replace[=R]: R is replaced by input text, which is unknown.
  std::string replace;
  for (const auto& o : p.options) {
    if (o.name == "-I" && o.value) replace = *o.value;
    else if (o.name == "-i" || o.name == "--replace") replace = o.value && !o.value->empty() ? *o.value : "{}";
  }
  Words next = Tail(w, p.operand);
  if (!replace.empty()) {
    ReplaceWithHole(next, replace);
    s.inner.push_back(std::move(next));
  } else {
    // Without a replace string xargs appends its input, words unknown here
    // (`echo / | xargs rm -rf` runs `rm -rf /`), or none: both are run.
    s.inner.push_back(next);
    next.emplace_back(1, kHole);
    s.inner.push_back(std::move(next));
  }
  s.own_words = p.operand;
  return s;
}

WrapperStep FindShape(const Words& w) {
  WrapperStep s;
  for (size_t i = 1; i < w.size(); ++i) {
    if (w[i] == "-exec" || w[i] == "-execdir" || w[i] == "-ok" || w[i] == "-okdir") {
      Words cmd;
      size_t j = i + 1;
      for (; j < w.size() && w[j] != ";" && w[j] != "+"; ++j) cmd.push_back(w[j]);
      ReplaceWithHole(cmd, "{}");  // file names found at run time
      if (!cmd.empty()) s.inner.push_back(std::move(cmd));
      i = j;
    }
  }
  return s;
}

WrapperStep WatchShape(const Wrapper& wrapper, const Words& w) {
  ParsedOptions p = ParseOptions(w, 1, wrapper.options);
  WrapperStep s;
  if (p.Has("-x") || p.Has("--exec")) {
    s = CommandAt(w, p.operand);
  } else if (p.operand < w.size()) {
    s.codes.push_back(paddock::Join(Tail(w, p.operand), " "));  // run through sh -c
    s.code_what = "watch command";
  }
  Note(s, p);
  return s;
}

// util-linux script permutes: options may follow the log file operand.
WrapperStep ScriptShape(const Wrapper& wrapper, const Words& w) {
  WrapperStep s;
  size_t i = 1;
  while (i < w.size()) {
    ParsedOptions p = ParseOptions(w, i, wrapper.options);
    Note(s, p);
    for (const auto& o : p.options)
      if ((o.name == "-c" || o.name == "--command") && o.value) s.codes.push_back(*o.value);
    if (p.end_marker || p.operand >= w.size()) break;
    i = p.operand + 1;
  }
  if (!s.codes.empty()) s.code_what = "script -c payload";
  return s;
}

WrapperStep GitShape(const Words& w) {
  GitGlobals g = ParseGitGlobals(w);
  WrapperStep s;
  s.options = g.options;
  s.uncertain = g.uncertain;
  if (g.subcommand <= 1 || g.subcommand >= w.size()) return s;
  Words out{w[0]};  // git SUBCOMMAND …: the layer deny rules such as `Bash(git push:*)` see
  out.insert(out.end(), w.begin() + static_cast<long>(g.subcommand), w.end());
  s.inner.push_back(std::move(out));
  s.own_words = g.subcommand;
  return s;
}

// firejail: every option is one word (--opt or --opt=value).
WrapperStep FirejailShape(const Words& w) {
  size_t i = 1;
  std::vector<std::string> options;
  while (i < w.size() && w[i].size() > 1 && w[i][0] == '-') {
    if (w[i] == "--") {
      ++i;
      break;
    }
    options.push_back(w[i].substr(0, w[i].find('=')));
    ++i;
  }
  WrapperStep s = CommandAt(w, i);
  s.options = std::move(options);
  return s;
}

WrapperStep SetarchShape(const Wrapper& wrapper, const Words& w) {
  // `setarch [ARCH] [options] CMD`; called as linux64, i386... there is no ARCH.
  bool arch = CommandName(w[0]) == "setarch" && w.size() > 1 && !w[1].empty() && w[1][0] != '-';
  ParsedOptions p = ParseOptions(w, arch ? 2 : 1, wrapper.options);
  WrapperStep s = CommandAt(w, p.operand);
  Note(s, p);
  return s;
}

WrapperStep SgShape(const Words& w) {
  // shadow's sg: `sg [-] GROUP [-c] COMMAND`; only COMMAND runs, as
  // `/bin/sh -c COMMAND` (later words are ignored).
  size_t i = 1;
  if (i < w.size() && w[i] == "-") ++i;
  ++i;  // the group
  if (i < w.size() && w[i] == "-c") ++i;
  WrapperStep s;
  if (i < w.size()) {
    s.codes.push_back(w[i]);
    s.code_what = "sg command";
  }
  return s;
}

namespace {

bool RunsSubcommand(const Wrapper& wrapper, const std::string& word) {
  return Listed(wrapper.subcommands, word) || Listed(wrapper.shell_subcommands, word) ||
         Listed(wrapper.code_subcommands, word);
}

// Where a runner's subcommand is: the first listed word before a "--",
// after the global options and their values (npm -w app exec, kubectl -n ns
// exec, docker compose run) or a selector (yarn workspace app exec). Taken
// wherever it is, for deny and ask rules only (allow never strips a runner),
// unless known options lead to a subcommand that runs none: `npm install
// exec sudo` installs two packages, `npm --foo install exec sudo` may run
// sudo (an unknown option may take `install` for its value). 0: none.
size_t RunnerSubcommand(const Wrapper& wrapper, const Words& w) {
  ParsedOptions globals = ParseOptions(w, 1, wrapper.options);
  if (globals.uncertain.empty() && !globals.end_marker && globals.operand < w.size() &&
      Listed(wrapper.plain_subcommands, w[globals.operand]))
    return 0;
  for (size_t i = 1; i < w.size() && w[i] != "--"; ++i)
    if (RunsSubcommand(wrapper, w[i])) return i;
  return 0;
}

// `npm explore PKG -- CMD ARGS`: the words after "--", joined, run by a shell.
WrapperStep ShellSubcommand(const Wrapper& wrapper, const Words& w, size_t sub) {
  WrapperStep s;
  auto dashdash = std::find(w.begin() + static_cast<long>(sub), w.end(), "--");
  if (dashdash == w.end() || dashdash + 1 == w.end()) return s;
  s.codes.push_back(paddock::Join(Words(dashdash + 1, w.end()), " "));
  s.code_what = std::string(wrapper.name) + " " + w[sub] + " command";
  return s;
}

// `bun exec 'CMD'`: the operands, joined, are one script of the runner's
// shell (bash-like); joining errs toward reading more of it as commands.
WrapperStep CodeSubcommand(const Wrapper& wrapper, const Words& w, size_t sub) {
  WrapperStep s;
  size_t at = sub + 1;
  if (at < w.size() && w[at] == "--") ++at;
  if (at >= w.size()) return s;
  s.codes.push_back(paddock::Join(Words(w.begin() + static_cast<long>(at), w.end()), " "));
  s.code_what = std::string(wrapper.name) + " " + w[sub] + " script";
  return s;
}

}  // namespace

WrapperStep RunnerShape(const Wrapper& wrapper, const Words& w) {
  size_t start = 1;
  if (!wrapper.subcommands.empty() || !wrapper.shell_subcommands.empty() || !wrapper.code_subcommands.empty()) {
    size_t sub = RunnerSubcommand(wrapper, w);
    if (sub == 0) return {};  // another subcommand: runs no command
    if (Listed(wrapper.shell_subcommands, w[sub])) return ShellSubcommand(wrapper, w, sub);
    if (Listed(wrapper.code_subcommands, w[sub])) return CodeSubcommand(wrapper, w, sub);
    start = sub + 1;
  }
  ParsedOptions p = ParseOptions(w, start, wrapper.options);
  WrapperStep s;
  bool shell = wrapper.shell_always;
  for (const auto& o : p.options) {
    s.options.push_back(o.name);
    if (Listed(wrapper.code_options, o.name) && o.value) s.codes.push_back(*o.value);
    shell = shell || Listed(wrapper.shell_options, o.name);
  }
  size_t at = p.operand + wrapper.runner_operands;
  if (wrapper.command_after_dashdash && !p.end_marker) {
    size_t dashdash = std::find(w.begin() + static_cast<long>(std::min(at, w.size())), w.end(), "--") - w.begin();
    if (dashdash < w.size()) at = dashdash + 1;
    else if (wrapper.dashdash_required) at = w.size();
  }
  if (at < w.size()) {
    s.inner.push_back(Tail(w, at));
    s.own_words = at;
    if (shell) s.codes.push_back(paddock::Join(Tail(w, at), " "));
  }
  // An unknown option may have taken the word after it: the command may start there.
  if (!p.uncertain.empty() && at + 1 < w.size() && !wrapper.dashdash_required) s.inner.push_back(Tail(w, at + 1));
  if (!s.codes.empty()) s.code_what = std::string(wrapper.name) + " shell command";
  return s;
}

}  // namespace paddock::rules
