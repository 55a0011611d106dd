#include "cli/preset_run.h"

#include <unistd.h>

#include <cstdio>
#include <map>

#include "cli/agent_program.h"
#include "cli/command.h"
#include "cli/self_path.h"
#include "config/apply_preset.h"
#include "hook/jail_command.h"
#include "jail/host_probe.h"
#include "rules/jail_settings.h"

namespace paddock::cli {
namespace {

// Claude Code reads managed settings from a fixed directory; a drop-in there
// comes after an administrator's own managed-settings.json, which still applies.
constexpr const char* kClaudeManagedDropIn = "claude-code/managed-settings.d/50-paddock.json";

// Claude Code's managed settings: the preset's, its profile's deny rules and
// paddock's hook, registered with this binary's path (the plan makes that
// path visible in the jail).
void AddClaudeSettings(const config::Preset& preset, policy::ParsedRun& run) {
  if (!preset.claude_code) return;
  std::string self = SelfPath();
  if (self.empty()) {
    run.problems.push_back(Error{"preset " + preset.name + ": cannot read /proc/self/exe to register paddock's hook"});
    return;
  }
  auto settings = rules::JailManagedSettings(preset.claude_code->managed_settings,
                                             preset.claude_code->permissions_profile, hook::ShellWord(self) + " hook");
  if (!settings) run.problems.push_back(Error{"preset " + preset.name + ": " + settings.error().message});
  else run.policy.etc_files.emplace_back(kClaudeManagedDropIn, settings->dump(2) + "\n");
  run.policy.show_self = true;
}

}  // namespace

Result<policy::ParsedRun> ParseWithPreset(const std::string& subcommand, const std::vector<std::string>& args,
                                          const std::string& cwd, const std::string& home) {
  auto plain = policy::ParseRunOptions(subcommand, args, cwd, home);
  if (!plain || plain->help) return plain;
  if (plain->policy.preset.empty()) {
    if (!plain->policy.upstreams.empty())
      plain->problems.push_back(Error{"invalid --upstream: only a --preset has credentials to forward"});
    return plain;
  }
  auto preset = config::FindPreset(plain->policy.preset);
  if (!preset) return preset.error();
  // Again, with the preset's options first: the user's own come later and win.
  auto parsed = policy::ParseRunOptions(subcommand, config::PresetArguments(*preset, args), cwd, home);
  if (!parsed) return Error{"preset " + preset->name + ": " + parsed.error().message};
  auto env = jail::ProcessEnvironment();
  auto notes = config::ApplyPreset(*preset, env, parsed->policy, parsed->problems);
  if (auto st = LocateAgentProgram(*preset, env, parsed->policy); !st) return st.error();
  AddClaudeSettings(*preset, *parsed);
  if (parsed->problems.empty() && subcommand == "run" && isatty(STDERR_FILENO))
    for (const auto& note : notes) std::fprintf(stderr, "paddock: %s\n", note.c_str());
  return parsed;
}

}  // namespace paddock::cli
