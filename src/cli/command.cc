#include "cli/command.h"

#include <cstdio>

#include "policy/args.h"

namespace paddock::cli {
namespace {
std::vector<Command>& Registry() {
  static std::vector<Command> commands;
  return commands;
}
std::vector<std::string>& Leading() {
  static std::vector<std::string> options;
  return options;
}
}  // namespace

void SetLeadingOptions(std::vector<std::string> options) { Leading() = std::move(options); }
const std::vector<std::string>& LeadingOptions() { return Leading(); }

const std::vector<Command>& Commands() { return Registry(); }

CommandRegistrar::CommandRegistrar(Command command) { Registry().push_back(std::move(command)); }

void PrintError(const std::string& message) { std::fprintf(stderr, "paddock: %s\n", message.c_str()); }

void PrintError(const Error& error) { std::fputs(FormatError(error).c_str(), stderr); }

int UsageError(const std::string& command, const std::string& what) {
  PrintError(what);
  std::fprintf(stderr, "Run 'paddock %s --help' for usage.\n", command.c_str());
  return kExitUsage;
}

std::optional<int> ParseCommandLine(CLI::App& app, const std::string& command, int argc, char** argv) {
  auto outcome = policy::ParseArgs(app, std::vector<std::string>(argv + 1, argv + argc));
  switch (outcome.kind) {
    case policy::ArgsOutcome::kOk: return std::nullopt;
    case policy::ArgsOutcome::kHelp: std::fputs(outcome.text.c_str(), stdout); return 0;
    case policy::ArgsOutcome::kUsageError: break;
  }
  // The subcommand the error is about, when one was chosen ("policy check").
  std::string about = command;
  for (const CLI::App* sub = &app; !sub->get_subcommands().empty();) {
    sub = sub->get_subcommands().back();
    about += " " + sub->get_name();
  }
  return UsageError(about, about + ": " + outcome.text);
}

}  // namespace paddock::cli
