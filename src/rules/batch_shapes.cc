// Wrapper shapes of programs that run commands in batches or for a build:
// GNU parallel and sem, `cmake -E env|chdir|time`, and runcon (an SELinux
// context, then the command).
#include <algorithm>

#include "base/strings.h"
#include "rules/normalize.h"
#include "rules/unwrap.h"
#include "rules/wrapper_shapes.h"

namespace paddock::rules {
namespace {

bool IsInputSeparator(const std::string& w) { return w == ":::" || w == "::::" || w == ":::+" || w == "::::+"; }

// Every {...} of a template word (`{}`, `{.}`, `{/}`, `{#}`, `{2.}`, a
// custom -I string...) stands for input only known at run time: `hole` takes
// its place.
std::string HolesForReplacements(const std::string& word, const std::string& custom,
                                 const std::string& hole = std::string(1, kHole)) {
  std::string out;
  for (size_t i = 0; i < word.size();) {
    if (!custom.empty() && word.compare(i, custom.size(), custom) == 0) {
      out += hole;
      i += custom.size();
      continue;
    }
    size_t close = word[i] == '{' ? word.find('}', i) : std::string::npos;
    if (close != std::string::npos && word.find('{', i + 1) > close) {
      out += hole;
      i = close + 1;
      continue;
    }
    out += word[i++];
  }
  return out;
}

// parallel hands the template to a shell. Words free of the shell's syntax
// read back as themselves and are checked as a command, its input in the
// holes; anything else is a shell string, whose holes make it opaque.
bool PlainWord(const std::string& w, bool first) {
  if (w.empty() || w.find_first_of(" \t\n|&;<>()$`\\\"'*?[]{}") != std::string::npos) return false;
  if (w[0] == '~' || w[0] == '#' || w[0] == '!') return false;
  return !(first && w.find('=') != std::string::npos);  // an assignment
}

struct ParallelTemplate {
  Words words;
  size_t sources = 0;             // ::: / :::: groups after the template
  std::vector<std::string> args;  // the words of a single ::: group (commands, when there is no template)
};

Words Holed(const Words& words, const std::string& custom) {
  Words out;
  for (const auto& word : words) out.push_back(HolesForReplacements(word, custom));
  return out;
}

// `holed`: the template's words with holes for the replacement strings.
bool PlainTemplate(const Words& holed) {
  for (size_t i = 0; i < holed.size(); ++i)
    if (!PlainWord(holed[i], i == 0)) return false;
  return true;
}

ParallelTemplate SplitTemplate(const Words& w, size_t at) {
  ParallelTemplate t;
  size_t i = at;
  while (i < w.size() && !IsInputSeparator(w[i])) t.words.push_back(w[i++]);
  while (i < w.size()) {
    bool file = w[i].rfind("::::", 0) == 0;
    ++t.sources;
    for (++i; i < w.size() && !IsInputSeparator(w[i]); ++i)
      if (!file && t.sources == 1) t.args.push_back(w[i]);
  }
  return t;
}

// A template with shell syntax, as the shell string parallel runs. parallel
// shell-quotes each input it puts in place of a replacement string, so where
// the template has no quoting or expansion of its own the replacement is one
// word of unknown text, a quoted unknown variable: the walker then checks the
// commands around it (`gzip {} && rm {}`). Elsewhere (inside the template's
// quotes, where `X='{}'; $X` would turn data into a command name, or beside
// a word built at run time) it is a hole, which makes the string opaque.
std::string ShellTemplate(const Words& words, const std::string& custom) {
  bool plain = std::none_of(words.begin(), words.end(), [](const std::string& w) {
    return IsDynamic(w) || w.find_first_of("'\"\\`$") != std::string::npos;
  });
  std::string hole = plain ? std::string("\"${") + kUnknownVariable + "}\"" : std::string(1, kHole);
  std::string code;
  for (const auto& word : words) code += (code.empty() ? "" : " ") + HolesForReplacements(word, custom, hole);
  return code;
}

}  // namespace

// parallel [options] [TEMPLATE] [::: ARGS | :::: FILES]...; sem [options] COMMAND.
// With a template, each job runs it through a shell with the input in the
// replacement strings (or appended); without one, the input lines are the
// command lines.
WrapperStep ParallelShape(const Wrapper& wrapper, const Words& w) {
  ParsedOptions p = ParseOptions(w, 1, wrapper.options);
  for (const auto& o : p.options)
    if (Listed(wrapper.lookup_options, o.name)) return {};
  WrapperStep s;
  Note(s, p);
  std::string custom;
  bool appends = CommandName(w[0]) != "sem";
  bool quoted = p.Has("-q") || p.Has("--quote");  // the template words are argv as they are
  for (const auto& o : p.options) {
    if (Listed(wrapper.code_options, o.name) && o.value) s.codes.push_back(*o.value);
    if ((o.name == "-I" || o.name == "--replace") && o.value) custom = *o.value;
    if (o.name == "--pipe" || o.name == "--pipepart" || o.name == "--semaphore") appends = false;
    if ((o.name == "--rpl" || o.name == "--filter") && s.uncertain.empty())
      s.uncertain = "parallel " + o.name + " runs Perl code";
  }
  ParallelTemplate t = SplitTemplate(w, p.operand);
  for (const auto& word : t.words)
    if (word.find("{=") != std::string::npos && s.uncertain.empty()) s.uncertain = "parallel {= =} runs Perl code";
  if (t.words.empty()) {
    // The input lines are the commands: visible only from one ::: group.
    // sem without a command (`sem --wait`) runs nothing.
    if (!appends && t.sources == 0) return s;
    if (t.sources == 1 && !t.args.empty()) s.codes.insert(s.codes.end(), t.args.begin(), t.args.end());
    else if (s.uncertain.empty()) s.uncertain = "parallel reads the commands it runs from its input";
  } else if (Words cmd = Holed(t.words, custom); quoted || PlainTemplate(cmd)) {
    if (appends && cmd == t.words) cmd.push_back(std::string(1, kHole));
    s.inner.push_back(std::move(cmd));
    s.own_words = p.operand;
  } else {
    s.codes.push_back(ShellTemplate(t.words, custom));
  }
  if (!s.codes.empty()) s.code_what = std::string(wrapper.name) + " command";
  return s;
}

// cmake -E env [--unset=NAME]... [--modify OP]... [NAME=VALUE]... [--] CMD...,
// cmake -E chdir DIR CMD..., cmake -E time CMD...; its other -E commands
// and everything else cmake does run no command named in its words.
WrapperStep CmakeShape(const Words& w) {
  if (w.size() < 4 || w[1] != "-E") return {};
  size_t at = 3;
  WrapperStep s;
  if (w[2] == "chdir") {
    at = 4;
  } else if (w[2] == "env") {
    while (at < w.size()) {
      if (w[at].rfind("--unset=", 0) == 0) {
        ++at;
      } else if (w[at] == "--modify") {
        at += 2;
      } else if (w[at] == "--") {
        ++at;
        break;
      } else {
        size_t next = TakeAssignments(w, at, s.env);
        if (next == at) break;
        at = next;
      }
    }
  } else if (w[2] != "time") {
    return {};
  }
  WrapperStep cmd = CommandAt(w, at);
  cmd.env = std::move(s.env);
  if (w[2] == "chdir") cmd.chdir = w[3];
  return cmd;
}

// runcon CONTEXT CMD..., or runcon [-c] [-u USER] [-r ROLE] [-t TYPE] [-l RANGE] CMD...
WrapperStep RunconShape(const Wrapper& wrapper, const Words& w) {
  ParsedOptions p = ParseOptions(w, 1, wrapper.options);
  for (const auto& o : p.options)
    if (Listed(wrapper.lookup_options, o.name)) return {};
  bool parts = false;
  for (const char* o : {"-u", "-r", "-t", "-l", "--user", "--role", "--type", "--range"}) parts = parts || p.Has(o);
  WrapperStep s = CommandAt(w, p.operand + (parts ? 0 : 1));
  Note(s, p);
  return s;
}

}  // namespace paddock::rules
