// Fuzzes the TOML documents paddock reads, presets and config files: no
// crash; every problem is positioned in the file; what parses yields options
// that come in flag/value order (every word that is not a value starts with
// "--") and credentials whose value holds {key}.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "config/config_file.h"
#include "config/preset.h"

namespace {

void ConfigFile(std::string_view text) {
  paddock::Problems problems;
  auto file = paddock::config::ParseConfigFile(text, "fuzz.toml", paddock::config::ConfigKind::kProject, problems);
  for (const auto& p : problems)
    if (p.message.rfind("fuzz.toml:", 0) != 0) std::abort();
  for (const auto& option : file.options)
    if (option.words.empty() ? option.key.empty() : option.words[0] != "--" + option.key) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  ConfigFile(text);
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
