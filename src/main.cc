// paddock: argv -> subcommand -> exit status.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>

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
               "   or: paddock --help | --version\n\n"
               "A sandbox for coding agents: runs a command in a jail the kernel enforces.\n\n"
               "commands:\n");
  auto commands = paddock::cli::Commands();
  std::sort(commands.begin(), commands.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  for (const auto& c : commands)
    if (!c.hidden) std::fprintf(out, "  %-12s %s\n", c.name.c_str(), c.summary.c_str());
  std::fprintf(out, "\nRun 'paddock <command> --help' for a command's options.\n");
}

int Dispatch(int argc, char** argv) {
  if (argc < 2) {
    PrintUsage(stderr);
    return paddock::cli::kExitUsage;
  }
  std::string name = argv[1];
  if (name == "-h" || name == "--help" || name == "help") {
    PrintUsage(stdout);
    return 0;
  }
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
