// How every subcommand reads its arguments: one CLI11 App per command, parsed
// the same way, so --help, usage errors and their exit statuses agree
// everywhere (docs/errors.md). Pure: the CLI prints what this returns.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace paddock::policy {

struct ArgsOutcome {
  enum Kind { kOk, kHelp, kUsageError } kind = kOk;
  std::string text;  // kHelp: the help of the (sub)command asked about; kUsageError: what is wrong
};

// args: the command's arguments in order, without its name. CLI11 reports
// errors by throwing; this is the one place that catches them.
ArgsOutcome ParseArgs(CLI::App& app, const std::vector<std::string>& args);

}  // namespace paddock::policy
