#include "jail/binaries.h"

#include <sys/stat.h>

#include <cstdlib>
#include <string_view>

namespace paddock::jail {

namespace {

std::string Beside(const std::string& paddock_exe, const char* name) {
  if (paddock_exe.empty() || paddock_exe[0] != '/') return "";
  return paddock_exe.substr(0, paddock_exe.rfind('/') + 1) + name;
}

std::string ExecutableOrEmpty(std::string path) {
  struct stat st;
  if (path.empty() || stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || (st.st_mode & 0111) == 0) return "";
  return path;
}

}  // namespace

std::string OwnExecutable() {
  char* self = realpath("/proc/self/exe", nullptr);
  if (!self) return "";
  std::string path = self;
  free(self);
  return path;
}

std::string HookBinaryPathFor(const std::string& paddock_exe) { return Beside(paddock_exe, kHookBinaryName); }

std::string HookBinaryBeside(const std::string& paddock_exe) {
  return ExecutableOrEmpty(HookBinaryPathFor(paddock_exe));
}

std::string InitBinaryBeside(const std::string& paddock_exe) {
  return ExecutableOrEmpty(Beside(paddock_exe, kInitBinaryName));
}

std::string PaddockBinaryFor(const std::string& self) {
  auto slash = self.rfind('/');
  if (slash == std::string::npos || std::string_view(self).substr(slash + 1) != kHookBinaryName) return self;
  return self.substr(0, slash + 1) + "paddock";
}

}  // namespace paddock::jail
