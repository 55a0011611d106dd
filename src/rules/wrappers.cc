// The wrapper table. Option tables were checked against coreutils 9.1,
// util-linux 2.38, procps 4.0, sudo 1.9, strace 6.1, systemd 252, findutils
// 4.9 and bash 5.2 (builtins take clustered flags and "--", no long options).
#include "rules/wrappers.h"

#include <map>

#include "rules/normalize.h"
#include "rules/wrapper_shapes.h"

namespace paddock::rules {
namespace {

// bash builtins: no long options, no abbreviations.
OptionTable Builtin(std::string_view flags, std::string_view with_arg = "") {
  return {flags, with_arg, "", {}, {}, {}, false};
}

// The tables below are data, kept as written: one option group to a line,
// in the order of struct WrapperOptions.
// clang-format off
std::vector<Wrapper> PrivilegeWrappers() {
  return {
      {.name = "env",
       .shape = Shape::kEnv,
       .options = {"iv0", "uCSa", "",
                   {"ignore-environment", "null", "debug", "list-signal-handling", "help", "version"},
                   {"unset", "chdir", "split-string", "argv0"},
                   {"block-signal", "default-signal", "ignore-signal"}}},
      // sudo 1.9 parse_args.c: "+Aa:BbC:c:D:Eeg:Hh::iKklNnPp:R:r:SsT:t:U:u:Vv".
      {.name = "sudo",
       .shape = Shape::kSudo,
       .options = {"ABbEeHiKklNnPSsVv", "aCcDgpRrTtUu", "h",
                   {"askpass", "background", "bell", "edit", "set-home", "help", "login", "remove-timestamp",
                    "reset-timestamp", "list", "no-update", "non-interactive", "preserve-groups", "stdin", "shell",
                    "version", "validate"},
                   {"auth-type", "close-from", "login-class", "chdir", "group", "host", "prompt", "chroot", "role",
                    "type", "command-timeout", "other-user", "user"},
                   {"preserve-env"}}},
      {.name = "doas", .shape = Shape::kAfterOptions, .options = {"Lns", "aCu", "", {}, {}, {}}},
      {.name = "pkexec",
       .shape = Shape::kAfterOptions,
       .options = {"", "u", "", {"disable-internal-agent", "keep-cwd", "help", "version"}, {"user"}, {}, false}},
      {.name = "su", .shape = Shape::kSu, .options = SuOptions()},
      {.name = "runuser", .shape = Shape::kSu, .options = SuOptions()},
      {.name = "setpriv",
       .shape = Shape::kAfterOptions,
       .options = {"dhV", "", "",
                   {"dump", "nnp", "no-new-privs", "clear-groups", "keep-groups", "init-groups", "reset-env", "help",
                    "version"},
                   {"ambient-caps", "inh-caps", "bounding-set", "ruid", "euid", "rgid", "egid", "reuid", "regid",
                    "groups", "securebits", "pdeathsig", "selinux-label", "apparmor-profile", "landlock-access",
                    "landlock-rule", "seccomp-filter"},
                   {}}},
      {.name = "chroot",
       .shape = Shape::kAfterOperand,
       .options = {"", "", "", {"skip-chdir", "help", "version"}, {"userspec", "groups"}, {}}},
      {.name = "nsenter",
       .shape = Shape::kAfterOptions,
       .options = {"aFZhVc", "tSGWN", "muinpCUTrw",
                   {"all", "no-fork", "follow-context", "preserve-credentials", "user-parent", "keep-caps", "env",
                    "join-cgroup", "help", "version"},
                   {"target", "setuid", "setgid", "wdns", "net-socket"},
                   {"mount", "uts", "ipc", "net", "pid", "cgroup", "user", "time", "root", "wd"}}},
      {.name = "unshare",
       .shape = Shape::kAfterOptions,
       .options = {"muinpUCTfrchVl", "RwSG", "",
                   {"fork", "map-root-user", "map-current-user", "map-auto", "keep-caps", "help", "version"},
                   {"map-user", "map-group", "map-users", "map-groups", "propagation", "setgroups", "root", "wd",
                    "setuid", "setgid", "monotonic", "boottime", "load-interp"},
                   {"mount", "uts", "ipc", "net", "pid", "user", "cgroup", "time", "kill-child", "mount-proc",
                    "mount-binfmt"}}},
      {.name = "firejail", .shape = Shape::kFirejail},
      {.name = "systemd-run",
       .shape = Shape::kAfterOptions,
       .options = {"hrtPqGSdV", "HMupE", "",
                   {"help", "version", "no-ask-password", "user", "system", "scope", "slice-inherit", "no-block",
                    "remain-after-exit", "wait", "send-sighup", "same-dir", "pty", "pipe", "quiet", "collect", "shell",
                    "on-timezone-change", "on-clock-change", "ignore-failure", "background"},
                   {"host", "machine", "unit", "property", "description", "slice", "service-type", "uid", "gid", "nice",
                    "working-directory", "setenv", "path-property", "socket-property", "on-active", "on-boot",
                    "on-startup", "on-unit-active", "on-unit-inactive", "on-calendar", "timer-property", "json",
                    "expand-environment"},
                   {}},
       .env_options = {"-E", "--setenv"}},
  };
}

std::vector<Wrapper> ShellBuiltinWrappers() {
  return {
      {.name = "command",
       .shape = Shape::kAfterOptions,
       .options = Builtin("pvV"),
       .allow = AllowStrip::kAlways,
       .lookup_options = {"-v", "-V"}},
      {.name = "builtin", .shape = Shape::kAfterOptions, .options = Builtin(""), .allow = AllowStrip::kAlways},
      {.name = "exec", .shape = Shape::kAfterOptions, .options = Builtin("cl", "a")},
      // zsh precommand modifiers.
      {.name = "noglob", .shape = Shape::kNextWord, .allow = AllowStrip::kAlways},
      {.name = "nocorrect", .shape = Shape::kNextWord},
  };
}

std::vector<Wrapper> SchedulingWrappers() {
  return {
      {.name = "nohup",
       .shape = Shape::kAfterOptions,
       .options = {"", "", "", {"help", "version"}, {}, {}},
       .allow = AllowStrip::kAlways},
      // The time keyword is the parser's; this is /usr/bin/time or `command time`.
      {.name = "time",
       .shape = Shape::kAfterOptions,
       .options = {"apqvV", "fo", "", {"append", "portability", "quiet", "verbose", "help", "version"},
                   {"format", "output"}, {}},
       .allow = AllowStrip::kAlways},
      {.name = "timeout",
       .shape = Shape::kAfterOperand,
       .options = {"v", "ks", "", {"foreground", "preserve-status", "verbose", "help", "version"},
                   {"kill-after", "signal"}, {}},
       .allow = AllowStrip::kAlways},
      {.name = "nice",
       .shape = Shape::kNice,
       .options = {"", "n", "", {"help", "version"}, {"adjustment"}, {}},
       .allow = AllowStrip::kAlways},
      {.name = "stdbuf",
       .shape = Shape::kAfterOptions,
       .options = {"", "ioe", "", {"help", "version"}, {"input", "output", "error"}, {}},
       .allow = AllowStrip::kAlways},
      {.name = "ionice",
       .shape = Shape::kAfterOptions,
       .options = {"thV", "cnpPu", "", {"ignore", "help", "version"}, {"class", "classdata", "pid", "pgid", "uid"},
                   {}},
       .exact_allow_only = true},
      {.name = "setsid",
       .shape = Shape::kAfterOptions,
       .options = {"cfwhV", "", "", {"ctty", "fork", "wait", "help", "version"}, {}, {}},
       .exact_allow_only = true},
      {.name = "chrt",
       .shape = Shape::kAfterOperand,
       .options = {"abdfiormpRvhV", "TPD", "",
                   {"batch", "deadline", "fifo", "idle", "other", "rr", "reset-on-fork", "all-tasks", "max", "pid",
                    "verbose", "help", "version"},
                   {"sched-runtime", "sched-period", "sched-deadline"}, {}}},
      {.name = "taskset",
       .shape = Shape::kAfterOperand,
       .options = {"apchV", "", "", {"all-tasks", "pid", "cpu-list", "help", "version"}, {}, {}}},
      {.name = "flock",
       .shape = Shape::kFlock,
       .options = {"sexnuoFhV", "wE", "",
                   {"shared", "exclusive", "unlock", "nonblock", "close", "no-fork", "verbose", "help", "version"},
                   {"timeout", "conflict-exit-code"}, {}},
       .exact_allow_only = true},
      {.name = "watch",
       .shape = Shape::kWatch,
       .options = {"bceghptwxrCvV", "nq", "d",
                   {"beep", "color", "no-color", "errexit", "chgexit", "precise", "no-title", "no-wrap", "exec",
                    "no-rerun", "help", "version"},
                   {"interval", "equexit"}, {"differences"}},
       .exact_allow_only = true},
      // util-linux script: runs $SHELL, or `-c CMD` through it.
      {.name = "script",
       .shape = Shape::kScript,
       .options = {"aefqhV", "cEIOBTmo", "t", {"append", "return", "flush", "force", "quiet", "help", "version"},
                   {"command", "echo", "log-in", "log-out", "log-io", "log-timing", "logging-format", "output-limit"},
                   {"timing"}}},
  };
}

std::vector<Wrapper> ToolWrappers() {
  return {
      {.name = "strace",
       .shape = Shape::kAfterOptions,
       .options = {"AcCdDfFhiknqrtTvVwxyYzZ", "abeEIoOpPsSuUX", "",
                   {"follow-forks", "output-separately", "output-append-mode", "instruction-pointer", "stack-traces",
                    "syscall-number", "no-abbrev", "summary-only", "summary", "summary-wall-clock", "debug", "help",
                    "version", "seccomp-bpf", "successful-only", "failed-only", "daemonize"},
                   {"env", "attach", "user", "detach-on", "interruptible", "trace", "signal", "status", "trace-path",
                    "columns", "abbrev", "verbose", "raw", "read", "write", "kvm", "output", "string-limit",
                    "const-print-style", "summary-syscall-overhead", "summary-sort-by", "summary-columns", "inject",
                    "fault", "decode-pids"},
                   {"relative-timestamps", "absolute-timestamps", "syscall-times", "strings-in-hex", "decode-fds",
                    "quiet", "tips", "daemonize"}},
       .env_options = {"-E", "--env"}},
      {.name = "ltrace", .shape = Shape::kAfterOptions, .options = {"bCcdDfhiLrSTtV", "aAeFlnopsuwx", "", {}, {}, {}}},
      {.name = "busybox", .shape = Shape::kNextWord},
      {.name = "xargs",
       .shape = Shape::kXargs,
       .options = {"0prtxo", "aEdILnPs", "eil",
                   {"null", "no-run-if-empty", "verbose", "exit", "interactive", "open-tty", "show-limits", "help",
                    "version"},
                   {"arg-file", "delimiter", "max-lines", "max-args", "max-procs", "max-chars", "process-slot-var"},
                   {"eof", "replace"}},
       .allow = AllowStrip::kWithoutOptions},
      {.name = "find",
       .shape = Shape::kFind,
       .refuse_allow = {"-exec", "-execdir", "-ok", "-okdir", "-delete", "-fprint*"}},
      {.name = "git",
       .shape = Shape::kGit,
       .allow = AllowStrip::kListedOptions,
       .allow_options = {"-C", "--no-pager", "-P"}},
  };
}

// clang-format on

const std::map<std::string, Wrapper, std::less<>>& Table() {
  static const std::map<std::string, Wrapper, std::less<>> table = [] {
    std::map<std::string, Wrapper, std::less<>> m;
    for (auto part : {PrivilegeWrappers, ShellBuiltinWrappers, SchedulingWrappers, ToolWrappers})
      for (auto& w : part()) m.emplace(std::string(w.name), std::move(w));
    return m;
  }();
  return table;
}

}  // namespace

const Wrapper* FindWrapper(const std::string& command_name) {
  auto it = Table().find(command_name);
  return it == Table().end() ? nullptr : &it->second;
}

WrapperStep Unwrap(const Wrapper& wrapper, const Words& w) {
  switch (wrapper.shape) {
    case Shape::kNextWord: return CommandAt(w, 1);
    case Shape::kAfterOptions: return AfterOptions(wrapper, w, 0);
    case Shape::kAfterOperand: return AfterOptions(wrapper, w, 1);
    case Shape::kEnv: return EnvShape(wrapper, w);
    case Shape::kSudo: return SudoShape(wrapper, w);
    case Shape::kSu: return SuShape(wrapper, w);
    case Shape::kNice: return NiceShape(wrapper, w);
    case Shape::kFlock: return FlockShape(wrapper, w);
    case Shape::kXargs: return XargsShape(wrapper, w);
    case Shape::kFind: return FindShape(w);
    case Shape::kWatch: return WatchShape(wrapper, w);
    case Shape::kScript: return ScriptShape(wrapper, w);
    case Shape::kGit: return GitShape(w);
    case Shape::kFirejail: return FirejailShape(w);
  }
  return {};
}

}  // namespace paddock::rules
