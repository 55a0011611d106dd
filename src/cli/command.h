// Subcommand registry: each src/cli/<name>.cc registers itself, so adding a
// subcommand touches one file. main() only dispatches.
//
// The conventions every subcommand follows (docs/errors.md): arguments are
// parsed with CLI11 through ParseCommandLine; --help prints on stdout and
// exits 0; a usage error prints "paddock: <what>" and a "Run 'paddock <cmd>
// --help'" line and exits 2; paddock's own failures exit 125. Only this
// layer prints; the layers below return Errors.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/error.h"

namespace paddock::cli {

struct Command {
  std::string name;
  std::string summary;
  // argv[0] is the subcommand name; returns the process exit status.
  int (*main)(int argc, char** argv);
  // Not listed by `paddock --help`: paddock's own plumbing (`__probe`).
  bool hidden = false;
  // Prints the command's help for `paddock help NAME`, where the command's
  // own --help goes elsewhere (`paddock claude --help` is the agent's); null:
  // `paddock help NAME` is `paddock NAME --help`.
  int (*help)(const std::string& name) = nullptr;
  // Takes the options of `paddock run` (run, plan, check, the agents): the
  // ones given before the command's name (`paddock -q claude`) apply to it.
  bool run_options = false;
};

// Options given before the command's name (`paddock --quiet check`): main
// sets them, and the commands with run_options parse them before their own
// (so a later --verbose of the command's own wins, as on one command line).
void SetLeadingOptions(std::vector<std::string> options);
const std::vector<std::string>& LeadingOptions();

const std::vector<Command>& Commands();

struct CommandRegistrar {
  explicit CommandRegistrar(Command command);
};

// Exit statuses. A usage error (bad flag or value) is 2; paddock's own
// failures (a layer that cannot be applied, a file it cannot read) are 125,
// distinct from the jailed command's statuses, which `run` passes through.
inline constexpr int kExitUsage = 2;
inline constexpr int kExitPaddockError = 125;

// Prints "paddock: <message>" on stderr.
void PrintError(const std::string& message);
// Prints FormatError(error) on stderr: the headline and its hint line.
void PrintError(const Error& error);

// Prints a usage error about `command` ("run", "policy check") and returns
// kExitUsage.
int UsageError(const std::string& command, const std::string& what);

// Parses argv[1..argc) into `app` (argv[0] is the subcommand's name). Returns
// the status to exit with after --help (0) or a usage error (2), or nothing
// when the command should go on.
std::optional<int> ParseCommandLine(CLI::App& app, const std::string& command, int argc, char** argv);

}  // namespace paddock::cli
