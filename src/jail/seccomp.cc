#include "jail/seccomp.h"

#include <errno.h>
#include <seccomp.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <memory>

#include "jail/unique_fd.h"

namespace paddock::jail {
namespace {

uint32_t ToLibseccompAction(plan::SeccompAction action, int errno_value) {
  switch (action) {
    case plan::SeccompAction::kAllow: return SCMP_ACT_ALLOW;
    case plan::SeccompAction::kErrno: return SCMP_ACT_ERRNO(static_cast<uint16_t>(errno_value));
    case plan::SeccompAction::kKillProcess: return SCMP_ACT_KILL_PROCESS;
    case plan::SeccompAction::kKillThread: return SCMP_ACT_KILL_THREAD;
    case plan::SeccompAction::kTrap: return SCMP_ACT_TRAP;
    case plan::SeccompAction::kTrace: return SCMP_ACT_TRACE(static_cast<uint16_t>(errno_value));
    case plan::SeccompAction::kLog: return SCMP_ACT_LOG;
  }
  return SCMP_ACT_KILL_PROCESS;
}

// Allow and log let the call through; every other action stops it.
bool LetsThrough(plan::SeccompAction action) {
  return action == plan::SeccompAction::kAllow || action == plan::SeccompAction::kLog;
}

scmp_compare ToLibseccompOp(plan::SeccompOp op) {
  switch (op) {
    case plan::SeccompOp::kEq: return SCMP_CMP_EQ;
    case plan::SeccompOp::kNe: return SCMP_CMP_NE;
    case plan::SeccompOp::kLt: return SCMP_CMP_LT;
    case plan::SeccompOp::kLe: return SCMP_CMP_LE;
    case plan::SeccompOp::kGt: return SCMP_CMP_GT;
    case plan::SeccompOp::kGe: return SCMP_CMP_GE;
    case plan::SeccompOp::kMaskedEq: return SCMP_CMP_MASKED_EQ;
  }
  return SCMP_CMP_EQ;
}

struct CtxDeleter {
  void operator()(void* ctx) const { seccomp_release(ctx); }
};

using FilterCtx = std::unique_ptr<void, CtxDeleter>;

// The filter's architectures: the native one and those the profile names.
Result<std::vector<uint32_t>> AddArchitectures(const FilterCtx& ctx, const plan::SeccompProfile& profile) {
  std::vector<uint32_t> arches = {seccomp_arch_native()};
  for (const auto& arch_name : profile.architectures) {
    uint32_t arch = seccomp_arch_resolve_name(arch_name.c_str());
    if (arch == 0) return OpError("add architecture", arch_name, "unknown to libseccomp");
    int rc = seccomp_arch_add(ctx.get(), arch);
    if (rc < 0 && rc != -EEXIST) return SysError("add architecture", arch_name, -rc);
    if (rc != -EEXIST) arches.push_back(arch);
  }
  return arches;
}

Status ApplyFlags(const plan::SeccompProfile& profile, SeccompProgram& program) {
  for (const auto& flag : profile.flags) {
    if (flag == "SECCOMP_FILTER_FLAG_LOG") {
      program.flags |= 2;
    } else if (flag == "SECCOMP_FILTER_FLAG_SPEC_ALLOW") {
      program.flags |= 4;
    } else if (flag != "SECCOMP_FILTER_FLAG_TSYNC") {  // the child is single-threaded
      return OpError("apply seccomp flag", flag, "not supported");
    }
  }
  return Ok();
}

Status AddRule(const FilterCtx& ctx, const plan::SeccompProfile& profile, const plan::SeccompRule& rule,
               const std::vector<uint32_t>& arches, SeccompProgram& program) {
  const uint32_t action = ToLibseccompAction(rule.action, rule.errno_value);
  // A rule that repeats the default action changes nothing (and libseccomp
  // refuses it); Docker-style profiles have such rules.
  if (action == ToLibseccompAction(profile.default_action, profile.default_errno)) return Ok();
  std::vector<scmp_arg_cmp> cmps;
  for (const auto& a : rule.args) cmps.push_back(scmp_arg_cmp{a.index, ToLibseccompOp(a.op), a.value, a.value_two});
  for (const auto& name : rule.syscalls) {
    int nr = seccomp_syscall_resolve_name(name.c_str());
    if (nr == __NR_SCMP_ERROR) {
      // A name this libseccomp does not know has no number we could match.
      // Skipping is safe only when the rule would let the call through and
      // the default does not: then the call just stays at the default.
      if (LetsThrough(rule.action) && !LetsThrough(profile.default_action)) {
        program.skipped.push_back(name);
        continue;
      }
      return OpError("add seccomp rule for", name,
                     "unknown system call (to this libseccomp); refusing a weaker filter");
    }
    // Calls that exist on none of the filter's architectures (i386-only
    // calls in an x86_64 filter) can never be made: nothing to filter.
    bool exists = false;
    for (uint32_t arch : arches) exists = exists || seccomp_syscall_resolve_name_arch(arch, name.c_str()) >= 0;
    if (!exists) {
      program.skipped.push_back(name);
      continue;
    }
    int rc = seccomp_rule_add_array(ctx.get(), action, nr, cmps.size(), cmps.empty() ? nullptr : cmps.data());
    if (rc < 0) return SysError("add seccomp rule for", name, -rc);
  }
  return Ok();
}

// Export through a memfd: libseccomp 2.5 can only write BPF to an fd.
Status ExportBpf(const FilterCtx& ctx, SeccompProgram& program) {
  UniqueFd mem(static_cast<int>(syscall(SYS_memfd_create, "paddock-seccomp", MFD_CLOEXEC)));
  if (!mem.valid()) return SysError("create", "memfd for seccomp export", errno);
  if (int rc = seccomp_export_bpf(ctx.get(), mem.get()); rc < 0) return SysError("export", "seccomp filter", -rc);
  off_t size = lseek(mem.get(), 0, SEEK_END);
  if (size <= 0 || size % sizeof(sock_filter) != 0) return OpError("export", "seccomp filter", "unexpected BPF size");
  program.instructions.resize(static_cast<size_t>(size) / sizeof(sock_filter));
  if (pread(mem.get(), program.instructions.data(), static_cast<size_t>(size), 0) != size)
    return SysError("read back", "seccomp filter", errno);
  return Ok();
}

}  // namespace

Result<SeccompProgram> CompileSeccomp(const plan::SeccompProfile& profile) {
  SeccompProgram program;
  if (profile.mandatory_guard) {
    // The same architectures: a custom profile that admits i386 calls must
    // have them guarded too.
    auto compiled = CompileSeccomp(plan::MandatoryGuardProfile(profile.architectures));
    if (!compiled) return compiled.error();
    program.guard = std::move(compiled->instructions);
  }
  FilterCtx ctx(seccomp_init(ToLibseccompAction(profile.default_action, profile.default_errno)));
  if (!ctx) return OpError("initialise", "seccomp filter", "seccomp_init failed");
  // Calls from an architecture not in the filter are killed, so i386/x32
  // numbers cannot slip past rules written for the native table (libseccomp
  // also sends x32-bit numbers on an x86_64-only filter to this action).
  if (int rc = seccomp_attr_set(ctx.get(), SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS); rc < 0)
    return SysError("set bad-arch action of", "seccomp filter", -rc);
  // A binary search over syscall numbers instead of a linear chain: every
  // allowed call otherwise walks past every rule (the overhead budget is 3%).
  seccomp_attr_set(ctx.get(), SCMP_FLTATR_CTL_OPTIMIZE, 2);
  auto arches = AddArchitectures(ctx, profile);
  if (!arches) return arches.error();
  if (auto st = ApplyFlags(profile, program); !st) return st.error();
  for (const auto& rule : profile.rules)
    if (auto st = AddRule(ctx, profile, rule, *arches, program); !st) return st.error();
  if (auto st = ExportBpf(ctx, program); !st) return st.error();
  return program;
}

int InstallSeccomp(const SeccompProgram& program) {
  if (!program.guard.empty()) {
    sock_fprog guard{};
    guard.len = static_cast<unsigned short>(program.guard.size());
    guard.filter = const_cast<sock_filter*>(program.guard.data());
    if (syscall(SYS_seccomp, 1 /* SECCOMP_SET_MODE_FILTER */, 0, &guard) != 0) return errno;
  }
  sock_fprog prog{};
  prog.len = static_cast<unsigned short>(program.instructions.size());
  prog.filter = const_cast<sock_filter*>(program.instructions.data());
  // TSYNC is unnecessary: the child is single-threaded.
  if (syscall(SYS_seccomp, 1 /* SECCOMP_SET_MODE_FILTER */, program.flags, &prog) != 0) return errno;
  return 0;
}

std::string SeccompLibraryVersion() {
  const scmp_version* v = seccomp_version();
  return std::to_string(v->major) + "." + std::to_string(v->minor) + "." + std::to_string(v->micro);
}

}  // namespace paddock::jail
