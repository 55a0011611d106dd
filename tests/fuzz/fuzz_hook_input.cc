// Fuzzes `paddock hook` input handling: arbitrary bytes as the PreToolUse
// event. Every answer must be a well-formed verdict; nothing may crash. The
// same bytes as a line the jail left in its log (audit/jail_report.h): no
// crash; and every audit record the hook writes is one the run takes back
// from the jail (the two key lists agree).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "audit/jail_report.h"
#include "hook/hook.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  paddock::hook::HookConfig config;
  config.settings.managed_dir = "/nonexistent/paddock-fuzz";
  config.settings.config_dir = "/nonexistent/paddock-fuzz";
  config.settings.home = "/home/u";
  auto answer = paddock::hook::HandleEvent(std::string_view(reinterpret_cast<const char*>(data), size), config);
  if (answer.exit_code != 0 && answer.exit_code != 2) std::abort();
  if (answer.exit_code == 2 && answer.err.empty()) std::abort();
  std::string_view input(reinterpret_cast<const char*>(data), size);
  (void)paddock::audit::JailReport(input);
  if (!answer.audit.is_null()) {
    std::string line = answer.audit.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (line.size() <= paddock::audit::kMaxJailReportLine && !paddock::audit::JailReport(line)) std::abort();
  }
  return 0;
}
