#include "jail/landlock.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "plan/landlock_rules.h"

// The C library and kernel headers here may predate Landlock (or its later
// ABIs): the system call numbers (the same on every architecture) and the
// structures are defined from the kernel's uapi.
#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset 444
#endif
#ifndef SYS_landlock_add_rule
#define SYS_landlock_add_rule 445
#endif
#ifndef SYS_landlock_restrict_self
#define SYS_landlock_restrict_self 446
#endif

namespace paddock::jail {
namespace {

namespace ll = plan::landlock;

constexpr unsigned kCreateRulesetVersion = 1u << 0;
constexpr int kRulePathBeneath = 1;

// struct landlock_ruleset_attr, ABI 6 size; older kernels accept the larger
// struct as long as the fields they do not know are zero.
struct RulesetAttr {
  uint64_t handled_access_fs;
  uint64_t handled_access_net;
  uint64_t scoped;
};

struct __attribute__((packed)) PathBeneathAttr {
  uint64_t allowed_access;
  int32_t parent_fd;
};

}  // namespace

int LandlockAbi() {
  long abi = syscall(SYS_landlock_create_ruleset, nullptr, 0, kCreateRulesetVersion);
  return abi < 0 ? 0 : static_cast<int>(abi);
}

LandlockProgram PrepareLandlock(const plan::LandlockPlan& plan, int kernel_abi) {
  LandlockProgram p;
  p.abi = std::min(kernel_abi, ll::kKnownAbi);
  p.handled_fs = ll::HandledFs(p.abi);
  uint64_t scopes = 0;
  if (plan.scope_abstract_unix) scopes |= ll::kScopeAbstractUnix;
  if (plan.scope_signals) scopes |= ll::kScopeSignal;
  p.scoped = scopes & ll::HandledScopes(p.abi);
  for (const auto& rule : plan.rules) {
    uint64_t access = ll::RightsOf(rule) & p.handled_fs;
    if (access == 0) continue;
    p.paths.push_back(rule.path);
    p.access.push_back(access);
  }
  return p;
}

int ApplyLandlock(const LandlockProgram& program, const char** failed_path) {
  *failed_path = nullptr;
  RulesetAttr attr{program.handled_fs, 0, program.scoped};
  int ruleset = static_cast<int>(
      syscall(SYS_landlock_create_ruleset, &attr, sizeof attr, 0u));
  if (ruleset < 0) return errno;
  for (size_t i = 0; i < program.paths.size(); ++i) {
    int fd = open(program.paths[i].c_str(), O_PATH | O_CLOEXEC);
    if (fd < 0) {
      if (errno == ENOENT) continue;  // an optional mount that was skipped
      int e = errno;
      close(ruleset);
      *failed_path = program.paths[i].c_str();
      return e;
    }
    struct stat st;
    PathBeneathAttr beneath{program.access[i], fd};
    // Rules on files take file rights only (EINVAL otherwise).
    if (fstat(fd, &st) == 0 && !S_ISDIR(st.st_mode)) beneath.allowed_access &= ll::kFileRights;
    long rc = beneath.allowed_access == 0
                  ? 0
                  : syscall(SYS_landlock_add_rule, ruleset, kRulePathBeneath, &beneath, 0u);
    int e = errno;
    close(fd);
    if (rc != 0) {
      close(ruleset);
      *failed_path = program.paths[i].c_str();
      return e;
    }
  }
  long rc = syscall(SYS_landlock_restrict_self, ruleset, 0u);
  int e = errno;
  close(ruleset);
  return rc == 0 ? 0 : e;
}

std::string DescribeLandlock(const LandlockProgram& program) {
  char buf[160];
  std::string scopes;
  if (program.scoped & ll::kScopeAbstractUnix) scopes += "abstract-unix";
  if (program.scoped & ll::kScopeSignal) scopes += scopes.empty() ? "signal" : ",signal";
  snprintf(buf, sizeof buf, "ABI %d: fs rights 0x%llx, scopes %s, %zu rules", program.abi,
           static_cast<unsigned long long>(program.handled_fs),
           scopes.empty() ? "none" : scopes.c_str(), program.paths.size());
  return buf;
}

}  // namespace paddock::jail
