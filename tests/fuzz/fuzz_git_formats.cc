// Fuzzes git's file formats as paddock reads them from projects the jail
// wrote: the config parser with its command analysis, the index parser,
// the review's todo-list reader, the refs readers (packed-refs, loose refs,
// HEAD) and --protect-branch patterns (the input split in two: pattern,
// name). No crash, no hang, no sanitizer report.
#include <cstddef>
#include <cstdint>
#include <string>

#include "git/config.h"
#include "git/config_commands.h"
#include "git/index.h"
#include "git/refs.h"
#include "review/review.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  for (const auto& e : paddock::git::ParseConfig(text).entries) {
    (void)paddock::git::UseOf(e);
    (void)paddock::git::PathWords(e.value);
  }
  (void)paddock::git::ParseIndex(text, 20);
  (void)paddock::git::ParseIndex(text, 32);
  (void)paddock::git::GitfileTarget(text);
  (void)paddock::review::TodoExecLines(text);
  (void)paddock::git::ParsePackedRefs(text);
  (void)paddock::git::LooseRefValue(text);
  (void)paddock::git::HeadBranch(text);
  std::string_view view(text);
  (void)paddock::git::BranchPatternMatches(view.substr(0, size / 2), view.substr(size / 2));
  return 0;
}
