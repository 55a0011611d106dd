// Fuzzes the Docker/OCI seccomp profile loader (`--seccomp-profile FILE`,
// `paddock seccomp check`): arbitrary bytes as the profile. Loading either
// fails with an error naming its place, or gives a profile whose export loads
// again to the same profile (export is a fixed point after one round).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "plan/seccomp_oci.h"

namespace {

void Check(bool ok, const char* what, const std::string& detail) {
  if (ok) return;
  std::fprintf(stderr, "invariant broken: %s\n%s\n", what, detail.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace paddock::plan;
  std::string text(reinterpret_cast<const char*>(data), size);
  // Docker's conditional entries depend on the kernel: an unknown one, an old
  // one and a new one.
  for (const char* release : {"", "4.14.0", "6.8.0-45-generic"}) {
    OciSeccompContext ctx;
    SetKernelRelease(ctx, release);
    auto loaded = LoadOciSeccomp(text, "fuzz.json", ctx);
    if (!loaded.ok()) {
      Check(!loaded.error().message.empty(), "a refused profile names why", text);
      continue;
    }
    std::string exported = ExportOciSeccomp(*loaded);
    auto again = LoadOciSeccomp(exported, "exported.json", ctx);
    Check(again.ok(), "an exported profile loads", exported + (again.ok() ? "" : again.error().message));
    Check(ExportOciSeccomp(*again) == exported, "export, load, export gives the same document", exported);
  }
  return 0;
}
