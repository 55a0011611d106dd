#include "cli/preset_run.h"

#include <unistd.h>

#include <cstdio>
#include <map>

#include "base/strings.h"
#include "cli/agent_program.h"
#include "cli/command.h"
#include "cli/config_files.h"
#include "cli/self_path.h"
#include "config/apply_preset.h"
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
  std::string hook_command = HookCommandLine(false);
  if (hook_command.empty()) {
    run.problems.push_back(Error{"preset " + preset.name + ": cannot read /proc/self/exe to register paddock's hook"});
    return;
  }
  auto settings = rules::JailManagedSettings(preset.claude_code->managed_settings,
                                             preset.claude_code->permissions_profile, hook_command);
  if (!settings) run.problems.push_back(Error{"preset " + preset.name + ": " + settings.error().message});
  else run.policy.etc_files.emplace_back(kClaudeManagedDropIn, settings->dump(2) + "\n");
  run.policy.show_self = true;
}

// paddock's own config and state (trust store, audit log, compiled seccomp
// filters) stay read-only when the user shares a directory of the home that
// holds them: a jailed agent must not trust its own project file, forge the
// log or weaken the next run's filter. A writable grant of one of them, or
// of a path inside one, is refused.
void ProtectPaddockFiles(const std::map<std::string, std::string>& env, const std::string& home,
                         policy::ParsedRun& run) {
  policy::Policy& policy = run.policy;
  std::string config_dir = UserConfigPath(env, home);
  config_dir.erase(config_dir.rfind('/'));
  for (const std::string& dir : {config_dir, jail::StateDir(home)}) {
    bool in_grant = false;
    for (const auto* list : {&policy.home_shares, &policy.extra_paths})
      for (const auto& g : *list) {
        if (g.writable && PathIsWithin(g.path, dir)) {
          run.problems.push_back(Error{"cannot grant " + g.path +
                                       " read-write: it is paddock's own config or state (trust store, audit "
                                       "log, compiled seccomp filters), which a jailed command must not change"});
        }
        in_grant = in_grant || (g.writable && PathIsWithin(dir, g.path) && dir != g.path);
      }
    if (in_grant) policy.protect.push_back(dir);
  }
}

}  // namespace

Result<policy::ParsedRun> ParseWithPreset(const std::string& subcommand, const std::vector<std::string>& args,
                                          const std::string& cwd, const std::string& home) {
  auto env = jail::ProcessEnvironment();
  // The config files' options come first (docs/config.md): a built-in
  // profile, the user's file, the project's; the command line's win.
  ConfigLayers layers = LoadConfigLayers(args, cwd, home, env);
  std::vector<std::string> words = layers.Words();
  words.insert(words.end(), args.begin(), args.end());
  auto plain = policy::ParseRunOptions(subcommand, words, cwd, home);
  if (plain && plain->help) return policy::ParseRunOptions(subcommand, args, cwd, home);
  std::optional<config::Preset> preset;
  if (plain && !plain->policy.preset.empty()) {
    auto found = config::FindPreset(plain->policy.preset);
    if (!found) return found.error();
    preset = std::move(*found);
  }
  std::vector<std::string> preset_words = preset ? preset->run_args : std::vector<std::string>{};
  Problems config_problems = layers.problems;
  for (auto& p : CheckConfigLayers(layers, preset_words, cwd, home)) config_problems.push_back(std::move(p));
  if (!config_problems.empty()) {
    // The files' own problems, with positions, and the command line's.
    auto cli = policy::ParseRunOptions(subcommand, args, cwd, home);
    if (!cli) return cli;
    cli->problems.insert(cli->problems.begin(), config_problems.begin(), config_problems.end());
    return cli;
  }
  if (!plain) return plain;
  NameConfigOrigins(layers, args, plain->problems);
  ProtectPaddockFiles(env, home, *plain);
  if (!preset) {
    if (!plain->policy.upstreams.empty())
      plain->problems.push_back(Error{"invalid --upstream: only a --preset has credentials to forward"});
    return plain;
  }
  // Again, with the preset's options first: the config files' and the
  // user's own come later and win.
  auto parsed = policy::ParseRunOptions(subcommand, config::PresetArguments(*preset, words), cwd, home);
  if (!parsed) return Error{"preset " + preset->name + ": " + parsed.error().message};
  NameConfigOrigins(layers, args, parsed->problems);
  ProtectPaddockFiles(env, home, *parsed);
  auto notes = config::ApplyPreset(*preset, env, parsed->policy, parsed->problems);
  if (auto st = LocateAgentProgram(*preset, env, parsed->policy); !st) return st.error();
  AddClaudeSettings(*preset, *parsed);
  bool quiet = parsed->policy.verbosity == policy::Verbosity::kQuiet;
  if (parsed->problems.empty() && subcommand == "run" && !quiet && isatty(STDERR_FILENO))
    for (const auto& note : notes) std::fprintf(stderr, "paddock: %s\n", note.c_str());
  return parsed;
}

}  // namespace paddock::cli
