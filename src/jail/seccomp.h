// Seccomp: the profile is compiled to BPF in the parent, before clone
// (libseccomp allocates); the child only installs the ready program, last,
// after no_new_privs.
#pragma once

#include <linux/filter.h>

#include <string>
#include <vector>

#include "base/error.h"
#include "plan/seccomp_table.h"

namespace paddock::jail {

struct SeccompProgram {
  std::vector<sock_filter> instructions;
  unsigned flags = 0;  // SECCOMP_FILTER_FLAG_* for seccomp(2)
  // Installed before `instructions` when the profile asks for the mandatory
  // guard: the kernel runs every stacked filter and the strictest action wins.
  std::vector<sock_filter> guard;
  // Names the filter does not mention because no architecture of the filter
  // has them (e.g. i386-only calls in an x86_64-only profile), or allow
  // rules for names this libseccomp does not know (nothing to allow).
  std::vector<std::string> skipped;
};

Result<SeccompProgram> CompileSeccomp(const plan::SeccompProfile& profile);

// Async-signal-safe. Returns 0 or an errno value.
int InstallSeccomp(const SeccompProgram& program);

// The libseccomp version paddock carries (`paddock --version`).
std::string SeccompLibraryVersion();

}  // namespace paddock::jail
