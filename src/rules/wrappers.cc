// The wrapper table. Option tables were checked against coreutils 9.1,
// util-linux 2.38, procps 4.0, sudo 1.9, strace 6.1, systemd 252, findutils
// 4.9 and bash 5.2 (builtins take clustered flags and "--", no long options).
#include "rules/wrappers.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <mutex>

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
                   {"block-signal", "default-signal", "ignore-signal"}},
       .chdir_options = {"-C", "--chdir"}},
      // sudo 1.9 parse_args.c: "+Aa:BbC:c:D:Eeg:Hh::iKklNnPp:R:r:SsT:t:U:u:Vv".
      {.name = "sudo",
       .shape = Shape::kSudo,
       .options = {"ABbEeHiKklNnPSsVv", "aCcDgpRrTtUu", "h",
                   {"askpass", "background", "bell", "edit", "set-home", "help", "login", "remove-timestamp",
                    "reset-timestamp", "list", "no-update", "non-interactive", "preserve-groups", "stdin", "shell",
                    "version", "validate"},
                   {"auth-type", "close-from", "login-class", "chdir", "group", "host", "prompt", "chroot", "role",
                    "type", "command-timeout", "other-user", "user"},
                   {"preserve-env"}},
       .chdir_options = {"-D", "--chdir"}},
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
      // coreutils runcon: CONTEXT, or its parts in options, then the command.
      {.name = "runcon",
       .shape = Shape::kRuncon,
       .options = {"c", "urtl", "", {"compute", "help", "version"}, {"user", "role", "type", "range"}, {}},
       .lookup_options = {"--help", "--version"}},
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
       .env_options = {"-E", "--setenv"},
       .chdir_options = {"--working-directory"}},
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
      // Compiler caches and distributors: COMPILER ARGS (their own options,
      // `ccache -s`, run nothing).
      {.name = "ccache", .shape = Shape::kNextWord},
      {.name = "sccache", .shape = Shape::kNextWord},
      {.name = "distcc", .shape = Shape::kNextWord},
      {.name = "icecc", .shape = Shape::kNextWord},
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
       .refuse_allow = {"-exec", "-execdir", "-ok", "-okdir", "-delete", "-fprint*", "-fls"}},
      {.name = "git",
       .shape = Shape::kGit,
       .allow = AllowStrip::kListedOptions,
       .allow_options = {"-C", "--no-pager", "-P"}},
  };
}

// Programs that start a command in a changed process environment. Options
// from each tool's --help (fakeroot 1.31, util-linux 2.38, dbus 1.14,
// OpenSSH 9.2, systemd 252) or manual page (expect's unbuffer, torsocks 2.4,
// proxychains-ng 4.16, xvfb-run, libfaketime 0.9, valgrind 3.19).
std::vector<Wrapper> LaunchWrappers() {
  OptionTable setarch = {"BFILRSTXZ3vhV", "", "",
                         {"32bit", "fdpic-funcptrs", "short-inode", "addr-compat-layout", "addr-no-randomize",
                          "whole-seconds", "sticky-timeouts", "read-implies-exec", "mmap-page-zero", "3gb", "4gb",
                          "uname-2.6", "verbose", "list", "help", "version"},
                         {}, {}};
  OptionTable torsocks = {"idqh", "upaP", "", {"isolate", "debug", "quiet", "shell", "help", "version"},
                          {"user", "pass", "address", "port"}, {}};
  std::vector<Wrapper> out = {
      {.name = "fakeroot",
       .shape = Shape::kAfterOptions,
       .options = {"uhv", "lfisb", "", {"unknown-is-real", "help", "version"}, {"lib", "faked", "fd-base"}, {}}},
      {.name = "setarch", .shape = Shape::kSetarch, .options = setarch},
      {.name = "prlimit",
       .shape = Shape::kAfterOptions,
       .options = {"hV", "po", "cdefilmnqrstuvxy", {"noheadings", "raw", "verbose", "help", "version"},
                   {"pid", "output"},
                   {"core", "data", "nice", "fsize", "sigpending", "memlock", "rss", "nofile", "msgqueue", "rtprio",
                    "stack", "cpu", "nproc", "as", "locks", "rttime"}}},
      {.name = "dbus-run-session",
       .shape = Shape::kAfterOptions,
       .options = {"", "", "", {"help", "version"}, {"dbus-daemon", "config-file"}, {}, false}},
      {.name = "dbus-launch",
       .shape = Shape::kAfterOptions,
       .options = {"", "", "",
                   {"sh-syntax", "csh-syntax", "auto-syntax", "binary-syntax", "close-stderr", "exit-with-session",
                    "exit-with-x11", "autolaunch", "version", "help"},
                   {"config-file"}, {}, false}},
      {.name = "ssh-agent", .shape = Shape::kAfterOptions, .options = Builtin("cDdks", "EaOPt")},
      {.name = "systemd-inhibit",
       .shape = Shape::kAfterOptions,
       .options = {"h", "", "", {"help", "version", "no-pager", "no-legend", "list"}, {"what", "who", "why", "mode"},
                   {}}},
      {.name = "unbuffer", .shape = Shape::kAfterOptions, .options = Builtin("p")},
      {.name = "torsocks", .shape = Shape::kAfterOptions, .options = torsocks},
      {.name = "torify", .shape = Shape::kAfterOptions, .options = torsocks},  // Tor's wrapper of torsocks
      {.name = "proxychains", .shape = Shape::kAfterOptions, .options = Builtin("q", "f")},
      {.name = "proxychains4", .shape = Shape::kAfterOptions, .options = Builtin("q", "f")},
      {.name = "xvfb-run",
       .shape = Shape::kAfterOptions,
       .options = {"ahl", "efnpsw", "",
                   {"auto-servernum", "auto-display", "help", "listen-tcp"},
                   {"error-file", "auth-file", "server-num", "xauth-protocol", "server-args", "wait"}, {}}},
      // faketime [options] TIMESTAMP CMD
      {.name = "faketime",
       .shape = Shape::kAfterOperand,
       .options = {"mfh", "", "", {"exclude-monotonic", "disable-shm", "help", "version"}, {"date-prog"}, {}, false}},
      {.name = "catchsegv", .shape = Shape::kNextWord},
      {.name = "toybox", .shape = Shape::kNextWord},
      // valgrind's options are single words (--tool=memcheck, -q).
      {.name = "valgrind", .shape = Shape::kFirejail},
      {.name = "sg", .shape = Shape::kSg},
      // screen [options] [CMD]; reattaching, listing or sending commands to a
      // session runs no command of its words.
      {.name = "screen",
       .shape = Shape::kAfterOptions,
       .options = Builtin("aAdDfFilLmOqUwv46", "cehpsStT"),
       .lookup_options = {"-r", "-R", "-x", "-X", "-Q"}},
  };
  for (const char* alias : {"linux32", "linux64", "i386", "x86_64", "uname26"})
    out.push_back({.name = alias, .shape = Shape::kSetarch, .options = setarch});
  return out;
}

// Programs that place, profile or front a command: cgroups, NUMA, runit,
// readline, file watching, perf.
std::vector<Wrapper> PlacementWrappers() {
  return {
      // cgexec [-g CONTROLLERS:PATH]... [--sticky] CMD
      {.name = "cgexec", .shape = Shape::kAfterOptions, .options = {"h", "g", "", {"sticky", "help"}, {}, {}, false}},
      {.name = "numactl",
       .shape = Shape::kAfterOptions,
       .options = {"alsbtHuvhS", "imNCpPoLMfIT", "",
                   {"all", "localalloc", "show", "balancing", "strict", "hardware", "huge", "version", "help"},
                   {"interleave", "membind", "cpunodebind", "physcpubind", "preferred", "preferred-many", "offset",
                    "length", "shmmode", "shm", "file", "shmid", "touch", "weighted-interleave"},
                   {}}},
      // runit's chpst: options, then the program.
      {.name = "chpst", .shape = Shape::kAfterOptions, .options = Builtin("vP012", "uUbe/CnlLmdopfcrt")},
      {.name = "rlwrap",
       .shape = Shape::kAfterOptions,
       .options = {"cinrRvhWUNAX", "bCDefFgHlMOPqsStwz", "ap",
                   {"complete-filenames", "case-insensitive", "remember", "renice", "version", "help", "polling",
                    "no-children", "ansi-colour-aware", "one-shot", "skip-setctty", "no-warnings", "multi-line"},
                   {"break-chars", "command-name", "history-no-dupes", "extra-char-after-completion", "file",
                    "prompt-colour", "forget-matching", "history-filename", "histsize", "logfile",
                    "multi-line-ext", "pre-given", "quote-characters", "substitute-prompt", "set-term-name",
                    "wait-before-prompt", "filter"},
                   {"password", "always-readline"}}},
      // entr [-acdnprsz] UTILITY [ARG...]; -s hands its first argument to $SHELL -c.
      {.name = "entr", .shape = Shape::kRunner, .options = Builtin("acdnprsxz"), .shell_options = {"-s"}},
      // moreutils' chronic and ifne, sshpass, nq, daemonize: options, then the command.
      {.name = "chronic", .shape = Shape::kAfterOptions, .options = Builtin("ev")},
      {.name = "ifne", .shape = Shape::kAfterOptions, .options = Builtin("n")},
      {.name = "sshpass", .shape = Shape::kAfterOptions, .options = Builtin("ehVv", "fdpP")},
      {.name = "nq", .shape = Shape::kAfterOptions, .options = Builtin("cqtwh"), .lookup_options = {"-w", "-h"}},
      {.name = "daemonize", .shape = Shape::kAfterOptions, .options = Builtin("av", "ceEoplu"), .env_options = {"-E"}},
      // perf record|stat|trace|... [options] [--] CMD: its option sets change
      // with each kernel, so unknown ones are tolerated as for runners.
      {.name = "perf",
       .shape = Shape::kRunner,
       .options = {"agqvnisBNRdPTWA", "eFcoCptmGuxrIj", "", {"all-cpus", "quiet", "verbose"},
                   {"event", "freq", "count", "output", "cpu", "pid", "tid", "mmap-pages", "cgroup", "uid",
                    "field-separator", "repeat", "interval-print", "call-graph", "branch-filter"},
                   {}, false},
       .subcommands = {"record", "stat", "trace", "ftrace", "c2c", "mem", "kvm"},
       .command_after_dashdash = true},
  };
}

// Programs that run commands in batches or for a build. GNU parallel's
// options from its manual (20221122); those whose value is a shell command
// are code options, and an option it does not list is a reason for doubt.
std::vector<Wrapper> BatchWrappers() {
  OptionTable parallel = {
      "0kvqugrtpXmxT", "aCdEIjPLnNsS", "eil",
      {"null", "keep-order", "verbose", "quote", "ungroup", "group", "no-run-if-empty", "interactive", "tty", "xargs",
       "exit", "pipe", "pipepart", "roundrobin", "round-robin", "line-buffer", "lb", "cat", "fifo", "tag", "ctag",
       "dry-run", "dryrun", "will-cite", "citation", "silent", "progress", "bar", "eta", "plus", "shellquote", "csv",
       "resume", "resume-failed", "retry-failed", "nonall", "onall", "noswap", "semaphore", "fg", "bg", "shuf",
       "compress", "link", "xapply", "number-of-cpus", "number-of-cores", "number-of-sockets", "number-of-threads",
       "transfer", "cleanup", "trim-lf", "linebuffer", "unsafe", "tmux", "tmuxpane", "help", "version",
       "use-cpus-instead-of-cores", "use-cores-instead-of-threads", "use-sockets-instead-of-threads", "shebang", "shebang-wrap", "filter-hosts", "tollef", "gnu", "fast", "rpl-file", "wait"},
      {"arg-file", "arg-file-sep", "arg-sep", "colsep", "delimiter", "basenamereplace", "bnr",
       "basenameextensionreplace", "bner", "dirnamereplace", "dnr", "extensionreplace", "er", "seqreplace",
       "slotreplace", "jobs", "max-procs", "max-args", "max-replace-args", "max-chars", "sshlogin",
       "sshloginfile", "slf", "tmpdir", "tempdir", "results", "res", "timeout", "workdir", "wd", "env", "basefile",
       "bf", "return", "transferfile", "tf", "trc", "retries", "delay", "load", "memfree", "memsuspend", "nice",
       "tagstring", "ctagstring", "header", "rpl", "halt", "halt-on-error", "block", "block-size", "recstart",
       "recend", "sshdelay", "termseq", "joblog", "ssh", "sqlmaster", "sqlworker", "sqlandworker", "limit", "filter",
       "blocktimeout", "bt", "compress-program", "decompress-program", "total-jobs", "group-by", "match", "template",
       "tmpl", "trim", "minversion", "hostgroups", "id", "semaphorename", "semaphoretimeout", "st",
       "process-slot-var"},
      {"replace", "eof", "max-lines"}};
  std::vector<std::string_view> lookups = {"--help",           "--version",         "--citation",
                                           "--number-of-cpus", "--number-of-cores", "--number-of-sockets",
                                           "--number-of-threads"};
  return {
      {.name = "parallel",
       .shape = Shape::kParallel,
       .options = parallel,
       .allow = AllowStrip::kWithoutOptions,
       .lookup_options = lookups,
       .code_options = {"--limit", "--compress-program", "--decompress-program", "--ssh"}},
      {.name = "sem",
       .shape = Shape::kParallel,
       .options = parallel,
       .lookup_options = lookups,
       .code_options = {"--limit", "--ssh"}},
      {.name = "cmake", .shape = Shape::kCmake},
      {.name = "hyperfine", .shape = Shape::kHyperfine},
  };
}

// Sandboxes and containers that run a command on this machine, with the
// user's files (fakechroot 2.20, PRoot 5.3, bubblewrap 0.8, nsjail 3.3,
// flatpak-spawn 1.0, toolbox 0.0.99, distrobox 1.4).
std::vector<Wrapper> SandboxWrappers() {
  OptionTable distrobox = {"TerdVvh", "na", "", {"no-tty", "root", "dry-run", "verbose", "version", "help"},
                           {"name", "additional-flags"}, {}};
  return {
      {.name = "fakechroot",
       .shape = Shape::kAfterOptions,
       .options = {"shv", "ldecb", "", {"use-system-libs", "help", "version"},
                   {"lib", "elfloader", "environment", "config-dir", "bindir"}, {}}},
      // -q QEMU names an emulator command line, which is not followed (noted in
      // docs/policy-semantics.md).
      {.name = "proot",
       .shape = Shape::kAfterOptions,
       .options = {"0LVhn", "rbmqwkivRS", "",
                   {"root-id", "version", "about", "help", "link2symlink", "kill-on-exit", "sysvipc", "ashmem-memfd"},
                   {"rootfs", "bind", "mount", "qemu", "cwd", "pwd", "kernel-release", "change-id", "verbose"},
                   {}}},
      {.name = "bwrap", .shape = Shape::kBwrap},
      {.name = "nsjail", .shape = Shape::kRunner, .command_after_dashdash = true, .dashdash_required = true},
      {.name = "flatpak-spawn",
       .shape = Shape::kAfterOptions,
       .options = {"hv", "", "",
                   {"host", "clear-env", "watch-bus", "expose-pids", "share-pids", "latest-version", "no-network",
                    "sandbox", "verbose", "help", "version"},
                   {"forward-fd", "env", "unset-env", "sandbox-expose", "sandbox-expose-ro", "sandbox-expose-path",
                    "sandbox-expose-path-ro", "sandbox-flag", "directory", "app-path", "usr-path"},
                   {}},
       .env_options = {"--env"},
       .chdir_options = {"--directory"}},
      {.name = "toolbox",
       .shape = Shape::kRunner,
       .options = {"h", "cdr", "", {"help"}, {"container", "distro", "release", "preserve-fds"}, {}},
       .subcommands = {"run"}},
      {.name = "distrobox",
       .shape = Shape::kRunner,
       .options = distrobox,
       .subcommands = {"enter"},
       .command_after_dashdash = true,
       .dashdash_required = true},
      {.name = "distrobox-enter",
       .shape = Shape::kRunner,
       .options = distrobox,
       .command_after_dashdash = true,
       .dashdash_required = true},
  };
}

// Container entry points, process supervisors (daemontools, s6, Debian's
// start-stop-daemon), privilege tools and job queues that run the command
// they are given: gosu 1.17, su-exec 0.2, tini 0.19, dumb-init 1.2, systemd
// 256's run0, daemontools 0.76, s6 2.12, dpkg 1.21, task-spooler 1.0, retry
// 1.0.5, cpulimit 0.2, trickle 1.07, libeatmydata 131, macOS caffeinate.
std::vector<Wrapper> SupervisorWrappers() {
  OptionTable softlimit = Builtin("", "mdslaopfcrt");
  return {
      {.name = "run0",
       .shape = Shape::kAfterOptions,
       .options = {"hVi", "ugD", "",
                   {"help", "version", "no-ask-password", "slice-inherit", "pty", "pipe", "via-shell", "empower"},
                   {"machine", "unit", "property", "description", "slice", "user", "group", "nice", "chdir", "setenv",
                    "background", "shell-prompt-prefix", "lightweight", "area"},
                   {}},
       .env_options = {"--setenv"},
       .chdir_options = {"-D", "--chdir"}},
      {.name = "gosu", .shape = Shape::kAfterOperand, .options = {"", "", "", {"help", "version"}, {}, {}, false}},
      {.name = "su-exec", .shape = Shape::kAfterOperand, .options = Builtin("")},
      {.name = "tini", .shape = Shape::kAfterOptions, .options = {"hsvwgl", "pe", "", {"version"}, {}, {}, false}},
      {.name = "dumb-init",
       .shape = Shape::kAfterOptions,
       .options = {"cvVh", "r", "", {"single-child", "verbose", "version", "help"}, {"rewrite"}, {}}},
      {.name = "eatmydata", .shape = Shape::kAfterOptions, .options = {"", "", "", {"help", "version"}, {}, {}}},
      // With -p, -e or -P cpulimit throttles a running process.
      {.name = "cpulimit",
       .shape = Shape::kAfterOptions,
       .options = {"zikrbqmvh", "lpePcs", "",
                   {"lazy", "include-children", "kill", "restore", "background", "quiet", "monitor-forks", "verbose",
                    "help"},
                   {"limit", "pid", "exe", "path", "cpu", "signal"}, {}},
       .lookup_options = {"-p", "-e", "-P", "--pid", "--exe", "--path"}},
      {.name = "trickle", .shape = Shape::kAfterOptions, .options = Builtin("hvVs", "duwtlnL")},
      {.name = "caffeinate", .shape = Shape::kAfterOptions, .options = Builtin("disum", "tw")},
      // daemontools and s6: options, an account, directory or lock file, then the program.
      {.name = "setuidgid", .shape = Shape::kAfterOperand, .options = Builtin("")},
      {.name = "envuidgid", .shape = Shape::kAfterOperand, .options = Builtin("")},
      {.name = "envdir", .shape = Shape::kAfterOperand, .options = Builtin("")},
      {.name = "softlimit", .shape = Shape::kAfterOptions, .options = softlimit},
      {.name = "setlock", .shape = Shape::kAfterOperand, .options = Builtin("nNxX")},
      {.name = "pgrphack", .shape = Shape::kNextWord},
      {.name = "fghack", .shape = Shape::kNextWord},
      {.name = "s6-setuidgid", .shape = Shape::kAfterOperand, .options = Builtin("")},
      {.name = "s6-envuidgid", .shape = Shape::kAfterOperand, .options = Builtin("ugBni", "D")},
      {.name = "s6-envdir", .shape = Shape::kAfterOperand, .options = Builtin("IinfL", "c")},
      {.name = "s6-softlimit", .shape = Shape::kAfterOptions, .options = softlimit},
      {.name = "s6-setlock", .shape = Shape::kAfterOperand, .options = Builtin("nNrwxX", "td")},
      {.name = "s6-setsid", .shape = Shape::kAfterOptions, .options = Builtin("sbfgiIq", "d")},
      {.name = "s6-applyuidgid", .shape = Shape::kAfterOptions, .options = Builtin("Uz", "ugG")},
      {.name = "with-contenv", .shape = Shape::kNextWord},
      // start-stop-daemon --start runs the program --startas or --exec names.
      {.name = "start-stop-daemon",
       .shape = Shape::kStartStop,
       .options = {"SKTHVtoqbCmv", "xpunsgRaNPIkdrcO", "",
                   {"start", "stop", "status", "help", "version", "test", "oknodo", "quiet", "background",
                    "no-close", "make-pidfile", "remove-pidfile", "verbose", "notify-await"},
                   {"exec", "pidfile", "user", "name", "signal", "group", "retry", "startas", "nicelevel",
                    "procsched", "iosched", "umask", "chdir", "chroot", "chuid", "output", "notify-timeout", "ppid"},
                   {}}},
      // task-spooler queues the command; its other modes act on queued jobs.
      {.name = "tsp",
       .shape = Shape::kAfterOptions,
       .options = Builtin("ndfgmEBKClStcpoisrwkuhVT", "LDWNU"),
       .lookup_options = {"-K", "-C", "-l", "-S", "-t", "-c", "-p", "-o", "-i", "-s", "-r", "-w", "-k", "-u", "-U",
                          "-h", "-V", "-T"}},
      {.name = "retry",
       .shape = Shape::kRunner,
       .options = {"hV", "dtuwm", "", {"help", "version"}, {"delay", "times", "until", "while", "message"}, {}},
       .command_after_dashdash = true},
  };
}

// Containers and namespaces that run the command they are given, on this
// machine or in a cluster: what runs there is still a command the rules are
// about (`docker exec app rm -rf /data`). Runners (unknown options tolerated):
// docker 24 / podman 4 / nerdctl 1 `run|exec`, docker-compose, kubectl and
// oc `exec|run|debug ... -- CMD`, LXD/Incus `exec NAME -- CMD`, lxc-attach,
// schroot, systemd-nspawn 252.
std::vector<Wrapper> ContainerWrappers() {
  OptionTable engine = {
      "dithPq", "acehlmpuvw", "",
      {"detach", "interactive", "tty", "rm", "privileged", "read-only", "init", "no-healthcheck", "oom-kill-disable",
       "publish-all", "disable-content-trust", "quiet", "help", "env-host", "replace", "rootfs"},
      {"add-host", "annotation", "attach", "blkio-weight", "cap-add", "cap-drop", "cgroup-parent", "cgroupns",
       "cidfile", "cpu-period", "cpu-quota", "cpu-shares", "cpus", "cpuset-cpus", "cpuset-mems", "detach-keys",
       "device", "device-cgroup-rule", "dns", "dns-option", "dns-search", "domainname", "entrypoint", "env",
       "env-file", "expose", "gpus", "group-add", "health-cmd", "health-interval", "health-retries",
       "health-start-period", "health-timeout", "hostname", "ip", "ip6", "ipc", "isolation", "label", "label-file",
       "link", "log-driver", "log-opt", "mac-address", "memory", "memory-reservation", "memory-swap",
       "memory-swappiness", "mount", "name", "network", "network-alias", "oom-score-adj", "pid", "pids-limit",
       "platform", "publish", "pull", "restart", "runtime", "security-opt", "shm-size", "stop-signal",
       "stop-timeout", "storage-opt", "sysctl", "tmpfs", "ulimit", "user", "userns", "uts", "volume",
       "volume-driver", "volumes-from", "workdir", "arch", "os", "variant", "secret", "pod", "uidmap", "gidmap",
       "umask", "tz", "preserve-fds", "cgroups", "sdnotify", "seccomp-policy", "timeout", "index", "service-ports"},
      {}, false};
  OptionTable cluster = {"itq", "cfns", "", {"stdin", "tty", "quiet", "help"},
                         {"container", "filename", "namespace", "context", "cluster", "kubeconfig", "server", "user",
                          "token", "as", "image", "pod-running-timeout", "profile", "target"},
                         {}, false};
  std::vector<Wrapper> out;
  for (const char* engine_name : {"docker", "podman", "nerdctl"})
    out.push_back({.name = engine_name,
                   .shape = Shape::kRunner,
                   .options = engine,
                   .subcommands = {"run", "exec"},
                   .runner_operands = 1,
                   .code_options = {"--entrypoint", "--health-cmd"}});
  out.push_back({.name = "docker-compose",
                 .shape = Shape::kRunner,
                 .options = engine,
                 .subcommands = {"run", "exec"},
                 .runner_operands = 1,
                 .code_options = {"--entrypoint"}});
  for (const char* cli : {"kubectl", "oc"})
    out.push_back({.name = cli,
                   .shape = Shape::kRunner,
                   .options = cluster,
                   .subcommands = {"exec", "run", "debug"},
                   .command_after_dashdash = true,
                   .dashdash_required = true});
  for (const char* lxd : {"lxc", "incus"})
    out.push_back({.name = lxd,
                   .shape = Shape::kRunner,
                   .subcommands = {"exec"},
                   .command_after_dashdash = true,
                   .dashdash_required = true});
  out.push_back({.name = "lxc-attach",
                 .shape = Shape::kRunner,
                 .options = {"ecLvh", "nPsaRu", "", {"elevated-privileges", "clear-env", "keep-env", "help"},
                             {"name", "lxcpath", "namespaces", "arch", "remount-sys-proc", "uid", "gid", "set-var",
                              "keep-var", "context"}, {}},
                 .command_after_dashdash = true});
  out.push_back({.name = "schroot",
                 .shape = Shape::kRunner,
                 .options = {"hVlipqvabeur", "cnud", "", {"help", "version", "list", "info", "config", "location",
                             "quiet", "verbose", "all", "all-chroots", "all-sessions", "all-source-chroots",
                             "begin-session", "recover-session", "run-session", "end-session", "automatic-session",
                             "preserve-environment"},
                             {"chroot", "session-name", "user", "directory", "option"}, {}},
                 .command_after_dashdash = true});
  out.push_back({.name = "systemd-nspawn",
                 .shape = Shape::kRunner,
                 .options = {"bqhx", "DMuEZLSUa", "", {"boot", "quiet", "help", "version", "ephemeral", "as-pid2",
                             "read-only", "private-network", "private-users-chown", "keep-unit", "register",
                             "volatile"},
                             {"directory", "machine", "user", "setenv", "image", "bind", "bind-ro", "tmpfs",
                              "overlay", "overlay-ro", "network-veth", "network-bridge", "network-zone", "port",
                              "capability", "drop-capability", "chdir", "private-users", "link-journal",
                              "resolv-conf", "timezone", "console", "property", "slice", "uuid"}, {}},
                 .env_options = {"-E", "--setenv"}});
  return out;
}

// Development shells: nix-shell and nix run a shell string or a command in
// a package environment; guix shell PACKAGES -- CMD.
std::vector<Wrapper> DevShellWrappers() {
  return {
      {.name = "nix-shell", .shape = Shape::kNix},
      {.name = "nix", .shape = Shape::kNix},
      {.name = "guix",
       .shape = Shape::kRunner,
       .subcommands = {"shell", "environment"},
       .command_after_dashdash = true,
       .dashdash_required = true},
  };
}

// Environment runners (Shape::kRunner: unknown options are tolerated, see
// wrappers.h). Options from each tool's reference for the versions of 2026;
// the ones that take an argument matter most, the rest only name flags.
// Runners of a project's package manager.
std::vector<Wrapper> PackageRunnerWrappers() {
  OptionTable npm_exec = {"yq", "pc", "",
                          {"yes", "no", "quiet", "silent", "verbose", "ignore-existing", "no-install",
                           "prefer-offline", "prefer-online", "offline", "workspaces", "include-workspace-root"},
                          {"package", "call", "shell", "registry", "cache", "userconfig", "prefix", "workspace",
                           "loglevel", "node-options"},
                          {}, false};
  OptionTable uv_run = {"qvnm", "pC", "",
                        {"quiet", "verbose", "no-cache", "frozen", "locked", "isolated", "no-sync", "no-project",
                         "all-extras", "no-dev", "dev", "offline", "native-tls", "module", "active", "no-active", "exact",
                         "inexact", "no-env-file", "all-packages", "no-editable", "upgrade", "reinstall",
                         "compile-bytecode", "refresh", "no-config", "no-progress", "gui-script", "all-groups",
                         "only-dev", "script"},
                        {"with", "with-editable", "with-requirements", "python", "directory", "project", "package",
                         "extra", "group", "only-group", "no-group", "env-file", "index", "index-url",
                         "extra-index-url", "find-links", "config-setting", "cache-dir", "config-file",
                         "upgrade-package", "reinstall-package", "refresh-package", "resolution", "prerelease",
                         "index-strategy", "keyring-provider", "link-mode", "python-preference", "color",
                         "allow-insecure-host", "exclude-newer", "from"},
                        {}, false};
  std::vector<Wrapper> out = {
      {.name = "npx", .shape = Shape::kRunner, .options = npm_exec, .code_options = {"-c", "--call"}},
      {.name = "npm",
       .shape = Shape::kRunner,
       .options = npm_exec,
       .subcommands = {"exec", "x"},
       .shell_subcommands = {"explore"},
       .plain_subcommands = {"install", "i", "add", "ci", "install-test", "it", "uninstall", "remove", "rm", "un",
                             "update", "up", "upgrade", "dedupe", "prune", "audit", "ls", "list", "outdated",
                             "view", "info", "show", "pack", "publish", "link", "ln", "fund", "cache", "config"},
       .code_options = {"-c", "--call"}},
      {.name = "pnpm",
       .shape = Shape::kRunner,
       .options = {"cr", "CF", "", {"shell-mode", "recursive", "parallel", "no-bail", "silent"},
                   {"dir", "filter", "resume-from", "reporter", "package", "workspace-concurrency"}, {}, false},
       .subcommands = {"exec", "dlx"},
       .shell_options = {"-c", "--shell-mode"}},
      {.name = "yarn",
       .shape = Shape::kRunner,
       .options = {"", "p", "", {"quiet", "silent", "verbose"}, {"package", "cwd"}, {}, false},
       .subcommands = {"exec", "dlx"}},
      {.name = "bunx",
       .shape = Shape::kRunner,
       .options = {"", "p", "", {"bun", "silent", "verbose", "no-install"}, {"package"}, {}, false}},
      {.name = "bun",
       .shape = Shape::kRunner,
       .options = {"", "p", "", {"bun", "silent", "verbose", "no-install"}, {"package"}, {}, false},
       .subcommands = {"x"},
       .code_subcommands = {"exec"},
       .plain_subcommands = {"install", "i", "add", "a", "remove", "rm", "update", "outdated", "link", "unlink",
                             "pm", "info", "audit", "publish", "build", "init", "create", "upgrade"}},
      {.name = "uv", .shape = Shape::kRunner, .options = uv_run, .subcommands = {"run"}},
      {.name = "uvx", .shape = Shape::kRunner, .options = uv_run},
      {.name = "poetry",
       .shape = Shape::kRunner,
       .options = {"qvnh", "CP", "", {"quiet", "verbose", "no-interaction", "no-ansi", "ansi", "no-plugins",
                                      "no-cache", "help"},
                   {"directory", "project"}, {}, false},
       .subcommands = {"run"}},
      {.name = "pipenv",
       .shape = Shape::kRunner,
       .options = {"", "", "", {"system", "verbose", "quiet"}, {"python"}, {}, false},
       .subcommands = {"run"}},
      {.name = "bundle",
       .shape = Shape::kRunner,
       .options = {"", "", "", {"keep-file-descriptors"}, {"gemfile"}, {}, false},
       .subcommands = {"exec"}},
  };
  return out;
}

// Language toolchains' runners, watchers and build interceptors that run a
// command (options from each tool's --help: pixi 0.40, stack 2.9, cabal 3.8,
// watchexec 1.25, nodemon 3, bear 3.1).
std::vector<Wrapper> BuildRunnerWrappers() {
  return {
      {.name = "pixi",
       .shape = Shape::kRunner,
       .options = {"v", "e", "", {"frozen", "locked", "clean-env", "verbose", "quiet"},
                   {"environment", "manifest-path", "color"}, {}, false},
       .subcommands = {"run", "r", "exec", "x"}},
      {.name = "stack",
       .shape = Shape::kRunner,
       .options = {"", "", "", {"verbose", "silent"}, {"stack-yaml", "resolver", "package", "cwd"}, {}, false},
       .subcommands = {"exec"}},
      {.name = "cabal",
       .shape = Shape::kRunner,
       .options = {"v", "", "", {"verbose"}, {"project-file", "builddir"}, {}, false},
       .subcommands = {"exec"}},
      // watchexec [OPTIONS] [--] COMMAND... through a shell; nodemon
      // --exec CMD; bear [OPTIONS] -- COMMAND.
      {.name = "watchexec",
       .shape = Shape::kRunner,
       .options = {"cnrpNoW", "ewifd", "", {"restart", "clear", "postpone", "notify", "no-vcs-ignore"},
                   {"exts", "watch", "ignore", "filter", "debounce", "shell", "signal", "stop-signal", "workdir",
                    "project-origin", "env", "delay-run", "on-busy-update"},
                   {}, false},
       .shell_always = true},
      {.name = "nodemon",
       .shape = Shape::kRunner,
       .options = {"qvI", "xewiV", "", {"quiet", "verbose", "legacy-watch", "no-stdin"},
                   {"exec", "ext", "watch", "ignore", "delay", "config", "signal"}, {}, false},
       .code_options = {"-x", "--exec"}},
      {.name = "bear",
       .shape = Shape::kRunner,
       .options = {"", "", "", {"verbose", "append", "force-preload", "force-wrapper"},
                   {"output", "config", "bear-path", "library", "wrapper"}, {}, false},
       .command_after_dashdash = true},
  };
}

// Runners that set up an environment (a conda env, tool versions, secrets) around a command.
std::vector<Wrapper> EnvironmentRunnerWrappers() {
  OptionTable conda_run = {"vda", "npe", "",
                           {"no-capture-output", "live-stream", "verbose", "debug", "dev", "attach", "clean-env",
                            "detach"},
                           {"name", "prefix", "cwd", "env", "root-prefix", "label"}, {}, false};
  std::vector<Wrapper> out = {
      {.name = "conda", .shape = Shape::kRunner, .options = conda_run, .subcommands = {"run"}},
      {.name = "mamba", .shape = Shape::kRunner, .options = conda_run, .subcommands = {"run"}},
      {.name = "micromamba", .shape = Shape::kRunner, .options = conda_run, .subcommands = {"run"}},
      {.name = "mise",
       .shape = Shape::kRunner,
       .options = {"qvy", "jCc", "", {"quiet", "verbose", "yes", "raw"}, {"jobs", "cd", "command"}, {}, false},
       .subcommands = {"exec", "x"},
       .command_after_dashdash = true,
       .code_options = {"-c", "--command"}},
      {.name = "devbox",
       .shape = Shape::kRunner,
       .options = {"lq", "ce", "", {"pure", "omit-nix-env", "list", "quiet", "recompute", "allow-insecure"},
                   {"config", "environment", "env-file", "env"}, {}, false},
       .subcommands = {"run"}},
      {.name = "direnv", .shape = Shape::kRunner, .subcommands = {"exec"}, .runner_operands = 1},
      {.name = "op",
       .shape = Shape::kRunner,
       .options = {"", "", "", {"no-masking"}, {"env-file", "account", "config", "session", "cache", "encoding"}, {},
                   false},
       .subcommands = {"run"},
       .command_after_dashdash = true},
      {.name = "doppler",
       .shape = Shape::kRunner,
       .options = {"", "pc", "", {"preserve-env", "forward-signals"},
                   {"command", "project", "config", "token", "mount", "mount-format", "name-transformer", "fallback",
                    "scope"},
                   {}, false},
       .subcommands = {"run"},
       .command_after_dashdash = true,
       .code_options = {"--command"}},
      {.name = "aws-vault",
       .shape = Shape::kRunner,
       .options = {"n", "dt", "", {"no-session", "server", "ec2-server", "ecs-server", "json"},
                   {"duration", "region", "mfa-token", "prompt", "backend", "lazy"}, {}, false},
       .subcommands = {"exec"},
       .runner_operands = 1,
       .command_after_dashdash = true},
      {.name = "dotenv", .shape = Shape::kRunner, .options = Builtin("c", "ev"), .command_after_dashdash = true},
  };
  return out;
}

// clang-format on

using Group = std::vector<Wrapper> (*)();
constexpr std::array<Group, 14> kGroups = {
    PrivilegeWrappers,     ShellBuiltinWrappers,      SchedulingWrappers, ToolWrappers,       LaunchWrappers,
    PackageRunnerWrappers, EnvironmentRunnerWrappers, PlacementWrappers,  BatchWrappers,      SandboxWrappers,
    DevShellWrappers,      SupervisorWrappers,        ContainerWrappers,  BuildRunnerWrappers};

struct IndexEntry {
  std::string_view name;
  size_t group;  // in kGroups
};

// Every wrapper's name and its group, sorted: a lookup (most are of commands
// that are no wrapper) costs a binary search, and a group's entries are built
// only when one of its names is looked up. Building all of them at the first
// lookup was a tenth of the hook's instructions. WrapperTableProblems() checks
// this index against the groups.
constexpr IndexEntry kIndex[] = {{"aws-vault", 6},
                                 {"bear", 13},
                                 {"builtin", 1},
                                 {"bun", 5},
                                 {"bundle", 5},
                                 {"bunx", 5},
                                 {"busybox", 3},
                                 {"bwrap", 9},
                                 {"cabal", 13},
                                 {"caffeinate", 11},
                                 {"catchsegv", 4},
                                 {"ccache", 3},
                                 {"cgexec", 7},
                                 {"chpst", 7},
                                 {"chronic", 7},
                                 {"chroot", 0},
                                 {"chrt", 2},
                                 {"cmake", 8},
                                 {"command", 1},
                                 {"conda", 6},
                                 {"cpulimit", 11},
                                 {"daemonize", 7},
                                 {"dbus-launch", 4},
                                 {"dbus-run-session", 4},
                                 {"devbox", 6},
                                 {"direnv", 6},
                                 {"distcc", 3},
                                 {"distrobox", 9},
                                 {"distrobox-enter", 9},
                                 {"doas", 0},
                                 {"docker", 12},
                                 {"docker-compose", 12},
                                 {"doppler", 6},
                                 {"dotenv", 6},
                                 {"dumb-init", 11},
                                 {"eatmydata", 11},
                                 {"entr", 7},
                                 {"env", 0},
                                 {"envdir", 11},
                                 {"envuidgid", 11},
                                 {"exec", 1},
                                 {"fakechroot", 9},
                                 {"fakeroot", 4},
                                 {"faketime", 4},
                                 {"fghack", 11},
                                 {"find", 3},
                                 {"firejail", 0},
                                 {"flatpak-spawn", 9},
                                 {"flock", 2},
                                 {"git", 3},
                                 {"gosu", 11},
                                 {"guix", 10},
                                 {"hyperfine", 8},
                                 {"i386", 4},
                                 {"icecc", 3},
                                 {"ifne", 7},
                                 {"incus", 12},
                                 {"ionice", 2},
                                 {"kubectl", 12},
                                 {"linux32", 4},
                                 {"linux64", 4},
                                 {"ltrace", 3},
                                 {"lxc", 12},
                                 {"lxc-attach", 12},
                                 {"mamba", 6},
                                 {"micromamba", 6},
                                 {"mise", 6},
                                 {"nerdctl", 12},
                                 {"nice", 2},
                                 {"nix", 10},
                                 {"nix-shell", 10},
                                 {"nocorrect", 1},
                                 {"nodemon", 13},
                                 {"noglob", 1},
                                 {"nohup", 2},
                                 {"npm", 5},
                                 {"npx", 5},
                                 {"nq", 7},
                                 {"nsenter", 0},
                                 {"nsjail", 9},
                                 {"numactl", 7},
                                 {"oc", 12},
                                 {"op", 6},
                                 {"parallel", 8},
                                 {"perf", 7},
                                 {"pgrphack", 11},
                                 {"pipenv", 5},
                                 {"pixi", 13},
                                 {"pkexec", 0},
                                 {"pnpm", 5},
                                 {"podman", 12},
                                 {"poetry", 5},
                                 {"prlimit", 4},
                                 {"proot", 9},
                                 {"proxychains", 4},
                                 {"proxychains4", 4},
                                 {"retry", 11},
                                 {"rlwrap", 7},
                                 {"run0", 11},
                                 {"runcon", 0},
                                 {"runuser", 0},
                                 {"s6-applyuidgid", 11},
                                 {"s6-envdir", 11},
                                 {"s6-envuidgid", 11},
                                 {"s6-setlock", 11},
                                 {"s6-setsid", 11},
                                 {"s6-setuidgid", 11},
                                 {"s6-softlimit", 11},
                                 {"sccache", 3},
                                 {"schroot", 12},
                                 {"screen", 4},
                                 {"script", 2},
                                 {"sem", 8},
                                 {"setarch", 4},
                                 {"setlock", 11},
                                 {"setpriv", 0},
                                 {"setsid", 2},
                                 {"setuidgid", 11},
                                 {"sg", 4},
                                 {"softlimit", 11},
                                 {"ssh-agent", 4},
                                 {"sshpass", 7},
                                 {"stack", 13},
                                 {"start-stop-daemon", 11},
                                 {"stdbuf", 2},
                                 {"strace", 3},
                                 {"su", 0},
                                 {"su-exec", 11},
                                 {"sudo", 0},
                                 {"systemd-inhibit", 4},
                                 {"systemd-nspawn", 12},
                                 {"systemd-run", 0},
                                 {"taskset", 2},
                                 {"time", 2},
                                 {"timeout", 2},
                                 {"tini", 11},
                                 {"toolbox", 9},
                                 {"torify", 4},
                                 {"torsocks", 4},
                                 {"toybox", 4},
                                 {"trickle", 11},
                                 {"tsp", 11},
                                 {"uname26", 4},
                                 {"unbuffer", 4},
                                 {"unshare", 0},
                                 {"uv", 5},
                                 {"uvx", 5},
                                 {"valgrind", 4},
                                 {"watch", 2},
                                 {"watchexec", 13},
                                 {"with-contenv", 11},
                                 {"x86_64", 4},
                                 {"xargs", 3},
                                 {"xvfb-run", 4},
                                 {"yarn", 5}};

constexpr bool Before(const IndexEntry& a, const IndexEntry& b) { return a.name < b.name; }
static_assert(std::is_sorted(std::begin(kIndex), std::end(kIndex), Before));
// A group number past the table would index GroupTable's arrays out of bounds.
constexpr bool GroupsExist() {
  for (const auto& e : kIndex)
    if (e.group >= kGroups.size()) return false;
  return true;
}
static_assert(GroupsExist(), "a kIndex entry names a group kGroups does not have");

const std::vector<Wrapper>& GroupTable(size_t group) {
  static std::array<std::vector<Wrapper>, kGroups.size()> tables;
  static std::array<std::once_flag, kGroups.size()> built;
  std::call_once(built[group], [group] { tables[group] = kGroups[group](); });
  return tables[group];
}

const Wrapper* FindIn(size_t group, std::string_view name) {
  for (const auto& w : GroupTable(group))
    if (w.name == name) return &w;
  return nullptr;
}

}  // namespace

const Wrapper* FindWrapper(const std::string& command_name) {
  const auto* it = std::lower_bound(std::begin(kIndex), std::end(kIndex), IndexEntry{command_name, 0}, Before);
  if (it != std::end(kIndex) && it->name == command_name) return FindIn(it->group, command_name);
  // GNU coreutils, findutils and time installed beside BSD ones (Homebrew,
  // pkgsrc) carry a "g" prefix: gtimeout is timeout.
  static constexpr std::string_view kGnuPrefixed[] = {"chroot", "env",  "find",    "nice", "nohup",
                                                      "stdbuf", "time", "timeout", "xargs"};
  if (command_name.size() > 1 && command_name[0] == 'g' &&
      std::find(std::begin(kGnuPrefixed), std::end(kGnuPrefixed), std::string_view(command_name).substr(1)) !=
          std::end(kGnuPrefixed))
    return FindWrapper(command_name.substr(1));
  return nullptr;
}

std::vector<std::string> WrapperTableProblems() {
  std::vector<std::string> problems;
  size_t entries = 0;
  for (size_t g = 0; g < kGroups.size(); ++g)
    for (const auto& w : GroupTable(g)) {
      ++entries;
      const auto* it = std::lower_bound(std::begin(kIndex), std::end(kIndex), IndexEntry{w.name, 0}, Before);
      if (it == std::end(kIndex) || it->name != w.name || it->group != g)
        problems.push_back(std::string(w.name) + ": not indexed in its group " + std::to_string(g));
    }
  if (entries != std::size(kIndex))
    problems.push_back(std::to_string(std::size(kIndex)) + " names indexed, " + std::to_string(entries) +
                       " wrappers in the groups");
  return problems;
}

namespace {

WrapperStep UnwrapShape(const Wrapper& wrapper, const Words& w) {
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
    case Shape::kSetarch: return SetarchShape(wrapper, w);
    case Shape::kSg: return SgShape(w);
    case Shape::kRunner: return RunnerShape(wrapper, w);
    case Shape::kParallel: return ParallelShape(wrapper, w);
    case Shape::kCmake: return CmakeShape(w);
    case Shape::kRuncon: return RunconShape(wrapper, w);
    case Shape::kBwrap: return BwrapShape(w);
    case Shape::kNix: return NixShape(w);
    case Shape::kStartStop: return StartStopShape(wrapper, w);
    case Shape::kHyperfine: return HyperfineShape(w);
  }
  return {};
}

// The last of the wrapper's directory options (env -C DIR, sudo -D DIR).
std::optional<std::string> ChdirOption(const Wrapper& wrapper, const Words& w) {
  std::optional<std::string> dir;
  for (const auto& o : ParseOptions(w, 1, wrapper.options).options)
    if (Listed(wrapper.chdir_options, o.name) && o.value) dir = *o.value;
  return dir;
}

}  // namespace

WrapperStep Unwrap(const Wrapper& wrapper, const Words& w) {
  WrapperStep s = UnwrapShape(wrapper, w);
  if (!wrapper.chdir_options.empty() && !s.inner.empty()) s.chdir = ChdirOption(wrapper, w);
  return s;
}

}  // namespace paddock::rules
