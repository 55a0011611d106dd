#include "cli/settings_inputs.h"

#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <vector>

namespace paddock::cli {
namespace {

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

// The home directory of the real uid in the passwd database ("" if none).
std::string PasswdHome() {
  long size = ::sysconf(_SC_GETPW_R_SIZE_MAX);
  std::vector<char> buf(size > 0 ? static_cast<size_t>(size) : 16384);
  passwd pw{};
  passwd* found = nullptr;
  while (::getpwuid_r(::getuid(), &pw, buf.data(), buf.size(), &found) == ERANGE && buf.size() < (1u << 20))
    buf.resize(buf.size() * 2);
  return found && found->pw_dir ? found->pw_dir : "";
}

}  // namespace

rules::SettingsInputs SettingsInputsFromProcess() {
  rules::SettingsInputs in;
  in.home = PasswdHome();
  in.env_managed_dir = Env("PADDOCK_CLAUDE_MANAGED_DIR");
  in.env_config_dir = Env("CLAUDE_CONFIG_DIR");
  in.env_project_dir = Env("CLAUDE_PROJECT_DIR");
  in.env_home = Env("HOME");
  return in;
}

}  // namespace paddock::cli
