// The seccomp rule table: engine-neutral data. Rendered to BPF through
// libseccomp (src/jail/seccomp.cc) and to OCI/Docker seccomp JSON
// (src/plan/seccomp_oci.cc); the two renderings must mean the same filter.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace paddock::plan {

// OCI names: SCMP_ACT_ALLOW, _ERRNO, _KILL_PROCESS, _KILL_THREAD (also
// "SCMP_ACT_KILL"), _TRAP, _TRACE, _LOG.
enum class SeccompAction { kAllow, kErrno, kKillProcess, kLog, kKillThread, kTrap, kTrace };

enum class SeccompOp { kEq, kNe, kLt, kLe, kGt, kGe, kMaskedEq };

// Compares syscall argument `index` (64 bits): for kMaskedEq,
// (arg & value) == value_two; otherwise arg <op> value.
struct SeccompArg {
  unsigned index = 0;
  SeccompOp op = SeccompOp::kEq;
  uint64_t value = 0;
  uint64_t value_two = 0;
  friend bool operator==(const SeccompArg&, const SeccompArg&) = default;
};

struct SeccompRule {
  std::vector<std::string> syscalls;
  SeccompAction action = SeccompAction::kErrno;
  int errno_value = 1;  // EPERM; for kTrace the message passed to the tracer
  // All must match (AND). At most one comparison per argument index: neither
  // libseccomp nor runc can AND two comparisons of the same argument.
  std::vector<SeccompArg> args;
  std::string why;
  friend bool operator==(const SeccompRule&, const SeccompRule&) = default;
};

struct SeccompProfile {
  SeccompAction default_action = SeccompAction::kAllow;
  int default_errno = 1;
  // libseccomp names: "x86_64", "x86", "x32", "aarch64"... The native
  // architecture is always in the filter; a call made through any
  // architecture not listed (int 0x80 on x86_64, the x32 ABI) kills the process.
  std::vector<std::string> architectures;
  // OCI filter flags: "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW",
  // "SECCOMP_FILTER_FLAG_TSYNC" (a no-op here: the jail's child is single-threaded).
  std::vector<std::string> flags;
  std::vector<SeccompRule> rules;
  // Not part of OCI: also install MandatoryGuardProfile() as a second,
  // stacked filter (the kernel runs both; the strictest action wins). Set for
  // custom profiles, which replace the built-in one: libseccomp drops an
  // argument rule when the same call also has an unconditional one (Docker's
  // profiles allow ioctl and chmod outright), so merging would not do, and
  // the guard's rules must hold whatever the profile says.
  bool mandatory_guard = false;
  friend bool operator==(const SeccompProfile&, const SeccompProfile&) = default;
};

struct SeccompOptions {
  bool allow_debug = false;  // ptrace / process_vm_* for debuggers inside the jail
};

// Every field of `profile` in one string: equal strings for equal profiles
// (operator==), so a filter compiled from one profile is reused only for
// exactly that profile (jail/seccomp_cache.h).
std::string SeccompProfileKey(const SeccompProfile& profile);

// libseccomp's name of the architecture this binary was built for.
const char* NativeSeccompArch();

// Rules every jail carries, whatever profile it runs with:
// - the S_ISUID and S_ISGID mode bits, through every call that passes a mode
//   (chmod, fchmod, fchmodat, fchmodat2, creat, open, openat, mknod,
//   mknodat): EPERM. Started by root, files the jail makes belong to root on
//   the host, and the host's view of the project is not nosuid;
// - openat2 (its mode is in memory seccomp cannot read): ENOSYS;
// - io_uring (its operations, an OPENAT among them, bypass seccomp): ENOSYS;
// - ioctl(TIOCSTI), ioctl(TIOCLINUX) and ioctl(TIOCSETD), masked on the low
//   32 bits.
std::vector<SeccompRule> MandatoryGuardRules();

// MandatoryGuardRules() as a filter of its own, default allow: what is
// stacked under a custom profile.
SeccompProfile MandatoryGuardProfile(const std::vector<std::string>& architectures);

// The built-in profile: default allow, a deny-list of kernel attack surface,
// and every rule of MandatoryGuardRules().
SeccompProfile DefaultSeccompProfile(const SeccompOptions& options);

// Rules that make `syscall` fail unless its argument `index`, truncated to 32
// bits as the kernel does for int arguments, is one of `allowed`. Values with
// any of the upper 32 bits set are refused too. Each rule carries a single
// comparison (a masked compare or one "greater than"), so the set means the
// same in libseccomp, runc and crun, which differ on repeated argument indexes.
std::vector<SeccompRule> DenyUnlessOneOf(const std::vector<std::string>& syscalls, unsigned index,
                                         const std::vector<uint32_t>& allowed, int errno_value, const std::string& why);

// Would `rules` (as a filter with default allow) deny a call whose argument
// values are `args`? Evaluates the table exactly as the BPF would; used by
// tests and by `paddock plan` explanations.
bool RulesMatch(const std::vector<SeccompRule>& rules, const std::string& syscall, const uint64_t args[6]);

}  // namespace paddock::plan
