#include "rules/unwrap.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <map>
#include <set>

#include "base/strings.h"
#include "rules/normalize.h"
#include "rules/options.h"
#include "rules/sed_script.h"

namespace paddock::rules {
namespace {

Words Tail(const Words& w, size_t i) { return i < w.size() ? Words(w.begin() + i, w.end()) : Words{}; }

const std::set<std::string>& Shells() {
  static const std::set<std::string> s = {"sh", "bash", "dash", "zsh", "ksh", "mksh", "ash", "fish", "rbash", "yash", "posh"};
  return s;
}

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

// One unwrapping step of a wrapper.
struct Step {
  std::vector<Words> inner;  // the command(s) it runs (several for find with many -exec)
  std::vector<Assign> env;   // NAME=VALUE it puts in their environment
  std::string uncertain;     // why its options cannot be parsed with certainty
};

Step Inner(const Words& w, size_t i, const std::string& uncertain = "") {
  Step s;
  if (i < w.size()) s.inner.push_back(Tail(w, i));
  s.uncertain = uncertain;
  return s;
}

// "Options, then the command": the shape of most wrappers.
Step Simple(const Words& w, const OptionTable& t) {
  ParsedOptions p = ParseOptions(w, 1, t);
  return Inner(w, p.operand, p.uncertain);
}

// "Options, one operand (a duration, a priority, a lock file...), then the command."
Step AfterOperand(const Words& w, const OptionTable& t) {
  ParsedOptions p = ParseOptions(w, 1, t);
  return Inner(w, p.operand + 1, p.uncertain);
}

// NAME=VALUE operands (env, sudo): any word with '=' before the command.
size_t TakeAssignments(const Words& w, size_t i, std::vector<Assign>& env) {
  while (i < w.size()) {
    size_t eq = w[i].find('=');
    if (eq == std::string::npos || eq == 0) break;
    env.push_back({w[i].substr(0, eq), w[i].substr(eq + 1)});
    ++i;
  }
  return i;
}

// env -S STRING (coreutils): split on blanks; '…' literal except \\ and \';
// "…" and bare text take \" \\ \$ \# \_ \t \n \v \f \r and \c (stop);
// ${NAME} is replaced by the variable (a hole here: it never splits); '#'
// at the start of a word comments out the rest. Returns nullopt where env
// itself rejects the string (nothing runs).
std::optional<Words> EnvSplitString(const std::string& s) {
  Words out;
  std::string cur;
  bool have = false;
  char quote = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quote == '\'') {
      if (c == '\'') { quote = 0; continue; }
      if (c == '\\' && i + 1 < s.size() && (s[i + 1] == '\\' || s[i + 1] == '\'')) c = s[++i];
      cur += c;
      continue;
    }
    if (!quote && std::strchr(" \t\n\v\f\r", c)) {
      if (have) out.push_back(cur);
      cur.clear();
      have = false;
      continue;
    }
    if (!quote && c == '#' && !have) break;  // a comment
    if (c == '\'' && !quote) { quote = '\''; have = true; continue; }
    if (c == '"') { quote = quote ? 0 : '"'; have = true; continue; }
    if (c == '\\') {
      if (i + 1 >= s.size()) return std::nullopt;
      char e = s[++i];
      switch (e) {
        case 'c': if (quote) return std::nullopt; i = s.size(); continue;
        case '_':
          if (quote) { cur += ' '; have = true; continue; }
          if (have) out.push_back(cur);
          cur.clear();
          have = false;
          continue;
        case 't': cur += '\t'; break;
        case 'n': cur += '\n'; break;
        case 'r': cur += '\r'; break;
        case 'f': cur += '\f'; break;
        case 'v': cur += '\v'; break;
        case '"': case '\'': case '\\': case '#': case '$': cur += e; break;
        default: return std::nullopt;
      }
      have = true;
      continue;
    }
    if (c == '$') {
      size_t close = s.find('}', i);
      if (i + 1 >= s.size() || s[i + 1] != '{' || close == std::string::npos) return std::nullopt;
      cur += kHole;  // the variable's value, one piece of this word
      have = true;
      i = close;
      continue;
    }
    cur += c;
    have = true;
  }
  if (quote) return std::nullopt;
  if (have) out.push_back(cur);
  return out;
}

Step Env(const Words& w) {
  static const OptionTable t{"iv0", "uCSa", "", {"ignore-environment", "null", "debug", "list-signal-handling", "help", "version"},
                             {"unset", "chdir", "split-string", "argv0"}, {"block-signal", "default-signal", "ignore-signal"}};
  Step s;
  Words cur = w;
  size_t from = 1;
  // -S splits its argument into words that take its place; env then goes on
  // parsing options from there (`env -S'-u X sudo id'`). Bounded: 16 splits.
  for (int round = 0;; ++round) {
    ParsedOptions p = ParseOptions(cur, from, t);
    if (!p.uncertain.empty() && s.uncertain.empty()) s.uncertain = p.uncertain;
    const ParsedOption* split = nullptr;
    for (const auto& o : p.options)
      if (o.name == "-S" || o.name == "--split-string") { split = &o; break; }
    if (!split) {
      size_t i = p.operand;
      if (i < cur.size() && cur[i] == "-") ++i;  // a lone "-" is -i
      i = TakeAssignments(cur, i, s.env);
      if (i < cur.size()) s.inner.push_back(Tail(cur, i));
      return s;
    }
    if (round >= 16) { s.uncertain = "env -S nested too deeply"; return s; }
    std::string value = split->value.value_or("");
    if (value.find(kHole) != std::string::npos && s.uncertain.empty())
      s.uncertain = "env -S string is built at run time";
    auto words = EnvSplitString(value);
    if (!words) return s;  // env rejects the string: nothing runs
    Words next(cur.begin(), cur.begin() + static_cast<long>(split->word));
    // Flags before -S in the same word (-vS'…') stay: they are options.
    if (split->offset > 1) next.push_back(cur[split->word].substr(0, split->offset));
    from = next.size();
    next.insert(next.end(), words->begin(), words->end());
    next.insert(next.end(), cur.begin() + static_cast<long>(std::min(split->end, cur.size())), cur.end());
    cur = std::move(next);
  }
}

Step Sudo(const Words& w) {
  // sudo 1.9 parse_args.c: "+Aa:BbC:c:D:Eeg:Hh::iKklNnPp:R:r:SsT:t:U:u:Vv".
  static const OptionTable t{"ABbEeHiKklNnPSsVv", "aCcDgpRrTtUu", "h",
                             {"askpass", "background", "bell", "edit", "set-home", "help", "login",
                              "remove-timestamp", "reset-timestamp", "list", "no-update", "non-interactive",
                              "preserve-groups", "stdin", "shell", "version", "validate"},
                             {"auth-type", "close-from", "login-class", "chdir", "group", "host", "prompt", "chroot",
                              "role", "type", "command-timeout", "other-user", "user"},
                             {"preserve-env"}};
  // NAME=VALUE words may come between options (`sudo A=1 -u root cmd`),
  // until "--"; a word starting with '/' is a command, not an assignment.
  Step s;
  size_t i = 1;
  while (i < w.size()) {
    ParsedOptions p = ParseOptions(w, i, t);
    if (!p.uncertain.empty() && s.uncertain.empty()) s.uncertain = p.uncertain;
    i = p.operand;
    if (p.end_marker || i >= w.size() || w[i][0] == '/') break;
    size_t next = TakeAssignments(w, i, s.env);
    if (next == i) break;
    i = next;
  }
  if (i < w.size()) s.inner.push_back(Tail(w, i));
  return s;
}

// su and runuser: `-u USER CMD…` runs CMD; otherwise `[-] [USER [ARGS…]]`
// passes ARGS to the user's shell, and `-c CMD` / `--session-command CMD`
// runs CMD with it. Both become a `sh …` layer.
Step SuLike(const Words& w) {
  static const OptionTable t{"flmpPhV", "cgGsuw", "",
                             {"fast", "login", "preserve-environment", "pty", "help", "version"},
                             {"command", "session-command", "group", "supp-group", "shell", "user", "whitelist-environment"},
                             {}};
  ParsedOptions p = ParseOptions(w, 1, t);
  Step s;
  s.uncertain = p.uncertain;
  if (p.Has("-u") || p.Has("--user")) return Inner(w, p.operand, p.uncertain);
  size_t i = p.operand;
  if (i < w.size() && w[i] == "-") ++i;
  if (i < w.size()) ++i;  // the user
  // su/runuser parse options after the user too (`runuser root -c CMD`).
  ParsedOptions late = ParseOptions(w, i, t);
  if (!late.uncertain.empty() && s.uncertain.empty()) s.uncertain = late.uncertain;
  for (const auto* opts : {&p, &late})
    for (const auto& o : opts->options)
      if ((o.name == "-c" || o.name == "--command" || o.name == "--session-command") && o.value)
        s.inner.push_back(Words{"sh", "-c", *o.value});
  Words args = Tail(w, late.operand);
  if (!args.empty()) {
    args.insert(args.begin(), "sh");
    s.inner.push_back(std::move(args));
  }
  return s;
}

Step Nice(const Words& w) {
  static const OptionTable t{"", "n", "", {"help", "version"}, {"adjustment"}, {}};
  // -N, --N and -+N are adjustments too (checked before getopt sees them).
  size_t i = 1;
  std::string uncertain;
  while (i < w.size()) {
    const std::string& a = w[i];
    size_t d = a.size() > 2 && (a[1] == '-' || a[1] == '+') ? 2 : 1;
    if (a.size() > d && a[0] == '-' && std::isdigit(static_cast<unsigned char>(a[d]))) { ++i; continue; }
    if (a.size() < 2 || a[0] != '-') break;
    if (a == "--") { ++i; break; }
    Words one(w.begin(), w.begin() + static_cast<long>(std::min(i + 2, w.size())));
    ParsedOptions p = ParseOptions(one, i, t);
    if (!p.uncertain.empty() && uncertain.empty()) uncertain = p.uncertain;
    if (p.options.empty()) break;
    i = std::max(i + 1, p.options.back().end);
  }
  return Inner(w, i, uncertain);
}

Step Timeout(const Words& w) {
  return AfterOperand(w, {"v", "ks", "", {"foreground", "preserve-status", "verbose", "help", "version"}, {"kill-after", "signal"}, {}});
}

Step Flock(const Words& w) {
  static const OptionTable t{"sexnuoFhV", "wE", "", {"shared", "exclusive", "unlock", "nonblock", "close", "no-fork", "verbose", "help", "version"},
                             {"timeout", "conflict-exit-code"}, {}};
  ParsedOptions p = ParseOptions(w, 1, t);
  size_t i = p.operand + 1;  // the lock file or descriptor
  // FILE -c CMD (exact words only): a shell string, followed by AnalyzeLayer.
  if (i < w.size() && (w[i] == "-c" || w[i] == "--command")) return Inner(w, w.size(), p.uncertain);
  return Inner(w, i, p.uncertain);
}

Step Xargs(const Words& w) {
  static const OptionTable t{"0prtxo", "aEdILnPs", "eil",
                             {"null", "no-run-if-empty", "verbose", "exit", "interactive", "open-tty", "show-limits", "help", "version"},
                             {"arg-file", "delimiter", "max-lines", "max-args", "max-procs", "max-chars", "process-slot-var"},
                             {"eof", "replace"}};
  ParsedOptions p = ParseOptions(w, 1, t);
  Step s;
  s.uncertain = p.uncertain;
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
  if (!replace.empty()) ReplaceWithHole(next, replace);
  s.inner.push_back(std::move(next));
  return s;
}

Step Find(const Words& w) {
  Step s;
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

const OptionTable& WatchOptions() {
  static const OptionTable t{"bceghptwxrCvV", "nq", "d",
                             {"beep", "color", "no-color", "errexit", "chgexit", "precise", "no-title", "no-wrap", "exec",
                              "no-rerun", "help", "version"},
                             {"interval", "equexit"}, {"differences"}};
  return t;
}

Step Watch(const Words& w) {
  ParsedOptions p = ParseOptions(w, 1, WatchOptions());
  if (p.Has("-x") || p.Has("--exec")) return Inner(w, p.operand, p.uncertain);
  return Inner(w, w.size(), p.uncertain);  // joined arguments are a sh -c payload: AnalyzeLayer
}

Step Git(const Words& w) {
  GitGlobals g = ParseGitGlobals(w);
  Step s;
  s.uncertain = g.uncertain;
  if (g.subcommand <= 1 || g.subcommand >= w.size()) return s;
  Words out{w[0]};
  out.insert(out.end(), w.begin() + static_cast<long>(g.subcommand), w.end());
  s.inner.push_back(std::move(out));
  return s;
}

using Handler = std::function<Step(const Words&)>;

const std::map<std::string, Handler>& Wrappers() {
  static const std::map<std::string, Handler> m = {
      {"env", Env},
      {"sudo", Sudo},
      {"doas", [](const Words& w) { return Simple(w, {"Lns", "aCu", "", {}, {}, {}}); }},
      {"pkexec", [](const Words& w) {
         return Simple(w, {"", "u", "", {"disable-internal-agent", "keep-cwd", "help", "version"}, {"user"}, {}, false});
       }},
      {"runuser", SuLike},
      {"su", SuLike},
      // bash builtins: clustered flags and "--", no long options.
      {"command", [](const Words& w) {
         ParsedOptions p = ParseOptions(w, 1, {"pvV", "", "", {}, {}, {}, false});
         if (p.Has("-v") || p.Has("-V")) return Step{};  // a lookup: nothing runs
         return Inner(w, p.operand, p.uncertain);
       }},
      {"builtin", [](const Words& w) { return Simple(w, {"", "", "", {}, {}, {}, false}); }},
      {"exec", [](const Words& w) { return Simple(w, {"cl", "a", "", {}, {}, {}, false}); }},
      {"noglob", [](const Words& w) { return Inner(w, 1); }},
      {"nocorrect", [](const Words& w) { return Inner(w, 1); }},
      {"nohup", [](const Words& w) { return Simple(w, {"", "", "", {"help", "version"}, {}, {}}); }},
      // the time keyword is taken by the parser; this is /usr/bin/time or `command time`.
      {"time", [](const Words& w) {
         return Simple(w, {"apqvV", "fo", "", {"append", "portability", "quiet", "verbose", "help", "version"}, {"format", "output"}, {}});
       }},
      {"timeout", Timeout},
      {"nice", Nice},
      {"stdbuf", [](const Words& w) { return Simple(w, {"", "ioe", "", {"help", "version"}, {"input", "output", "error"}, {}}); }},
      {"ionice", [](const Words& w) {
         return Simple(w, {"thV", "cnpPu", "", {"ignore", "help", "version"}, {"class", "classdata", "pid", "pgid", "uid"}, {}});
       }},
      {"setsid", [](const Words& w) { return Simple(w, {"cfwhV", "", "", {"ctty", "fork", "wait", "help", "version"}, {}, {}}); }},
      {"chrt", [](const Words& w) {
         return AfterOperand(w, {"abdfiormpRvhV", "TPD", "",
                                 {"batch", "deadline", "fifo", "idle", "other", "rr", "reset-on-fork", "all-tasks", "max", "pid",
                                  "verbose", "help", "version"},
                                 {"sched-runtime", "sched-period", "sched-deadline"}, {}});
       }},
      {"taskset", [](const Words& w) {
         return AfterOperand(w, {"apchV", "", "", {"all-tasks", "pid", "cpu-list", "help", "version"}, {}, {}});
       }},
      {"setpriv", [](const Words& w) {
         return Simple(w, {"dhV", "", "",
                           {"dump", "nnp", "no-new-privs", "clear-groups", "keep-groups", "init-groups", "reset-env", "help", "version"},
                           {"ambient-caps", "inh-caps", "bounding-set", "ruid", "euid", "rgid", "egid", "reuid", "regid", "groups",
                            "securebits", "pdeathsig", "selinux-label", "apparmor-profile", "landlock-access", "landlock-rule",
                            "seccomp-filter"},
                           {}});
       }},
      {"flock", Flock},
      {"chroot", [](const Words& w) {
         return AfterOperand(w, {"", "", "", {"skip-chdir", "help", "version"}, {"userspec", "groups"}, {}});
       }},
      {"nsenter", [](const Words& w) {
         return Simple(w, {"aFZhVc", "tSGWN", "muinpCUTrw",
                           {"all", "no-fork", "follow-context", "preserve-credentials", "user-parent", "keep-caps", "env",
                            "join-cgroup", "help", "version"},
                           {"target", "setuid", "setgid", "wdns", "net-socket"},
                           {"mount", "uts", "ipc", "net", "pid", "cgroup", "user", "time", "root", "wd"}});
       }},
      {"unshare", [](const Words& w) {
         return Simple(w, {"muinpUCTfrchVl", "RwSG", "",
                           {"fork", "map-root-user", "map-current-user", "map-auto", "keep-caps", "help", "version"},
                           {"map-user", "map-group", "map-users", "map-groups", "propagation", "setgroups", "root", "wd",
                            "setuid", "setgid", "monotonic", "boottime", "load-interp"},
                           {"mount", "uts", "ipc", "net", "pid", "user", "cgroup", "time", "kill-child", "mount-proc",
                            "mount-binfmt"}});
       }},
      // firejail: every option is one word (--opt or --opt=value).
      {"firejail", [](const Words& w) {
         size_t i = 1;
         while (i < w.size() && w[i].size() > 1 && w[i][0] == '-') {
           if (w[i] == "--") { ++i; break; }
           ++i;
         }
         return Inner(w, i);
       }},
      {"systemd-run", [](const Words& w) {
         Step s = Simple(w, {"hrtPqGSdV", "HMupE", "",
                             {"help", "version", "no-ask-password", "user", "system", "scope", "slice-inherit", "no-block",
                              "remain-after-exit", "wait", "send-sighup", "same-dir", "pty", "pipe", "quiet", "collect", "shell",
                              "on-timezone-change", "on-clock-change", "ignore-failure", "background"},
                             {"host", "machine", "unit", "property", "description", "slice", "service-type", "uid", "gid", "nice",
                              "working-directory", "setenv", "path-property", "socket-property", "on-active", "on-boot",
                              "on-startup", "on-unit-active", "on-unit-inactive", "on-calendar", "timer-property", "json",
                              "expand-environment"},
                             {}});
         ParsedOptions p = ParseOptions(w, 1, {"hrtPqGSdV", "HMupE", "", {}, {"setenv"}, {}});
         for (const auto& o : p.options)
           if ((o.name == "-E" || o.name == "--setenv") && o.value) TakeAssignments(Words{*o.value}, 0, s.env);
         return s;
       }},
      {"strace", [](const Words& w) {
         Step s = Simple(w, {"AcCdDfFhiknqrtTvVwxyYzZ", "abeEIoOpPsSuUX", "",
                             {"follow-forks", "output-separately", "output-append-mode", "instruction-pointer", "stack-traces",
                              "syscall-number", "no-abbrev", "summary-only", "summary", "summary-wall-clock", "debug", "help",
                              "version", "seccomp-bpf", "successful-only", "failed-only", "daemonize"},
                             {"env", "attach", "user", "detach-on", "interruptible", "trace", "signal", "status", "trace-path",
                              "columns", "abbrev", "verbose", "raw", "read", "write", "kvm", "output", "string-limit",
                              "const-print-style", "summary-syscall-overhead", "summary-sort-by", "summary-columns", "inject",
                              "fault", "decode-pids"},
                             {"relative-timestamps", "absolute-timestamps", "syscall-times", "strings-in-hex", "decode-fds",
                              "quiet", "tips", "daemonize"}});
         ParsedOptions p = ParseOptions(w, 1, {"", "abeEIoOpPsSuUX", "", {}, {"env"}, {}});
         for (const auto& o : p.options)
           if ((o.name == "-E" || o.name == "--env") && o.value) TakeAssignments(Words{*o.value}, 0, s.env);
         return s;
       }},
      {"ltrace", [](const Words& w) { return Simple(w, {"bCcdDfhiLrSTtV", "aAeFlnopsuwx", "", {}, {}, {}}); }},
      {"busybox", [](const Words& w) { return Inner(w, 1); }},
      {"xargs", Xargs},
      {"find", Find},
      {"watch", Watch},
      {"git", Git},
  };
  return m;
}

Step UnwrapOnce(const Words& w) {
  if (w.empty() || IsDynamic(w[0])) return {};
  auto it = Wrappers().find(CommandName(w[0]));
  if (it == Wrappers().end()) return {};  // the common case: one lookup
  return it->second(w);
}

// Options that take an argument, for the allow view's wrappers.
size_t SkipOptions(const Words& w, size_t i, const OptionTable& t) { return ParseOptions(w, i, t).operand; }

}  // namespace

std::string CommandName(const std::string& argv0) {
  size_t slash = argv0.rfind('/');
  std::string base = slash == std::string::npos ? argv0 : argv0.substr(slash + 1);
  for (char& c : base) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return base;
}

Layers UnwrapUnit(const Words& words, const std::vector<Assign>& assignments) {
  Layers out;
  if (words.empty()) {
    CarriedByEnvironment(assignments, out.carried);
    return out;
  }
  std::vector<Assign> env = assignments;
  std::vector<Words> pending{words};
  // Bounded: a wrapper layer count far beyond any real command line is opaque.
  constexpr size_t kMaxLayers = 256;
  while (!pending.empty()) {
    Words w = std::move(pending.back());
    pending.pop_back();
    if (w.empty()) continue;
    if (out.layers.size() >= kMaxLayers) {
      out.carried.push_back({Carried::kOpaque, "", {}, "too many wrapper layers"});
      break;
    }
    Step step = UnwrapOnce(w);
    if (!step.uncertain.empty())
      out.carried.push_back({Carried::kOpaque, "", {}, CommandName(w[0]) + ": " + step.uncertain});
    env.insert(env.end(), step.env.begin(), step.env.end());
    for (auto& next : step.inner)
      if (next != w) pending.push_back(std::move(next));
    out.layers.push_back(std::move(w));
  }
  CarriedByEnvironment(env, out.carried);
  for (const auto& layer : out.layers) CarriedByOptions(layer, env, out.carried);
  // The same option may be seen from several layers (git -C x … and git …).
  std::vector<Carried> unique;
  std::set<std::string> seen;
  for (auto& c : out.carried) {
    // Length-prefixed parts: no two different items share a key.
    std::string key = std::to_string(c.kind);
    for (const std::string* part : {&c.what, &c.code}) key += ':' + std::to_string(part->size()) + ':' + *part;
    for (const auto& a : c.argv) key += ':' + std::to_string(a.size()) + ':' + a;
    if (seen.insert(std::move(key)).second) unique.push_back(std::move(c));
  }
  out.carried = std::move(unique);
  return out;
}

std::vector<Words> DenyLayers(const Words& words) { return UnwrapUnit(words, {}).layers; }

size_t WrapperOwnWords(const Words& w) {
  Step step = UnwrapOnce(w);
  size_t own = w.size();
  for (const auto& inner : step.inner) {
    // The inner command is a tail of the wrapper's words (git keeps its name in front).
    size_t tail = inner.size() - (CommandName(w[0]) == "git" ? 1 : 0);
    if (tail <= w.size() && inner.size() > 0) own = std::min(own, w.size() - tail);
  }
  if (CommandName(w.empty() ? "" : w[0]) == "find") return w.size();  // -exec commands are layers of their own
  return own;
}


namespace {

std::string Join(const Words& w, size_t from) {
  std::string out;
  for (size_t i = from; i < w.size(); ++i) {
    if (i > from) out += ' ';
    out += w[i];
  }
  return out;
}

std::string InterpreterLanguage(const std::string& name) {
  auto starts = [&](const char* p) { return name.rfind(p, 0) == 0; };
  if (starts("python") || starts("pypy")) return "python";
  if (starts("perl")) return "perl";
  if (starts("ruby")) return "ruby";
  if (name == "node" || name == "nodejs" || name == "bun" || name == "deno") return "node";
  if (starts("php")) return "php";
  if (starts("lua")) return "lua";
  if (name == "rscript") return "r";
  if (name == "awk" || name == "gawk" || name == "mawk" || name == "nawk") return "awk";
  return "";
}

CodeUse AnalyzeInterpreter(const Words& w, const std::string& lang, const std::string& name) {
  CodeUse use;
  use.language = lang;
  use.what = name + " inline code";
  size_t i = 1;
  const char* code_flags = lang == "python" ? "c" : lang == "perl" ? "eE" : lang == "ruby" ? "e" : lang == "node" ? "ep" : lang == "php" ? "r" : lang == "lua" ? "e" : lang == "r" ? "e" : "e";
  bool from_file = false;
  while (i < w.size()) {
    const std::string& a = w[i];
    if (a == "--") { ++i; break; }
    if (a == "-") break;
    if (lang == "node" && (a == "--eval" || a == "--print")) {
      if (i + 1 < w.size()) use.codes.push_back(w[i + 1]);
      i += 2;
      continue;
    }
    if (a.size() < 2 || a[0] != '-') break;
    if (a[1] == '-') { ++i; continue; }
    if (lang == "awk") {
      if (a == "-f" || StartsWith(a, "--file")) from_file = true;
      if (a == "-e" || a == "--source") { if (i + 1 < w.size()) use.codes.push_back(w[i + 1]); i += 2; continue; }
      if (a == "-F" || a == "-v" || a == "-f") { i += 2; continue; }
      ++i;
      continue;
    }
    if (lang == "python" && (a == "-m" || StartsWith(a, "-m"))) return CodeUse{};  // a module runs
    bool consumed_next = false;
    for (size_t j = 1; j < a.size(); ++j) {
      if (std::strchr(code_flags, a[j])) {
        if (j + 1 < a.size()) use.codes.push_back(a.substr(j + 1));
        else if (i + 1 < w.size()) { use.codes.push_back(w[i + 1]); consumed_next = true; }
        break;
      }
      if (lang == "python" && std::strchr("WXQ", a[j])) { consumed_next = j + 1 == a.size(); break; }
      if (lang == "perl" && std::strchr("MmIx", a[j])) break;  // attached argument
    }
    i += consumed_next ? 2 : 1;
  }
  if (lang == "awk" && use.codes.empty() && !from_file) {
    if (i < w.size()) use.codes.push_back(w[i]);
  }
  if (!use.codes.empty()) { use.kind = CodeUse::kInterpreterCode; return use; }
  if (from_file) return CodeUse{};
  if (i >= w.size() || w[i] == "-") { use.kind = CodeUse::kInterpreterStdin; use.what = name + " program on stdin"; }
  return use;
}

}  // namespace

CodeUse AnalyzeLayer(const Words& w) {
  CodeUse use;
  if (w.empty() || IsDynamic(w[0])) return use;
  std::string name = CommandName(w[0]);
  static const std::set<std::string> code_carriers = {"source", ".", "eval", "trap", "alias", "script", "flock", "watch", "sed", "gsed"};
  if (!Shells().count(name) && !code_carriers.count(name) && InterpreterLanguage(name).empty()) return use;
  if (Shells().count(name)) {
    bool c = false, s = false;
    size_t i = 1;
    while (i < w.size()) {
      const std::string& a = w[i];
      if (a == "--" || a == "-") { ++i; break; }
      if (a.size() < 2 || (a[0] != '-' && a[0] != '+')) break;
      if (a == "-o" || a == "+o" || a == "-O" || a == "+O" || a == "--rcfile" || a == "--init-file") { i += 2; continue; }
      if (a[1] == '-') { ++i; continue; }
      if (a[0] == '-' && a.find('c') != std::string::npos) c = true;
      if (a[0] == '-' && a.find('s') != std::string::npos) s = true;
      ++i;
    }
    if (c) {
      if (i >= w.size()) return use;
      use.kind = CodeUse::kShellString;
      use.codes.push_back(w[i]);
      use.positional = Tail(w, i + 1);
      if (use.positional->empty()) use.positional->push_back(w[0]);
      use.what = name + " -c payload";
      return use;
    }
    if (s || i >= w.size()) { use.kind = CodeUse::kShellStdin; use.what = name + " reading stdin"; return use; }
    use.kind = CodeUse::kShellFile;
    use.file_index = i;
    use.what = name + " script operand";
    return use;
  }
  if (name == "source" || name == ".") {
    if (w.size() > 1) { use.kind = CodeUse::kShellFile; use.file_index = 1; use.what = name + " operand"; }
    return use;
  }
  if (name == "eval") {
    use.kind = CodeUse::kShellString;
    use.codes.push_back(Join(w, 1));
    use.what = "eval argument";
    return use;
  }
  if (name == "trap") {
    size_t i = SkipOptions(w, 1, {"lp", "", "", {}, {}, {}, false});
    if (i < w.size() && w[i] != "-" && i + 1 < w.size()) {
      use.kind = CodeUse::kShellString;
      use.codes.push_back(w[i]);
      use.what = "trap action";
    }
    return use;
  }
  if (name == "alias") {
    for (size_t i = 1; i < w.size(); ++i) {
      size_t eq = w[i].find('=');
      if (eq != std::string::npos) use.codes.push_back(w[i].substr(eq + 1));
    }
    if (!use.codes.empty()) { use.kind = CodeUse::kShellString; use.what = "alias value"; }
    return use;
  }
  if (name == "script") {
    // util-linux script permutes: options may follow the log file operand.
    static const OptionTable t{"aefqhV", "cEIOBTmo", "t", {"append", "return", "flush", "force", "quiet", "help", "version"},
                               {"command", "echo", "log-in", "log-out", "log-io", "log-timing", "logging-format", "output-limit"},
                               {"timing"}};
    size_t i = 1;
    while (i < w.size()) {
      ParsedOptions p = ParseOptions(w, i, t);
      for (const auto& o : p.options)
        if ((o.name == "-c" || o.name == "--command") && o.value) use.codes.push_back(*o.value);
      if (p.end_marker || p.operand >= w.size()) break;
      i = p.operand + 1;
    }
    if (!use.codes.empty()) { use.kind = CodeUse::kShellString; use.what = "script -c payload"; }
    return use;
  }
  if (name == "flock") {
    // flock [options] FILE -c CMD (exact words: -c is not one of flock's options).
    size_t i = SkipOptions(w, 1, {"sexnuoFhV", "wE", "", {"shared", "exclusive", "unlock", "nonblock", "close", "no-fork", "verbose", "help", "version"},
                                  {"timeout", "conflict-exit-code"}, {}});
    if (i + 2 < w.size() && (w[i + 1] == "-c" || w[i + 1] == "--command")) {
      use.kind = CodeUse::kShellString;
      use.codes.push_back(w[i + 2]);
      use.what = "flock -c payload";
    }
    return use;
  }
  if (name == "sed" || name == "gsed") {
    // GNU sed's e command and s///e flag run commands (sed_script.h).
    SedInvocation sed = ParseSedArgs(w);
    if (sed.sandbox) return use;
    use.language = "sed";
    if (!sed.scripts.empty()) {
      use.kind = CodeUse::kInterpreterCode;
      use.codes.push_back(paddock::Join(sed.scripts, "\n"));
      use.what = "sed script";
    } else if (sed.script_from_stdin) {
      use.kind = CodeUse::kInterpreterStdin;
      use.what = "sed script on stdin";
    }
    return use;
  }
  if (name == "watch") {
    ParsedOptions p = ParseOptions(w, 1, WatchOptions());
    size_t i = p.operand;
    if (p.Has("-x") || p.Has("--exec") || i >= w.size()) return use;
    use.kind = CodeUse::kShellString;
    use.codes.push_back(Join(w, i));
    use.what = "watch command";
    return use;
  }
  std::string lang = InterpreterLanguage(name);
  if (!lang.empty()) return AnalyzeInterpreter(w, lang, name);
  return use;
}

namespace {

bool SafeAssignment(const std::string& name) {
  static const std::set<std::string> safe = {"LANG", "LANGUAGE", "TZ", "TERM", "COLUMNS", "NO_COLOR", "FORCE_COLOR", "CLICOLOR", "CI", "NODE_ENV", "RUST_BACKTRACE", "PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE"};
  return safe.count(name) || name.rfind("LC_", 0) == 0;
}

}  // namespace

std::optional<Words> AllowView(const Words& words, const std::vector<Assign>& assignments) {
  for (const auto& a : assignments)
    if (!SafeAssignment(a.name) || IsDynamic(a.value)) return std::nullopt;
  Words w = words;
  while (!w.empty()) {
    const std::string& n = w[0];
    if (IsDynamic(n)) return std::nullopt;
    size_t i = 0;
    if (n == "timeout") i = SkipOptions(w, 1, {"v", "ks", "", {"foreground", "preserve-status", "verbose"}, {"kill-after", "signal"}, {}}) + 1;
    else if (n == "time") i = SkipOptions(w, 1, {"p", "", "", {}, {}, {}});
    else if (n == "nice") i = SkipOptions(w, 1, {"", "n", "", {}, {"adjustment"}, {}});
    else if (n == "nohup" || n == "noglob") i = 1;
    else if (n == "stdbuf") i = SkipOptions(w, 1, {"", "ioe", "", {}, {"input", "output", "error"}, {}});
    else if (n == "builtin") i = 1;
    else if (n == "command") {
      if (w.size() > 1 && w[1].size() > 1 && w[1][0] == '-') return w;  // command -v: a lookup, matched as is
      i = 1;
    } else if (n == "xargs") {
      if (w.size() > 1 && w[1].size() > 1 && w[1][0] == '-') return w;  // xargs with flags is matched as xargs
      i = 1;
    } else if (n == "git") {
      size_t j = 1;
      while (j < w.size()) {
        if (w[j] == "-C") j += 2;
        else if (w[j] == "--no-pager" || w[j] == "-P") ++j;
        else break;
      }
      if (j == 1 || j >= w.size()) return w;
      Words out{w[0]};
      out.insert(out.end(), w.begin() + j, w.end());
      return out;
    } else if (n == "find") {
      for (const auto& a : w)
        if (a == "-exec" || a == "-execdir" || a == "-ok" || a == "-okdir" || a == "-delete" || a.rfind("-fprint", 0) == 0) return std::nullopt;
      return w;
    } else {
      return w;
    }
    if (i >= w.size()) return w;  // the wrapper alone
    w.erase(w.begin(), w.begin() + i);
  }
  return std::nullopt;
}

}  // namespace paddock::rules
