#include "jail/landlock.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

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

// Closes the ruleset either way.
int RestrictSelf(int ruleset) {
  long rc = syscall(SYS_landlock_restrict_self, ruleset, 0u);
  int e = errno;
  close(ruleset);
  return rc == 0 ? 0 : e;
}

}  // namespace

int LandlockAbi() {
  long abi = syscall(SYS_landlock_create_ruleset, nullptr, 0, kCreateRulesetVersion);
  return abi < 0 ? 0 : static_cast<int>(abi);
}

LandlockProgram PrepareLandlock(const plan::LandlockPlan& plan) {
  LandlockProgram p;
  p.handled_fs = plan.handled_fs;
  p.scoped = plan.scoped;
  for (const auto& rule : plan.rules) {
    if (rule.allowed == 0) continue;
    p.paths.push_back(rule.path);
    p.access.push_back(rule.allowed);
  }
  return p;
}

int ApplyLandlock(const LandlockProgram& program, const char** failed_path) {
  *failed_path = nullptr;
  RulesetAttr attr{program.handled_fs, 0, program.scoped};
  int ruleset = static_cast<int>(syscall(SYS_landlock_create_ruleset, &attr, sizeof attr, 0u));
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
    long rc = beneath.allowed_access == 0 ? 0 : syscall(SYS_landlock_add_rule, ruleset, kRulePathBeneath, &beneath, 0u);
    int e = errno;
    close(fd);
    if (rc != 0) {
      close(ruleset);
      *failed_path = program.paths[i].c_str();
      return e;
    }
  }
  if (program.init_fd >= 0) {
    PathBeneathAttr beneath{program.handled_fs & (ll::kExecute | ll::kReadFile), program.init_fd};
    if (beneath.allowed_access != 0 && syscall(SYS_landlock_add_rule, ruleset, kRulePathBeneath, &beneath, 0u) != 0) {
      int e = errno;
      close(ruleset);
      *failed_path = "paddock-init";
      return e;
    }
  }
  return RestrictSelf(ruleset);
}

int NestBelowPid1(int abi) {
  // Every layer denies moving a file to another directory unless it allows
  // that (REFER) on both sides; from ABI 2 this one does, on the whole tree.
  // Under ABI 1 the command's own layer already denies it.
  bool refer = abi >= 2;
  RulesetAttr attr{ll::kMakeBlock | (refer ? ll::kRefer : 0), 0, 0};
  int ruleset = static_cast<int>(syscall(SYS_landlock_create_ruleset, &attr, sizeof attr, 0u));
  if (ruleset < 0) return errno;
  if (refer) {
    int root = open("/", O_PATH | O_CLOEXEC | O_DIRECTORY);
    PathBeneathAttr beneath{ll::kRefer, root};
    if (root < 0 || syscall(SYS_landlock_add_rule, ruleset, kRulePathBeneath, &beneath, 0u) != 0) {
      int e = errno;
      if (root >= 0) close(root);
      close(ruleset);
      return e;
    }
    close(root);
  }
  return RestrictSelf(ruleset);
}

}  // namespace paddock::jail
