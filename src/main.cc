// paddock: argv -> subcommand -> exit status.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/library_versions.h"

namespace {

#ifdef PADDOCK_STATIC_LIBS
constexpr const char* kLinkage = "built with (linked in):";
#else
constexpr const char* kLinkage = "built with (shared):";
#endif

void PrintUsage(FILE* out) {
  std::fprintf(out,
               "Usage: paddock <command> [options]\n"
               "   or: paddock [--quiet | --verbose] run|check|plan|<agent> ...\n"
               "   or: paddock help <command> | --help | --version\n\n"
               "A sandbox for coding agents: runs a command in a jail the kernel enforces.\n\n"
               "commands:\n");
  auto commands = paddock::cli::Commands();
  std::sort(commands.begin(), commands.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  for (const auto& c : commands)
    if (!c.hidden) std::fprintf(out, "  %-12s %s\n", c.name.c_str(), c.summary.c_str());
  std::fprintf(out, "\nRun 'paddock <command> --help' (or 'paddock help <command>') for a command's options.\n");
}

// `paddock help COMMAND`: the command's help, also for the agent commands,
// whose own --help is the agent's.
int Help(int argc, char** argv) {
  if (argc != 1) {
    paddock::cli::PrintError("help takes one command: paddock help COMMAND");
    return paddock::cli::kExitUsage;
  }
  std::string name = argv[0];
  for (const auto& c : paddock::cli::Commands()) {
    if (c.name != name) continue;
    if (c.help) return c.help(name);
    char flag[] = "--help";
    char* args[] = {argv[0], flag, nullptr};
    return c.main(2, args);
  }
  paddock::cli::PrintError("unknown command '" + name + "'");
  std::fprintf(stderr, "Run 'paddock --help' for the commands.\n");
  return paddock::cli::kExitUsage;
}

// --quiet/-q and --verbose/-v before the command's name.
bool IsLeadingOption(const std::string& arg) {
  return arg == "-q" || arg == "--quiet" || arg == "-v" || arg == "--verbose";
}

int Dispatch(int argc, char** argv) {
  std::vector<std::string> leading;
  while (argc > 1 && IsLeadingOption(argv[1])) {
    leading.push_back(argv[1]);
    ++argv;
    --argc;
  }
  if (!leading.empty()) {
    std::string name = argc > 1 ? argv[1] : "";
    const auto& commands = paddock::cli::Commands();
    auto it = std::find_if(commands.begin(), commands.end(), [&](const auto& c) { return c.name == name; });
    if (it == commands.end() || !it->run_options) {
      paddock::cli::PrintError(leading.front() + " before " + (name.empty() ? "no command" : "'" + name + "'") +
                               ": only the commands that run a jail take it (run, check, plan and the agents)");
      return paddock::cli::kExitUsage;
    }
    paddock::cli::SetLeadingOptions(std::move(leading));
  }
  if (argc < 2) {
    PrintUsage(stderr);
    return paddock::cli::kExitUsage;
  }
  std::string name = argv[1];
  if (name == "-h" || name == "--help" || (name == "help" && argc == 2)) {
    PrintUsage(stdout);
    return 0;
  }
  if (name == "help") return Help(argc - 2, argv + 2);
  if (name == "--version") {
    std::printf("paddock %s\n%s %s\n", PADDOCK_VERSION, kLinkage, paddock::cli::LibraryVersions().c_str());
    return 0;
  }
  for (const auto& c : paddock::cli::Commands()) {
    if (c.name == name) return c.main(argc - 1, argv + 1);
  }
  paddock::cli::PrintError("unknown command '" + name + "'");
  std::fprintf(stderr, "Run 'paddock --help' for the commands.\n");
  return paddock::cli::kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
  // The last resort, not control flow: no layer throws on purpose (docs/errors.md),
  // but the standard library may (std::bad_alloc). The hook fails closed: exit 2
  // is its deny.
  bool hook = argc > 1 && std::strcmp(argv[1], "hook") == 0;
  std::string what = "unknown exception";
  try {
    return Dispatch(argc, argv);
  } catch (const std::exception& e) {
    what = e.what();
  } catch (...) {}
  if (hook) {
    std::fprintf(stderr, "paddock hook: blocked (fail closed): internal error: %s\n", what.c_str());
    return 2;
  }
  paddock::cli::PrintError(std::string("internal error: ") + what);
  return paddock::cli::kExitPaddockError;
}
