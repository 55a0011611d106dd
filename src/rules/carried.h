// Commands carried by options and environment on the command line itself
// (docs/policy.md "Commands carried by options and environment"): `git -c
// core.pager=…`, `git fetch --upload-pack=…`, `ext::` URLs, `tar
// --to-command=…`, `ssh -o ProxyCommand=…`, `GIT_SSH_COMMAND=…`, `PAGER=…`,
// `BASH_ENV=…`, exported bash functions, … The tables of which options and
// variables carry a command live in carried.cc. A literal payload is parsed
// like `-c`; a payload built at run time is an opaque point.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "rules/words.h"

namespace paddock::rules {

struct Carried {
  enum Kind {
    kShell,   // `code` is a shell command line (also used for program paths: parsing one gives argv[0])
    kArgv,    // `argv` is run directly
    kOpaque,  // code runs that cannot be known from the command line
    // `argv` is a program the carrying command's own approval covers (make
    // CC=clang: the makefile's recipes run $(CC) as they run cc): deny and
    // ask rules see it as a layer of that command; allow rules are not asked.
    kCovered,
  };
  Kind kind = kShell;
  std::string code;
  Words argv;
  std::string what;  // where it comes from: "git -c core.pager", "GIT_SSH_COMMAND", ...
};

// Code carried by the environment of a command: leading NAME=VALUE, `env` and
// `sudo` assignments, `export NAME=VALUE`, and plain shell assignments (they
// change the environment when NAME is already exported).
void CarriedByEnvironment(const std::vector<Assign>& env, std::vector<Carried>& out);

// Code carried by one layer's own arguments: git global and subcommand
// options, `git config KEY VALUE`, ext:: URLs, tar/rsync/ssh/man/socat/nc
// command options, and `export`/`declare` NAME=VALUE words. `env` is the
// environment the layer runs with (for `git --config-env`).
void CarriedByOptions(const Words& layer, const std::vector<Assign>& env, std::vector<Carried>& out);

// The commands an ssh_config text names (ProxyCommand, LocalCommand,
// KnownHostsCommand, Match exec), for `ssh -F /dev/stdin` with a literal
// standard input.
void SshConfigCommands(const std::string& text, const std::string& program, std::vector<Carried>& out);

// The options of ssh, scp or sftp (`program`) that take a value, in order,
// with their values (`-vF FILE`, `-oKEY=V`, `-i KEY`), clusters read the way
// their getopt reads them.
std::vector<std::pair<char, std::string>> SshOptionValues(const Words& w, const std::string& program);

// git's global options, before the subcommand.
struct GitGlobals {
  std::vector<std::pair<std::string, std::string>> config;  // -c KEY=VALUE ("true" without '=')
  std::vector<std::string> config_env;                      // --config-env KEY=ENVVAR
  std::string exec_path;                                    // --exec-path=DIR
  std::vector<std::string> options;                         // every option given ("-C", "--git-dir")
  size_t subcommand = 0;                                    // index of the subcommand (size() if none)
  std::string uncertain;                                    // an option git may take differently
};
GitGlobals ParseGitGlobals(const Words& w);

}  // namespace paddock::rules
