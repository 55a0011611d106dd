#include "cli/settings_files.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "jail/read_file.h"

namespace paddock::cli {
namespace fs = std::filesystem;
namespace {

// A settings file that is not there (or is a directory: paddock's own
// placeholder for a protected name inside a jail) is absent, as Claude Code
// treats it. One that is there but cannot be read might hold deny rules: it
// is "unopenable", and the loader fails closed on it.
void ReadInto(const std::string& path, rules::SettingsFacts& facts) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 && (errno == ENOENT || errno == ENOTDIR)) {
    facts.unreadable[path] = std::strerror(errno);
    return;
  }
  if (S_ISDIR(st.st_mode)) {
    facts.unreadable[path] = "a directory, not a settings file";
    return;
  }
  constexpr size_t kMaxSettings = 16u << 20;
  auto text = jail::ReadSmallFile(path, kMaxSettings, {.regular_only = true});
  if (!text) {
    facts.unopenable[path] = text.error().reason.empty() ? text.error().message : text.error().reason;
    return;
  }
  facts.texts[path] = std::move(*text);
}

std::vector<std::string> ListDir(const std::string& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) names.push_back(e.path().filename().string());
  return names;
}

// The repository root of `start` resolved through worktrees to the main
// checkout ("" when not in a repository): the nearest ancestor with a .git.
std::string GitMainRoot(const std::string& start) {
  std::error_code ec;
  fs::path dir = fs::absolute(start, ec);
  for (int i = 0; i < 256 && !dir.empty(); ++i) {
    fs::path git = dir / ".git";
    if (fs::is_directory(git, ec)) return dir.string();
    if (fs::is_regular_file(git, ec)) {
      std::ifstream in(git);
      std::string line;
      std::getline(in, line);
      return rules::MainCheckoutOf(dir.string(), line);
    }
    if (dir == dir.root_path()) break;
    dir = dir.parent_path();
  }
  return "";
}

}  // namespace

rules::LoadedSettings ReadSettings(const rules::SettingsLocations& where) {
  rules::SettingsFacts facts;
  // Each round answers what the last one asked; the loader's chains are
  // short (a drop-in directory, then its files; a git root, then its local
  // settings), so a loader that keeps asking is a bug to fail closed on.
  for (int round = 0; round < 16; ++round) {
    rules::SettingsQuestions ask;
    rules::LoadedSettings loaded = rules::LoadSettings(where, facts, &ask);
    if (ask.empty()) return loaded;
    for (const auto& p : ask.read) ReadInto(p, facts);
    for (const auto& d : ask.list) facts.listings[d] = ListDir(d);
    for (const auto& d : ask.git_root) facts.git_roots[d] = GitMainRoot(d);
    for (const auto& p : ask.canonical) {
      std::error_code ec;
      fs::path real = fs::weakly_canonical(p, ec);
      facts.canonical[p] = ec ? p : real.string();
    }
  }
  rules::LoadedSettings failed;
  failed.errors.push_back("settings: the loader kept asking for more files");
  return failed;
}

}  // namespace paddock::cli
