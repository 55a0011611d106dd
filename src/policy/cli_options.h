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
  bool help = false;
  std::string help_text;
};

// args: the subcommand's arguments (without "paddock" and "run").
// cwd: the invoker's working directory; home: the real home (for --share).
Result<ParsedRun> ParseRunOptions(const std::string& subcommand, const std::vector<std::string>& args,
                                  const std::string& cwd, const std::string& home);

}  // namespace paddock::policy
