// `paddock profiles [show NAME]`: the built-in profiles a run can start
// from (docs/config.md).
#include <cstdio>

#include "cli/command.h"
#include "config/profile.h"

namespace paddock::cli {
namespace {

int ProfilesMain(int argc, char** argv) {
  CLI::App app{"List the built-in profiles, or print one (TOML).", "paddock profiles"};
  app.footer(
      "Examples:\n"
      "  paddock profiles                  list them\n"
      "  paddock profiles show strict      print one\n"
      "  paddock run --profile strict -- make test\n"
      "  echo 'profile = \"offline\"' >> ~/.config/paddock/config.toml");
  auto* show = app.add_subcommand("show", "Print a profile's TOML");
  std::string name;
  show->add_option("NAME", name, "The profile")->required();
  if (auto code = ParseCommandLine(app, "profiles", argc, argv)) return *code;
  if (show->parsed()) {
    auto text = config::ProfileText(name);
    if (!text) return UsageError("profiles show", config::FindProfile(name).error().message);
    std::fwrite(text->data(), 1, text->size(), stdout);
    return 0;
  }
  for (const auto& n : config::ProfileNames()) {
    auto profile = config::FindProfile(n);
    if (!profile) {
      PrintError(profile.error());
      return kExitPaddockError;
    }
    std::printf("%-8s %s\n", n.c_str(), profile->description.c_str());
  }
  return 0;
}

CommandRegistrar profiles_command({"profiles", "list the built-in profiles, or print one", &ProfilesMain});

}  // namespace
}  // namespace paddock::cli
