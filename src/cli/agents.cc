// `paddock <preset> [ARGS]` (claude, codex, aider: one per built-in preset):
// `paddock run --preset <preset> -- <the preset's command> ARGS`. Every
// argument goes to the agent (`paddock claude --version` is Claude Code's
// version); paddock's own options go through `paddock run --preset`.
// `paddock presets [show NAME]` lists the presets or prints one.
#include <cstdio>
#include <string>
#include <vector>

#include "cli/command.h"
#include "config/preset.h"

namespace paddock::cli {
namespace {

int AgentMain(int argc, char** argv) {
  std::string name = argv[0];
  auto preset = config::FindPreset(name);
  if (!preset) {
    PrintError(preset.error());
    return kExitPaddockError;
  }
  std::vector<std::string> args = {"run", "--preset", name, "--"};
  args.insert(args.end(), preset->command.begin(), preset->command.end());
  args.insert(args.end(), argv + 1, argv + argc);
  std::vector<char*> run_argv;
  for (auto& a : args) run_argv.push_back(a.data());
  run_argv.push_back(nullptr);
  for (const auto& c : Commands())
    if (c.name == "run") return c.main(static_cast<int>(args.size()), run_argv.data());
  PrintError("internal error: no run command");
  return kExitPaddockError;
}

// `paddock help claude`: `paddock claude --help` is the agent's own help.
int AgentHelp(const std::string& name) {
  auto preset = config::FindPreset(name);
  if (!preset) {
    PrintError(preset.error());
    return kExitPaddockError;
  }
  std::string command;
  for (const auto& word : preset->command) command += (command.empty() ? "" : " ") + word;
  std::printf(
      "Usage: paddock %s [ARGS...]\n\n"
      "%s.\nRuns `paddock run --preset %s -- %s ARGS...`: every argument goes to the agent\n"
      "(`paddock %s --help` is the agent's help). paddock's own options go through\n"
      "`paddock run --preset %s [OPTIONS] -- %s [ARGS...]` (paddock run --help); the\n"
      "preset itself: paddock presets show %s.\n\n"
      "Examples:\n"
      "  paddock %s                       # the agent, jailed in the current project\n"
      "  paddock %s --version             # the agent's version\n"
      "  paddock run --preset %s --net allow --allow-host pypi.org -- %s\n",
      name.c_str(), preset->description.c_str(), name.c_str(), command.c_str(), name.c_str(), name.c_str(),
      command.c_str(), name.c_str(), name.c_str(), name.c_str(), name.c_str(), command.c_str());
  return 0;
}

int PresetsMain(int argc, char** argv) {
  CLI::App app{"List the agent presets, or print one (TOML).", "paddock presets"};
  auto* show = app.add_subcommand("show", "Print a preset's TOML");
  std::string name;
  show->add_option("NAME", name, "The preset")->required();
  // The agent commands (`paddock claude ...`) pass --help to the agent, so
  // their examples are here too (and in `paddock help claude`).
  const char* examples =
      "Examples:\n"
      "  paddock presets\n"
      "  paddock presets show claude\n"
      "  paddock claude                      # Claude Code jailed in the current project\n"
      "  paddock codex --version             # every argument goes to the agent\n"
      "  paddock run --preset aider --net allow --allow-host pypi.org -- aider";
  app.footer(examples);
  show->footer(examples);
  if (auto code = ParseCommandLine(app, "presets", argc, argv)) return *code;
  if (show->parsed()) {
    auto text = config::PresetText(name);
    if (!text) return UsageError("presets show", config::FindPreset(name).error().message);
    std::fwrite(text->data(), 1, text->size(), stdout);
    return 0;
  }
  for (const auto& n : config::PresetNames()) {
    auto preset = config::FindPreset(n);
    if (!preset) {
      PrintError(preset.error());
      return kExitPaddockError;
    }
    std::printf("%-8s %s: paddock %s [ARGS], or paddock run --preset %s [OPTIONS] [-- COMMAND]\n", n.c_str(),
                preset->description.c_str(), n.c_str(), n.c_str());
  }
  return 0;
}

// One command per built-in preset, named after it.
struct AgentCommands {
  AgentCommands() {
    for (const auto& name : config::PresetNames())
      CommandRegistrar({name, "run the " + name + " agent jailed in the project (preset; key outside the jail)",
                        &AgentMain, false, &AgentHelp, true});
  }
} agent_commands;

CommandRegistrar presets_command({"presets", "list the agent presets, or print one", &PresetsMain});

}  // namespace
}  // namespace paddock::cli
