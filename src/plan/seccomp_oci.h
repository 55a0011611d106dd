// Seccomp profiles in the Docker / OCI runtime-spec JSON format: the format
// `docker run --security-opt seccomp=FILE`, podman and the OCI config.json's
// linux.seccomp accept. Loading is strict: an unknown key, action, operator or
// architecture is an error naming its place in the document, never a filter
// silently weaker than what the file says.
#pragma once

#include <string>

#include "base/error.h"
#include "plan/seccomp_table.h"

namespace paddock::plan {

// What Docker's conditional entries (includes/excludes) are evaluated against.
struct OciSeccompContext {
  std::string native_arch = NativeSeccompArch();  // libseccomp name
  // Host kernel "major.minor" for includes.minKernel; 0.0 = unknown, and
  // entries that need a minimum kernel are then left out (they are allow
  // entries for newer calls in Docker's profiles: leaving them out is stricter).
  int kernel_major = 0, kernel_minor = 0;
  // Capabilities the jailed process holds: none, paddock drops them all. So
  // entries with includes.caps are left out, entries with excludes.caps kept.
};

// Parses a "major.minor[.patch...]" kernel release (uname -r) into ctx.
void SetKernelRelease(OciSeccompContext& ctx, const std::string& release);

// `origin` names the document in errors (a file path).
Result<SeccompProfile> LoadOciSeccomp(const std::string& json_text, const std::string& origin,
                                      const OciSeccompContext& ctx = {});

// Renders `profile` as OCI seccomp JSON (2-space indent, trailing newline).
std::string ExportOciSeccomp(const SeccompProfile& profile);

// "SCMP_ARCH_X86_64" <-> "x86_64". Empty when unknown.
std::string OciArchToLibseccomp(const std::string& oci);
std::string LibseccompArchToOci(const std::string& name);

}  // namespace paddock::plan
