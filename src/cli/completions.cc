// `paddock completions bash|zsh`: prints a completion script for the
// commands registered in this binary (cli::Commands()). run and plan complete
// policy::RunOptionNames(); every other command is asked for its own --help
// (CLI11 lists its options and subcommands), so a new option needs no change
// here. Agent presets pass every argument to the agent: files.
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/completion_script.h"
#include "config/preset.h"
#include "config/profile.h"
#include "policy/cli_options.h"
#include "policy/policy.h"

namespace paddock::cli {
namespace {

// What `paddock <words> --help` prints on stdout, run in this process with
// stdout pointed at a memory file for the call.
std::string HelpOf(const Command& command, std::vector<std::string> words) {
  words.insert(words.begin(), command.name);
  words.push_back("--help");
  std::vector<char*> argv;
  for (auto& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  std::fflush(stdout);
  int memfd = memfd_create("paddock-help", MFD_CLOEXEC);
  int saved = dup(1);
  if (memfd < 0 || saved < 0 || dup2(memfd, 1) < 0) {
    if (memfd >= 0) close(memfd);
    if (saved >= 0) close(saved);
    return "";
  }
  command.main(static_cast<int>(words.size()), argv.data());
  std::fflush(stdout);
  dup2(saved, 1);
  close(saved);
  std::string text;
  char buf[4096];
  ssize_t n;
  off_t off = 0;
  while ((n = pread(memfd, buf, sizeof buf, off)) > 0) {
    text.append(buf, static_cast<size_t>(n));
    off += n;
  }
  close(memfd);
  return text;
}

CompletionSpec BuildSpec() {
  CompletionSpec spec;
  auto presets = config::PresetNames();
  std::vector<Command> commands = Commands();
  std::sort(commands.begin(), commands.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  std::vector<CompletionCommand> subs;
  for (const auto& c : commands) {
    if (c.hidden) continue;
    CompletionCommand entry{c.name, c.summary, {}, {}, false};
    if (std::find(presets.begin(), presets.end(), c.name) != presets.end()) {
      entry.passthrough = true;
    } else if (c.name == "run" || c.name == "plan") {
      entry.options = {"--help"};
      for (const auto& name : policy::RunOptionNames()) entry.options.push_back("--" + name);
    } else {
      ParseHelpText(HelpOf(c, {}), entry.options, entry.subcommands);
      for (const auto& sub : entry.subcommands) {
        CompletionCommand sub_entry{c.name + " " + sub, "", {}, {}, false};
        std::vector<std::string> nested;  // one level deep is all paddock has
        ParseHelpText(HelpOf(c, {sub}), sub_entry.options, nested);
        subs.push_back(std::move(sub_entry));
      }
    }
    spec.commands.push_back(std::move(entry));
  }
  spec.commands.insert(spec.commands.end(), subs.begin(), subs.end());
  spec.option_values["--net"] = {"none", "allow", "host"};
  spec.option_values["--preset"] = presets;
  // The built-in profiles of a run (docs/config.md), and `paddock init`'s
  // permission profiles (rules::FindInitProfile).
  spec.option_values["--profile"] = config::ProfileNames();
  spec.option_values["init --profile"] = {"minimal", "standard", "paranoid"};
  spec.option_values["--degrade"] = {policy::kLayerUserns, policy::kLayerSeccomp, policy::kLayerLandlock,
                                     policy::kLayerCgroup, policy::kLayerIdmap};
  return spec;
}

int CompletionsMain(int argc, char** argv) {
  CLI::App app{"Print a shell completion script for paddock.", "paddock completions"};
  std::string shell;
  app.add_option("SHELL", shell, "bash or zsh")->required()->check(CLI::IsMember({"bash", "zsh"}));
  app.footer(
      "Examples:\n"
      "  source <(paddock completions bash)\n"
      "  paddock completions bash > ~/.local/share/bash-completion/completions/paddock\n"
      "  paddock completions zsh > \"${fpath[1]}/_paddock\"");
  if (auto code = ParseCommandLine(app, "completions", argc, argv)) return *code;
  CompletionSpec spec = BuildSpec();
  std::string script = shell == "bash" ? BashCompletion(spec) : ZshCompletion(spec);
  std::fwrite(script.data(), 1, script.size(), stdout);
  return 0;
}

CommandRegistrar reg({"completions", "print a bash or zsh completion script", &CompletionsMain});

}  // namespace
}  // namespace paddock::cli
