#include "jail/binaries.h"

#include <sys/stat.h>

#include <string_view>

namespace paddock::jail {
namespace {

std::string DirOf(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash);
}

}  // namespace

std::string HookBinaryBeside(const std::string& paddock_exe) {
  if (paddock_exe.empty() || paddock_exe[0] != '/') return "";
  std::string hook = DirOf(paddock_exe) + "/" + kHookBinaryName;
  struct stat st;
  if (stat(hook.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || (st.st_mode & 0111) == 0) return "";
  return hook;
}

std::string PaddockBinaryFor(const std::string& self) {
  auto slash = self.rfind('/');
  if (slash == std::string::npos || std::string_view(self).substr(slash + 1) != kHookBinaryName) return self;
  return self.substr(0, slash + 1) + "paddock";
}

}  // namespace paddock::jail
