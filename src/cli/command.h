// Subcommand registry: each src/cli/<name>.cc registers itself, so adding a
// subcommand touches one file. main() only dispatches.
#pragma once

#include <string>
#include <vector>

namespace paddock::cli {

struct Command {
  std::string name;
  std::string summary;
  // argv[0] is the subcommand name; returns the process exit status.
  int (*main)(int argc, char** argv);
};

const std::vector<Command>& Commands();

struct CommandRegistrar {
  explicit CommandRegistrar(Command command);
};

// Exit status for paddock's own failures (bad flags, a layer that cannot be
// applied), distinct from the jailed command's statuses.
inline constexpr int kExitPaddockError = 125;

// Prints "paddock: <message>" on stderr.
void PrintError(const std::string& message);

}  // namespace paddock::cli
