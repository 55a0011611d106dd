#include "cli/settings_files.h"

#include <glob.h>
#include <limits.h>
#include <stdlib.h>
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

std::string HostRealpath(const std::string& path) {
  // realpath(3) of the longest prefix that exists, and the rest as written:
  // std::filesystem::weakly_canonical, in a third of the system calls.
  if (path.empty() || path[0] != '/') {
    std::error_code ec;
    auto real = fs::weakly_canonical(path, ec);
    return ec ? std::string() : real.string();
  }
  std::string prefix = path;
  while (true) {
    char buf[PATH_MAX];
    if (::realpath(prefix.c_str(), buf)) {
      std::string real = buf;
      if (prefix.size() < path.size())
        real += (real == "/" ? path.substr(prefix.size() + 1) : path.substr(prefix.size()));
      return real;
    }
    if (errno != ENOENT && errno != ENOTDIR) return "";
    size_t slash = prefix.rfind('/');
    if (slash == 0 || slash == std::string::npos) return path;  // nothing but "/" exists: the path as written
    prefix.resize(slash);
  }
}

}  // namespace paddock::cli

namespace paddock::cli {
namespace {

// A missing directory holds no matches; any other unreadable one may.
int StopAtUnreadable(const char*, int err) { return err != ENOENT && err != ENOTDIR; }

}  // namespace

std::optional<std::vector<std::string>> HostGlob(const std::string& pattern, size_t limit) {
  glob_t g{};
  int rc = ::glob(pattern.c_str(), GLOB_NOSORT | GLOB_PERIOD, StopAtUnreadable, &g);
  std::optional<std::vector<std::string>> out;
  if (rc == 0 && g.gl_pathc <= limit) out.emplace(g.gl_pathv, g.gl_pathv + g.gl_pathc);
  else if (rc == GLOB_NOMATCH) out.emplace();
  globfree(&g);
  return out;
}

}  // namespace paddock::cli
