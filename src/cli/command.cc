#include "cli/command.h"

#include <cstdio>

namespace paddock::cli {
namespace {
std::vector<Command>& Registry() {
  static std::vector<Command> commands;
  return commands;
}
}  // namespace

const std::vector<Command>& Commands() { return Registry(); }

CommandRegistrar::CommandRegistrar(Command command) { Registry().push_back(std::move(command)); }

void PrintError(const std::string& message) {
  std::fprintf(stderr, "paddock: %s\n", message.c_str());
}

}  // namespace paddock::cli
