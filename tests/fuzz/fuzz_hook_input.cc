// Fuzzes `paddock hook` input handling: arbitrary bytes as the PreToolUse
// event. Every answer must be a well-formed verdict; nothing may crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "hook/hook.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  paddock::hook::HookConfig config;
  config.settings.managed_dir = "/nonexistent/paddock-fuzz";
  config.settings.config_dir = "/nonexistent/paddock-fuzz";
  config.settings.home = "/home/u";
  auto answer = paddock::hook::HandleEvent(std::string_view(reinterpret_cast<const char*>(data), size), config);
  if (answer.exit_code != 0 && answer.exit_code != 2) std::abort();
  if (answer.exit_code == 2 && answer.err.empty()) std::abort();
  return 0;
}
