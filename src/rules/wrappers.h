// Exec wrappers: programs that run a command named in their own arguments
// (`sudo -u root rm -rf x`, `timeout 5 make`, `find . -exec rm {} +`). One
// table entry per wrapper holds everything the engine knows about it: the
// options it takes, how it finds the command it runs, and what the allow view
// may do with it. Unwrapping for deny/ask rules, the code a layer carries
// (`watch ARGS`, `flock F -c CMD`) and the allow view all read the same entry,
// so two views can never disagree about a wrapper's options (docs/policy.md,
// "Wrappers").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/options.h"
#include "rules/words.h"

namespace paddock::rules {

// How a wrapper finds the command it runs in its words.
enum class Shape {
  kNextWord,      // the second word starts the command, no options (noglob, busybox APPLET)
  kAfterOptions,  // options, then the command
  kAfterOperand,  // options, one operand (a duration, a priority, a directory), then the command
  kEnv,           // options (-S splits a string into words that take its place), NAME=VALUE, the command
  kSudo,          // options and NAME=VALUE words in any order, then the command
  kSu,            // -u USER CMD, else the user's shell runs `-c CMD` and the arguments after the user
  kNice,          // -N / --N / -+N adjustments among the options
  kFlock,         // options, the lock FILE, then the command or `-c SHELL-STRING`
  kXargs,         // options, the command (with input appended; -I/-i replace a string in it), or echo
  kFind,          // every -exec/-execdir/-ok/-okdir CMD ... ; or +
  kWatch,         // options, then its arguments joined as a `sh -c` string (with -x: the command)
  kScript,        // `-c SHELL-STRING`; options may follow the log file operand
  kGit,           // global options (carried.h ParseGitGlobals), then `git SUBCOMMAND ...`
  kFirejail,      // options are single words (--opt or --opt=value), then the command
  kSetarch,       // an optional ARCH operand first, then options, then the command
  kSg,            // sg GROUP [-c] SHELL-STRING (sg runs it with /bin/sh -c)
  kRunner,        // an environment runner: [SUBCOMMAND] options [OPERANDS] the command (see below)
  kParallel,      // GNU parallel, sem: options, a template run by a shell per input (or input lines as commands)
  kCmake,         // cmake -E env|chdir|time: the command after what the -E command takes
  kRuncon,        // options, the SELinux CONTEXT unless -u/-r/-t/-l gave its parts, then the command
  kBwrap,         // bubblewrap: options of zero to three arguments each, then the command
  kNix,           // nix-shell --run/--command STRING; nix develop|shell ... -c|--command CMD
  kHyperfine,     // hyperfine: each operand, and the value of --setup/--prepare/..., is a shell string
  kStartStop,     // start-stop-daemon --start: the program --startas or --exec names, the arguments after --
};

// What the allow view (the words allow rules are matched against) may strip.
enum class AllowStrip {
  kNever,           // matched with its command: only `Bash(sudo ...)` approves `sudo make`
  kAlways,          // stripped: the command is matched alone
  kWithoutOptions,  // stripped only when no option is given (bare `xargs grep`)
  kListedOptions,   // stripped when every option given is in allow_options (git -C P, --no-pager, -P)
};

struct Wrapper {
  std::string_view name;  // as CommandName() gives it: basename, lower-case
  Shape shape;
  OptionTable options = {};  // unused by kNextWord, kFind, kGit, kFirejail
  AllowStrip allow = AllowStrip::kNever;
  std::vector<std::string_view> allow_options = {};  // kListedOptions
  // Any of these words (a trailing '*' matches a prefix) means no allow rule
  // may approve the layer (`find -delete`).
  std::vector<std::string_view> refuse_allow = {};
  // Only an allow rule without wildcards approves it: a prefix rule such as
  // `Bash(watch *)` would approve every command it can run.
  bool exact_allow_only = false;
  std::vector<std::string_view> env_options = {};     // their value is NAME=VALUE in the command's environment
  std::vector<std::string_view> lookup_options = {};  // given one of these it runs nothing (`command -v`)
  // kRunner: tools that run a command in a prepared environment (`uv run`,
  // `npx`, `direnv exec DIR`). Their option sets are large and change each
  // release, so an option the table does not know is no opaque point (that
  // would turn `uv run --new-flag pytest` into an ask): the command is taken
  // after the known options, and also one word later in case the unknown
  // option took an argument. Deny and ask rules are matched against both;
  // allow never strips a runner.
  std::vector<std::string_view> subcommands = {};  // the subcommands that run one; empty: no subcommand
  // Subcommands that run the words after their "--" as one shell command.
  std::vector<std::string_view> shell_subcommands = {};
  // Subcommands whose operands are one shell script (`bun exec 'CMD'`).
  std::vector<std::string_view> code_subcommands = {};
  // Subcommands that run no command of their words (`npm install exec`):
  // found first after known options, they end the search for one.
  std::vector<std::string_view> plain_subcommands = {};
  size_t runner_operands = 0;                        // operands between the options and the command
  bool command_after_dashdash = false;               // a later "--" starts the command (`mise x node@20 -- CMD`)
  bool dashdash_required = false;                    // ... and without one it runs none (`guix shell PKG`)
  std::vector<std::string_view> code_options = {};   // their value is a shell string (`npx -c 'CMD'`)
  std::vector<std::string_view> shell_options = {};  // the command's words are joined and run by a shell
  bool shell_always = false;  // they always are (watchexec, unless --shell=none: both readings are checked)
  std::vector<std::string_view> chdir_options = {};  // their value is the directory the command runs in (env -C)
};

// One unwrapping step: what a wrapper layer runs.
struct WrapperStep {
  std::vector<Words> inner;          // the commands it runs (several for find)
  std::vector<Assign> env;           // NAME=VALUE it puts in their environment
  std::vector<std::string> codes;    // shell strings it runs (watch ARGS, flock -c, script -c)
  std::string code_what;             // how to name them in explanations: "watch command"
  std::vector<std::string> options;  // names of the options given ("-n", "--no-pager")
  std::optional<size_t> own_words;   // leading words that are its own, when the rest is its command
  std::string uncertain;             // why its options cannot be parsed with certainty
  std::optional<std::string> chdir;  // the directory its commands run in (env -C DIR), if it sets one
};

// The wrapper called `command_name` (a CommandName()), or nullptr.
const Wrapper* FindWrapper(const std::string& command_name);

// For tests: where the name index of the table and its groups disagree
// (a wrapper the index misses or files under another group, a count that
// differs). Empty when they agree.
std::vector<std::string> WrapperTableProblems();

// The command(s) `words` (a layer whose argv[0] names `wrapper`) runs.
WrapperStep Unwrap(const Wrapper& wrapper, const Words& words);

}  // namespace paddock::rules
