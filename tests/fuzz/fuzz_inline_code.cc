// Fuzzes the reading of interpreter inline code: which text a program can
// never run (rules/inert_text.h) and the spawn scan over it. The first byte
// picks the language. No crash, no hang, no sanitizer report on any input.
#include <cstddef>
#include <cstdint>
#include <string>

#include "rules/inert_text.h"
#include "rules/spawn_scan.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const char* const kLanguages[] = {"python", "awk", "perl", "ruby", "node", "php", "lua", "r"};
  if (size == 0) return 0;
  std::string lang = kLanguages[data[0] % (sizeof kLanguages / sizeof *kLanguages)];
  std::string code(reinterpret_cast<const char*>(data) + 1, size - 1);
  paddock::rules::InertText inert(code, lang);
  for (size_t i = 0; i <= code.size(); ++i) (void)inert.Contains(i);
  (void)paddock::rules::ScanSpawns(code, lang);
  return 0;
}
