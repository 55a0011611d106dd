// The CLI layer of `paddock run` and `paddock plan`: argv -> Policy.
// Paths are made absolute (lexically, against `cwd`); whether they exist is a
// host fact, checked by ResolvePolicyPaths.
#pragma once

#include <string>
#include <vector>

#include "base/error.h"
#include "policy/policy.h"

namespace paddock::policy {

struct ParsedRun {
  Policy policy;
  // Every value that does not validate (docs/errors.md: all at once). Not
  // empty: the policy lacks those values and must not be run.
  Problems problems;
  bool help = false;
  std::string help_text;
};

// args: the subcommand's arguments (without "paddock" and "run"). An error is
// a usage error (unknown option, missing value); values that do not validate
// are ParsedRun::problems.
// cwd: the invoker's working directory; home: the real home (for --share).
Result<ParsedRun> ParseRunOptions(const std::string& subcommand, const std::vector<std::string>& args,
                                  const std::string& cwd, const std::string& home);

// The long names of `paddock run`'s options ("net", "allow-host", ...): the
// keys config files and presets may use.
std::vector<std::string> RunOptionNames();

// --preset NAME (or --preset=NAME) before "--", or "" without one.
std::string PresetOption(const std::vector<std::string>& args);

}  // namespace paddock::policy
