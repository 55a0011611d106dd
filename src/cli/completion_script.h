// Shell completion scripts for bash and zsh, rendered from a description of
// the commands (`paddock completions` builds it from the command registry and
// each command's own help, so a new option completes without editing this).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace paddock::cli {

struct CompletionCommand {
  std::string name;  // "run", or "policy check" for a subcommand
  std::string summary;
  std::vector<std::string> options;      // "--net", "-h", ...
  std::vector<std::string> subcommands;  // "test", "check"
  bool passthrough = false;              // every argument goes elsewhere (agent presets): complete files
};

struct CompletionSpec {
  std::vector<CompletionCommand> commands;  // top-level ones first, then "cmd sub" entries
  // The values an option takes: "--net" -> none, allow, host for every
  // command that has the option; "init --profile" for one command only
  // (it wins over the general entry).
  std::map<std::string, std::vector<std::string>> option_values;
};

std::string BashCompletion(const CompletionSpec& spec);
std::string ZshCompletion(const CompletionSpec& spec);

// The options ("--x", "-x") and subcommand names in a CLI11 help text.
void ParseHelpText(const std::string& help, std::vector<std::string>& options, std::vector<std::string>& subcommands);

}  // namespace paddock::cli
