// paddock: argv -> subcommand -> exit status.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>

#include "cli/command.h"

namespace {

void PrintUsage(FILE* out) {
  std::fprintf(out,
               "usage: paddock <command> [options]\n\n"
               "A sandbox for coding agents: runs a command in a jail the kernel enforces.\n\n"
               "commands:\n");
  auto commands = paddock::cli::Commands();
  std::sort(commands.begin(), commands.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  for (const auto& c : commands) std::fprintf(out, "  %-10s %s\n", c.name.c_str(), c.summary.c_str());
  std::fprintf(out, "\nRun 'paddock <command> --help' for a command's options.\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    PrintUsage(stderr);
    return 2;
  }
  std::string name = argv[1];
  if (name == "-h" || name == "--help" || name == "help") {
    PrintUsage(stdout);
    return 0;
  }
  for (const auto& c : paddock::cli::Commands()) {
    if (c.name == name) return c.main(argc - 1, argv + 1);
  }
  paddock::cli::PrintError("unknown command '" + name + "' (see 'paddock --help')");
  return 2;
}
