// `paddock init [--profile minimal|standard|paranoid] [--dry-run] [--dir DIR]`:
// writes or merges DIR/.claude/settings.json (DIR defaults to the current
// directory). The hook is registered with the absolute path of this binary
// (from /proc/self/exe) so it works whatever PATH Claude Code runs with.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "cli/command.h"
#include "rules/init_settings.h"
#include "rules/json_text.h"

namespace paddock::cli {
namespace {

namespace fs = std::filesystem;

std::string SelfPath() {
  std::error_code ec;
  fs::path p = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("paddock") : p.string();
}

// Shell-form command: quote the path if it has anything but safe characters.
std::string HookCommand() {
  std::string path = SelfPath();
  bool safe = path.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+") ==
              std::string::npos;
  if (safe) return path + " hook";
  std::string q = "'";
  for (char c : path) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "' hook";
}

int InitMain(int argc, char** argv) {
  std::string profile_name = "standard", dir = ".";
  bool dry_run = false;
  CLI::App app{"Write or merge DIR/.claude/settings.json: deny list, paddock hook, strict sandbox.", "paddock init"};
  app.add_option("--profile", profile_name, "minimal, standard or paranoid (default standard)");
  app.add_flag("--dry-run", dry_run, "Print the merged settings instead of writing them");
  app.add_option("--dir", dir, "The project directory (default: the current directory)");
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
  auto merged = rules::MergeInitSettings(existing, *profile, HookCommand());
  if (!merged) {
    PrintError(merged.error().message + " in " + file.string());
    return kExitPaddockError;
  }
  for (const auto& k : merged->kept) std::fprintf(stderr, "paddock: keeping your %s\n", k.c_str());
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
  return 0;
}

CommandRegistrar reg({"init", "write or merge .claude/settings.json: deny list, paddock hook, strict sandbox",
                      &InitMain});

}  // namespace
}  // namespace paddock::cli
