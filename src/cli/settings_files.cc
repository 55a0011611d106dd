#include "cli/settings_files.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace paddock::cli {
namespace fs = std::filesystem;
namespace {

// Absent and unreadable files are both "not there" to the settings loader
// (only a --settings file is an error then); the reason is for its message.
void ReadInto(const std::string& path, rules::SettingsFacts& facts) {
  errno = 0;
  std::ifstream in(path);
  if (!in) {
    facts.unreadable[path] = errno ? std::strerror(errno) : "cannot open the file";
    return;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  facts.texts[path] = ss.str();
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

std::string HostRealpath(const std::string& path) {
  std::error_code ec;
  auto real = fs::weakly_canonical(path, ec);
  return ec ? std::string() : real.string();
}

}  // namespace paddock::cli
