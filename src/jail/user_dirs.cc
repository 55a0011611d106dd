#include "jail/user_dirs.h"

#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>

extern char** environ;

namespace paddock::jail {

Result<std::string> RealHome() {
  const char* env = getenv("HOME");
  std::string home;
  if (env && env[0] == '/') home = env;
  else if (struct passwd* pw = getpwuid(getuid()); pw && pw->pw_dir) home = pw->pw_dir;
  else return OpError("find", "your home directory", "HOME is unset and there is no passwd entry");
  char buf[PATH_MAX];
  if (!realpath(home.c_str(), buf)) return SysError("resolve home directory", home, errno);
  return std::string(buf);
}

std::map<std::string, std::string> ProcessEnvironment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string entry = *e;
    auto eq = entry.find('=');
    if (eq != std::string::npos) env[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  return env;
}

Result<std::string> CurrentDir() {
  char buf[PATH_MAX];
  if (!getcwd(buf, sizeof buf)) return SysError("get", "the current directory", errno);
  return std::string(buf);
}

std::string StateDir(const std::string& home) {
  const char* xdg = getenv("XDG_STATE_HOME");
  return (xdg && xdg[0] == '/' ? std::string(xdg) : home + "/.local/state") + "/paddock";
}

}  // namespace paddock::jail
