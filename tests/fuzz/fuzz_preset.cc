// Fuzzes preset (TOML) reading: no crash; what parses yields options that
// come in flag/value order (every word that is not a value starts with "--")
// and credentials whose value holds {key}.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "config/preset.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto preset = paddock::config::ParsePreset(text, "fuzz", "fuzz.toml");
  if (!preset.ok()) {
    if (preset.error().message.rfind("fuzz.toml:", 0) != 0) std::abort();
    return 0;
  }
  if (preset->command.empty()) std::abort();
  if (!preset->run_args.empty() && preset->run_args[0].rfind("--", 0) != 0) std::abort();
  for (const auto& c : preset->credentials)
    if (c.value.find("{key}") == std::string::npos) std::abort();
  return 0;
}
