// `paddock init [--profile minimal|standard|paranoid] [--jail-commands]
// [--dry-run] [--dir DIR]`: writes or merges DIR/.claude/settings.json (DIR
// defaults to the current directory). The hook is registered with the
// absolute path of this binary (from /proc/self/exe), or of the paddock-hook
// beside it, so it works whatever PATH Claude Code runs with. --jail-commands registers `paddock hook
// --jail-commands` and turns Claude Code's own sandbox off
// (docs/jail-commands.md).
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "cli/command.h"
#include "cli/self_path.h"
#include "rules/init_settings.h"
#include "rules/json_text.h"

namespace paddock::cli {
namespace {

namespace fs = std::filesystem;

// The hook's command line: the path quoted if it has anything but safe
// characters; paddock-hook when it was built or installed beside paddock.
std::string HookCommand(bool jail_commands) {
  std::string line = HookCommandLine(jail_commands);
  return line.empty() ? (jail_commands ? "paddock hook --jail-commands" : "paddock hook") : line;
}

int InitMain(int argc, char** argv) {
  std::string profile_name = "standard", dir = ".";
  bool dry_run = false, jail_commands = false;
  CLI::App app{"Write or merge DIR/.claude/settings.json: deny list, paddock hook, strict sandbox.", "paddock init"};
  app.add_option("--profile", profile_name, "minimal, standard or paranoid (default standard)");
  app.add_flag("--jail-commands", jail_commands,
               "Claude Code stays on the host, each Bash command it runs is jailed in `paddock run`");
  app.add_flag("--dry-run", dry_run, "Print the merged settings instead of writing them");
  app.add_option("--dir", dir, "The project directory (default: the current directory)");
  app.footer(
      "Examples:\n"
      "  paddock init --dry-run\n"
      "  paddock init --profile paranoid --dir ~/src/app\n"
      "  paddock init --jail-commands");
  if (auto code = ParseCommandLine(app, "init", argc, argv)) return *code;
  auto profile = rules::FindInitProfile(profile_name);
  if (!profile) return UsageError("init", profile.error().message);
  fs::path file = fs::path(dir) / ".claude" / "settings.json";
  nlohmann::json existing = nlohmann::json::object();
  std::error_code ec;
  if (fs::exists(file, ec)) {
    std::ifstream in(file);
    std::stringstream ss;
    ss << in.rdbuf();
    auto parsed = rules::ParseJson(ss.str());
    if (!parsed) {
      PrintError(
          OpError("merge into", file.string(), parsed.error().message).WithHint("fix or move it; nothing was written"));
      return kExitPaddockError;
    }
    existing = std::move(*parsed);
  }
  auto merged = rules::MergeInitSettings(existing, *profile, HookCommand(jail_commands), jail_commands,
                                         OtherHookCommandLines(jail_commands));
  if (!merged) {
    PrintError(merged.error().message + " in " + file.string());
    return kExitPaddockError;
  }
  for (const auto& k : merged->kept) std::fprintf(stderr, "paddock: keeping your %s\n", k.c_str());
  for (const auto& k : merged->changed) std::fprintf(stderr, "paddock: changed %s\n", k.c_str());
  std::string text = merged->settings.dump(2) + "\n";
  if (dry_run) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return 0;
  }
  fs::create_directories(file.parent_path(), ec);
  // Write-then-rename: a crash never leaves a half-written settings file.
  fs::path tmp = file;
  tmp += ".paddock-tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp);
    out << text;
    if (!out.flush()) {
      PrintError("cannot write " + tmp.string());
      return kExitPaddockError;
    }
  }
  fs::rename(tmp, file, ec);
  if (ec) {
    PrintError(OpError("rename", tmp.string() + " to " + file.string(), ec.message()));
    return kExitPaddockError;
  }
  std::printf("wrote %s (profile %s)\n", file.string().c_str(), profile_name.c_str());
  if (jail_commands)
    std::fputs(
        "Bash commands run one by one in `paddock run` of this project; Claude Code's own sandbox is off\n"
        "(sandbox.enabled = false): paddock is the sandbox, and bubblewrap around it would only stand in its way.\n"
        "Read, Edit and Write are not jailed: the deny rules and the hook govern them (docs/jail-commands.md).\n",
        stdout);
  return 0;
}

CommandRegistrar reg({"init", "write or merge .claude/settings.json: deny list, paddock hook, strict sandbox",
                      &InitMain});

}  // namespace
}  // namespace paddock::cli
