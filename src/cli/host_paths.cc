#include "cli/host_paths.h"

#include <glob.h>
#include <limits.h>
#include <stdlib.h>

#include <cerrno>
#include <filesystem>

namespace paddock::cli {
namespace fs = std::filesystem;

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
