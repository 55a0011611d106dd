#include "cli/self_path.h"

#include <filesystem>
#include <system_error>

#include "hook/jail_command.h"
#include "jail/binaries.h"

namespace paddock::cli {
namespace {

constexpr const char* kJailFlag = " --jail-commands";

}  // namespace

std::string SelfPath() {
  std::error_code ec;
  std::filesystem::path p = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : p.string();
}

std::string PaddockPath() { return jail::PaddockBinaryFor(SelfPath()); }

std::string HookCommandLine(bool jail_commands) {
  std::string paddock = PaddockPath();
  if (paddock.empty()) return "";
  std::string hook = jail::HookBinaryBeside(paddock);
  std::string line = hook.empty() ? hook::ShellWord(paddock) + " hook" : hook::ShellWord(hook);
  return jail_commands ? line + kJailFlag : line;
}

std::vector<std::string> OtherHookCommandLines(bool jail_commands) {
  std::string paddock = PaddockPath();
  if (paddock.empty()) return {};
  std::string chosen = HookCommandLine(jail_commands);
  std::vector<std::string> plain{hook::ShellWord(paddock) + " hook"};
  if (std::string hook = jail::HookBinaryPathFor(paddock); !hook.empty()) plain.push_back(hook::ShellWord(hook));
  std::vector<std::string> out;
  for (const auto& p : plain) {
    for (const auto& form : {p, p + kJailFlag}) {
      bool jailing = form.size() > p.size();
      // A jailing registration is never turned plain: it would stop jailing.
      if (form == chosen || (jailing && !jail_commands)) continue;
      out.push_back(form);
    }
  }
  return out;
}

}  // namespace paddock::cli
