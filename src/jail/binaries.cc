#include "jail/binaries.h"

#include <sys/stat.h>

#include <string_view>

namespace paddock::jail {

std::string HookBinaryPathFor(const std::string& paddock_exe) {
  if (paddock_exe.empty() || paddock_exe[0] != '/') return "";
  return paddock_exe.substr(0, paddock_exe.rfind('/') + 1) + kHookBinaryName;
}

std::string HookBinaryBeside(const std::string& paddock_exe) {
  std::string hook = HookBinaryPathFor(paddock_exe);
  struct stat st;
  if (hook.empty() || stat(hook.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || (st.st_mode & 0111) == 0) return "";
  return hook;
}

std::string PaddockBinaryFor(const std::string& self) {
  auto slash = self.rfind('/');
  if (slash == std::string::npos || std::string_view(self).substr(slash + 1) != kHookBinaryName) return self;
  return self.substr(0, slash + 1) + "paddock";
}

}  // namespace paddock::jail
