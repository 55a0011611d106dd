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
  bool safe = path.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+") == std::string::npos;
  if (safe) return path + " hook";
  std::string q = "'";
  for (char c : path) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "' hook";
}

int InitMain(int argc, char** argv) {
  std::string profile_name = "standard", dir = ".";
  bool dry_run = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--profile" && i + 1 < argc) profile_name = argv[++i];
    else if (a.rfind("--profile=", 0) == 0) profile_name = a.substr(10);
    else if (a == "--dry-run") dry_run = true;
    else if (a == "--dir" && i + 1 < argc) dir = argv[++i];
    else if (a == "-h" || a == "--help") {
      std::printf("usage: paddock init [--profile minimal|standard|paranoid] [--dry-run] [--dir DIR]\n");
      return 0;
    } else {
      PrintError("init: unexpected argument '" + a + "'");
      return 2;
    }
  }
  auto profile = rules::FindInitProfile(profile_name);
  if (!profile) { PrintError(profile.error().message); return 2; }
  fs::path file = fs::path(dir) / ".claude" / "settings.json";
  nlohmann::json existing = nlohmann::json::object();
  std::error_code ec;
  if (fs::exists(file, ec)) {
    std::ifstream in(file);
    std::stringstream ss;
    ss << in.rdbuf();
    try {
      existing = nlohmann::json::parse(ss.str());
    } catch (const std::exception& e) {
      PrintError("cannot merge into " + file.string() + ": " + e.what() + " (fix or move it; nothing was written)");
      return kExitPaddockError;
    }
  }
  auto merged = rules::MergeInitSettings(existing, *profile, HookCommand());
  if (!merged) { PrintError(merged.error().message + " in " + file.string()); return kExitPaddockError; }
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
    if (!out.flush()) { PrintError("cannot write " + tmp.string()); return kExitPaddockError; }
  }
  fs::rename(tmp, file, ec);
  if (ec) { PrintError("cannot rename " + tmp.string() + " to " + file.string() + ": " + ec.message()); return kExitPaddockError; }
  std::printf("wrote %s (profile %s)\n", file.string().c_str(), profile_name.c_str());
  return 0;
}

CommandRegistrar reg({"init", "write or merge .claude/settings.json: deny list, paddock hook, strict sandbox", &InitMain});

}  // namespace
}  // namespace paddock::cli
